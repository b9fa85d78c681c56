/**
 * What one module's files declare: resource blocks and their lifecycles, provider blocks, the
 * backend and module calls. Override files (`override.tf`, `*_override.tf`) are applied after the
 * others, argument by argument, as Terraform merges them.
 */
import type { BackendBlock, Lifecycle, SourceLocation, SourceProviderBlock } from './types.js';
import type { ConfigBody } from './parse.js';
import { bodiesOf, oneLabelBlocks, twoLabelBlocks, type Body } from './blocks.js';
import { isJsonencodeText } from './jsonencode.js';
import { expressionText, ignoreChangesValue, literalBoolean, literalSettings, literalString } from './literal.js';

/** One parsed configuration file of a module. */
export interface ParsedFile {
  /** Path relative to the source root, `/`-separated. */
  file: string;
  body: ConfigBody;
  /** Header line of each block body in `body` (none for JSON syntax). */
  blockLines: ReadonlyMap<object, number>;
}

/** A `module` block: its name and its `source` as written. */
export interface ModuleCall {
  name: string;
  source: string | undefined;
  location: SourceLocation;
}

/** What one module declares, addresses already prefixed with its module path. */
export interface ModuleDeclarations {
  /** Config address → where its resource block is written. */
  resources: Map<string, SourceLocation>;
  lifecycles: Map<string, Lifecycle>;
  providers: SourceProviderBlock[];
  backend: BackendBlock | undefined;
  calls: ModuleCall[];
  /** Config address → policy attribute → its `${jsonencode(…)}` text as written (overrides applied). */
  encodedPolicies: Map<string, Map<string, string>>;
}

/** The attributes of AWS resources that hold a policy document. */
export const POLICY_ATTRIBUTES: readonly string[] = ['policy', 'assume_role_policy'];

/** Terraform's rule for override files: `override.tf(.json)` or a name ending `_override.tf(.json)`. */
export function isOverrideFile(fileName: string): boolean {
  return /(?:^|_)override\.tf(?:\.json)?$/.test(fileName.slice(fileName.lastIndexOf('/') + 1));
}

interface ResourceEntry {
  lifecycle: Body | undefined;
  location: SourceLocation;
  /** The declaring block's header; an override file does not move it. */
  header: SourceLocation;
}

interface ProviderEntry {
  name: string;
  body: Body;
  location: SourceLocation;
}

/** Where a block is written: its file, and its header line when the parser reported one. */
function location(file: ParsedFile, block: object | undefined): SourceLocation {
  const line = block === undefined ? undefined : file.blockLines.get(block);
  return line === undefined ? { file: file.file } : { file: file.file, line };
}

/** Reads the declarations of one module from its files (override files last). */
export function extractModule(files: readonly ParsedFile[], modulePath: string): ModuleDeclarations {
  const ordered = [...files.filter((f) => !isOverrideFile(f.file)), ...files.filter((f) => isOverrideFile(f.file))];
  const resources = new Map<string, ResourceEntry>();
  const providers: ProviderEntry[] = [];
  const calls = new Map<string, ModuleCall>();
  const encodedPolicies = new Map<string, Map<string, string>>();
  let backend: BackendBlock | undefined;
  const prefix = modulePath === '' ? '' : `${modulePath}.`;

  for (const file of ordered) {
    const override = isOverrideFile(file.file);
    for (const { first: type, second: name, body } of twoLabelBlocks(file.body, 'resource')) {
      const address = `${prefix}${type}.${name}`;
      const written = mergedBodies(body.lifecycle);
      const previous = resources.get(address);
      if (!previous || override) recordEncodedPolicies(encodedPolicies, address, body);
      if (previous && (written === undefined || !override)) continue;
      resources.set(address, {
        lifecycle: previous?.lifecycle && written ? { ...previous.lifecycle, ...written } : (written ?? previous?.lifecycle),
        // A lifecycle is placed at its own block, any other resource at its header.
        location: location(file, written ? bodiesOf(body.lifecycle)[0] : body),
        header: previous?.header ?? location(file, body),
      });
    }
    for (const { label: name, body } of oneLabelBlocks(file.body, 'provider')) {
      const entry = { name, body, location: location(file, body) };
      const merged = override ? providers.find((p) => p.name === name && p.body.alias === body.alias) : undefined;
      if (merged) Object.assign(merged, { body: { ...merged.body, ...body }, location: entry.location });
      else providers.push(entry);
    }
    for (const { label: name, body } of oneLabelBlocks(file.body, 'module')) {
      const source = typeof body.source === 'string' ? body.source : calls.get(name)?.source;
      calls.set(name, { name, source, location: location(file, body) });
    }
    // A second backend in an ordinary file is an error Terraform reports; one in an override file replaces.
    const written = backendOf(file);
    if (written && (override || backend === undefined)) backend = written;
  }

  const lifecycles = new Map<string, Lifecycle>();
  for (const [address, entry] of resources) {
    if (entry.lifecycle) lifecycles.set(address, lifecycleOf(entry.lifecycle, entry.location));
  }
  return {
    resources: new Map([...resources].map(([address, entry]) => [address, entry.header])),
    lifecycles,
    providers: providers.map((p) => providerOf(p, modulePath)),
    backend,
    calls: [...calls.values()],
    encodedPolicies,
  };
}

/** The block's policy attributes written as `jsonencode(…)`; an attribute set otherwise (an override) removes an earlier one. */
function recordEncodedPolicies(encoded: Map<string, Map<string, string>>, address: string, body: Body): void {
  for (const attribute of POLICY_ATTRIBUTES) {
    if (!(attribute in body)) continue;
    const value = body[attribute];
    const attributes = encoded.get(address) ?? new Map<string, string>();
    if (isJsonencodeText(value)) attributes.set(attribute, value);
    else attributes.delete(attribute);
    encoded.set(address, attributes);
  }
}

/** Terraform allows one lifecycle block; should there be several, their arguments are merged. */
function mergedBodies(value: unknown): Body | undefined {
  const bodies = bodiesOf(value);
  return bodies.length === 0 ? undefined : Object.assign({}, ...bodies.reverse()) as Body;
}

function lifecycleOf(body: Body, where: SourceLocation): Lifecycle {
  const expressions: Record<string, string> = {};
  const read = <T>(name: string, value: T | undefined): T | undefined => {
    if (value === undefined && body[name] !== undefined) expressions[name] = expressionText(body[name]);
    return value;
  };
  const lifecycle: Lifecycle = {
    preventDestroy: read('prevent_destroy', literalBoolean(body.prevent_destroy)),
    createBeforeDestroy: read('create_before_destroy', literalBoolean(body.create_before_destroy)),
    ignoreChanges: read('ignore_changes', ignoreChangesValue(body.ignore_changes)),
    location: where,
  };
  return Object.keys(expressions).length > 0 ? { ...lifecycle, expressions } : lifecycle;
}

function providerOf(entry: ProviderEntry, modulePath: string): SourceProviderBlock {
  const alias = entry.body.alias;
  return {
    name: entry.name,
    alias: alias === undefined ? undefined : (literalString(alias) ?? expressionText(alias)),
    modulePath,
    settings: literalSettings(entry.body, ['alias']),
    location: entry.location,
  };
}

/** The file's `terraform { backend "type" {} }`, if it has one. */
function backendOf(file: ParsedFile): BackendBlock | undefined {
  for (const terraform of bodiesOf(file.body.terraform)) {
    const [backend] = oneLabelBlocks(terraform, 'backend');
    if (backend) {
      return {
        type: backend.label,
        settings: literalSettings(backend.body),
        location: location(file, backend.body),
      };
    }
  }
  return undefined;
}
