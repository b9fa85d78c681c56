/**
 * Reference resolution: which resource instances an instance's configuration points at.
 *
 * Configuration references are module-relative (`aws_kms_key.k.arn` inside `module.a` means
 * `module.a.aws_kms_key.k`), so each is resolved in the referrer's module instance: `var.x` is
 * followed through the module call's argument `x` in the parent module instance, `module.m.out`
 * into the child module's output expression, recursively. Results are memoised per
 * (module instance, reference text), which keeps thousands of instances of one block cheap.
 *
 * Value references cover plans without configuration: a string attribute whose known value
 * equals another managed instance's known `id` or `arn` is recorded with `via: 'value'`
 * (see value-references.ts).
 */
import type { Expression, ExpressionMap, Reference, ResourceConfig, ResourceInstance } from './types.js';
import type { ConfigurationIndex } from './configuration.js';
import { formatKey, formatModuleAddress, parseModuleAddress, tokenizeAddress, type AddressToken } from './addresses.js';
import { formatAttributePath, type PathSegment } from './values.js';
import { indexValueReferences } from './value-references.js';

/** What reference resolution needs to know about the instances in the plan. */
export interface InstanceLookup {
  /** Instances of a block in a module instance, keyed by `moduleInstance \0 localName` (localName like `data.t.n`). */
  readonly byModuleAndLocalName: ReadonlyMap<string, readonly ResourceInstance[]>;
  /** Child module instances of a call, keyed by `parentModuleInstance \0 callName`. */
  readonly moduleChildren: ReadonlyMap<string, readonly string[]>;
}

/** Both directions of the reference graph, materialised per instance on first use. */
export interface ReferenceIndex {
  from(address: string): readonly Reference[];
  to(address: string): readonly Reference[];
}

/** Variables passed down this many module levels are plenty; the bound stops cyclic input. */
const MAX_DEPTH = 64;
const NOT_RESOURCES = new Set(['local', 'each', 'count', 'path', 'self', 'terraform', 'resource', 'ephemeral']);
const NONE: readonly Reference[] = Object.freeze([]);
const significantCache = new WeakMap<Expression, readonly string[]>();

/** Where an attribute's reference leads: a shared, memoised target list. */
interface Edge {
  readonly from: string;
  readonly attribute: string;
  readonly targets: readonly string[];
}

/**
 * Resolves configuration and value references of every instance, indexed both ways.
 * A block reference without a static index (`aws_s3_bucket.b`, also what `b[each.key]` prints)
 * reaches every instance of the block, so N referrers × N targets edges can exist; they are
 * kept as shared target lists and expanded into Reference objects only for the instances asked about.
 */
export function resolveReferences(
  resources: readonly ResourceInstance[],
  config: ConfigurationIndex,
  lookup: InstanceLookup,
): ReferenceIndex {
  const outgoing = new Map<string, Edge[]>();
  const incomingLists = new Map<readonly string[], Edge[]>();
  const resolver = new ConfigurationResolver(config, lookup);
  // Every instance of a block has the block's expressions: walk them once per block, not per instance.
  const usesOfBlock = new Map<ResourceConfig, readonly ReferenceUse[]>();
  for (const resource of resources) {
    if (!resource.config) continue;
    const modulePath = resource.config.modulePath;
    let uses = usesOfBlock.get(resource.config);
    if (!uses) {
      uses = referenceUses(resource.config);
      usesOfBlock.set(resource.config, uses);
    }
    for (const { attribute, text } of uses) {
      const targets = resolver.resolve(resource.moduleAddress, modulePath, text, 0);
      if (targets.length === 0) continue;
      const edge: Edge = { from: resource.address, attribute, targets };
      push(outgoing, resource.address, edge);
      push(incomingLists, targets, edge);
    }
  }
  // Each distinct target list is visited once, so this is linear in the distinct lists' sizes.
  const incoming = new Map<string, (readonly Edge[])[]>();
  for (const [targets, edges] of incomingLists) {
    for (const target of targets) push(incoming, target, edges);
  }
  const byValue = indexValueReferences(resources);

  const fromCache = new Map<string, readonly Reference[]>();
  const toCache = new Map<string, readonly Reference[]>();
  return {
    from(address) {
      const cached = fromCache.get(address);
      if (cached) return cached;
      const references = collect([
        ...(outgoing.get(address) ?? []).flatMap((edge) => edge.targets.map((to) => configurationReference(edge, to))),
        ...byValue.from(address),
      ]);
      fromCache.set(address, references);
      return references;
    },
    to(address) {
      const cached = toCache.get(address);
      if (cached) return cached;
      const references = collect([
        ...(incoming.get(address) ?? []).flatMap((edges) => edges.map((edge) => configurationReference(edge, address))),
        ...byValue.to(address),
      ]);
      toCache.set(address, references);
      return references;
    },
  };
}

/** One reference text in a block's configuration, with the attribute path it appears at. */
interface ReferenceUse {
  readonly attribute: string;
  readonly text: string;
}

function referenceUses(block: ResourceConfig): ReferenceUse[] {
  const uses: ReferenceUse[] = [];
  forEachExpression(block.expressions, [], (segments, expression) => {
    const attribute = formatAttributePath(segments);
    for (const text of significantReferences(expression)) uses.push({ attribute, text });
  });
  return uses;
}

function configurationReference(edge: Edge, to: string): Reference {
  return { from: edge.from, attribute: edge.attribute, to, via: 'configuration' };
}

/** Drops self references and duplicates (Terraform lists `b.output.bucket`, `b.output` and `b` for one use). */
function collect(references: readonly Reference[]): readonly Reference[] {
  if (references.length === 0) return NONE;
  const seen = new Set<string>();
  const kept: Reference[] = [];
  for (const reference of references) {
    if (reference.from === reference.to) continue;
    const key = `${reference.from}\u0000${reference.attribute}\u0000${reference.to}\u0000${reference.via}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(reference);
  }
  return Object.freeze(kept);
}

/** Follows module-relative reference text to instance addresses, memoised per module instance. */
class ConfigurationResolver {
  private readonly memo = new Map<string, readonly string[]>();

  constructor(
    private readonly config: ConfigurationIndex,
    private readonly lookup: InstanceLookup,
  ) {}

  resolve(moduleInstance: string, modulePath: string, text: string, depth: number): readonly string[] {
    if (depth > MAX_DEPTH) return [];
    const memoKey = `${moduleInstance}\u0000${text}`;
    const cached = this.memo.get(memoKey);
    if (cached) return cached;
    // Mark in progress so a cycle through variables and outputs ends instead of recursing.
    this.memo.set(memoKey, []);
    const result = this.resolveUncached(moduleInstance, modulePath, text, depth);
    this.memo.set(memoKey, result);
    return result;
  }

  private resolveUncached(moduleInstance: string, modulePath: string, text: string, depth: number): readonly string[] {
    let tokens: AddressToken[];
    try {
      tokens = tokenizeAddress(text);
    } catch {
      return []; // An expression shape this reader does not follow (e.g. a computed index).
    }
    const head = nameAt(tokens, 0);
    if (head === undefined || NOT_RESOURCES.has(head)) return [];
    if (head === 'var') return this.followVariable(moduleInstance, modulePath, nameAt(tokens, 1), depth);
    if (head === 'module') return this.followModule(moduleInstance, modulePath, tokens, depth);
    const offset = head === 'data' ? 1 : 0;
    const type = nameAt(tokens, offset);
    const name = nameAt(tokens, offset + 1);
    if (type === undefined || name === undefined) return [];
    const local = offset === 1 ? `data.${type}.${name}` : `${type}.${name}`;
    const instances = this.lookup.byModuleAndLocalName.get(`${moduleInstance}\u0000${local}`) ?? [];
    const key = tokens[offset + 2];
    const narrowed = key?.kind === 'key' ? instances.filter((instance) => instance.index === key.key) : instances;
    return unique(narrowed.map((instance) => instance.address));
  }

  /** `var.x` inside a module: what the caller passed as `x`, resolved in the caller's module instance. */
  private followVariable(moduleInstance: string, modulePath: string, variable: string | undefined, depth: number): readonly string[] {
    if (variable === undefined || modulePath === '') return [];
    const steps = parseModuleAddress(moduleInstance);
    const call = steps[steps.length - 1];
    if (!call) return [];
    const parentInstance = formatModuleAddress(steps.slice(0, -1));
    const parentPath = formatModuleAddress(steps.slice(0, -1), false);
    const argument = this.config.modules.get(parentPath)?.calls.get(call.name)?.expressions[variable];
    const targets: string[] = [];
    forEachExpression(argument === undefined ? {} : { [variable]: argument }, [], (_segments, expression) => {
      for (const text of significantReferences(expression)) targets.push(...this.resolve(parentInstance, parentPath, text, depth + 1));
    });
    return unique(targets);
  }

  /** `module.m.out` / `module.m["k"].out` / `module.m`: the child output expressions, in each child instance. */
  private followModule(moduleInstance: string, modulePath: string, tokens: readonly AddressToken[], depth: number): readonly string[] {
    const callName = nameAt(tokens, 1);
    if (callName === undefined) return [];
    const call = this.config.modules.get(modulePath)?.calls.get(callName);
    const child = call ? this.config.modules.get(call.childPath) : undefined;
    if (!call || !child) return [];
    const keyToken = tokens[2];
    const outputAt = keyToken?.kind === 'key' ? 3 : 2;
    const outputName = nameAt(tokens, outputAt);
    let instances = this.lookup.moduleChildren.get(`${moduleInstance}\u0000${callName}`) ?? [];
    if (keyToken?.kind === 'key') {
      const wanted = `${moduleInstance === '' ? '' : `${moduleInstance}.`}module.${callName}${formatKey(keyToken.key)}`;
      instances = instances.filter((address) => address === wanted);
    }
    const outputs = outputName === undefined ? [...child.outputs.values()] : [child.outputs.get(outputName)].filter((o) => o !== undefined);
    const targets: string[] = [];
    for (const instance of instances) {
      for (const output of outputs) {
        for (const text of significantReferences(output)) targets.push(...this.resolve(instance, call.childPath, text, depth + 1));
      }
    }
    return unique(targets);
  }
}

/** Calls `visit` for each expression in a map, with the attribute path of nested blocks. */
export function forEachExpression(
  map: ExpressionMap,
  prefix: readonly PathSegment[],
  visit: (segments: readonly PathSegment[], expression: Expression) => void,
): void {
  for (const [name, value] of Object.entries(map)) {
    const here: PathSegment[] = [...prefix, { kind: 'name', name }];
    if (Array.isArray(value)) {
      value.forEach((block: ExpressionMap, index: number) => forEachExpression(block, [...here, { kind: 'index', index }], visit));
    } else if (isExpression(value)) {
      visit(here, value as Expression);
    } else if (value !== null && typeof value === 'object') {
      forEachExpression(value as ExpressionMap, here, visit);
    }
  }
}

/**
 * The references of an expression without the prefixes Terraform adds for each use
 * (`keys["a"].id` comes with `keys["a"]` and `keys`): the bare `keys` would widen an indexed
 * use to every instance.
 */
export function significantReferences(expression: Expression): readonly string[] {
  const all = expression.references ?? [];
  if (all.length < 2) return all;
  const cached = significantCache.get(expression);
  if (cached) return cached;
  const kept = all.filter((text) => !all.some((other) => other.length > text.length && other.startsWith(text) && (other[text.length] === '.' || other[text.length] === '[')));
  significantCache.set(expression, kept);
  return kept;
}

/**
 * True for a configuration expression: `{constant_value}`, `{references}`, or `{}`, which is how
 * plans render an expression that is neither a literal nor a reference (e.g. `lower("x")`).
 */
export function isExpression(value: unknown): value is Expression {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 0 || keys.includes('references') || keys.includes('constant_value');
}

function nameAt(tokens: readonly AddressToken[], at: number): string | undefined {
  const token = tokens[at];
  return token?.kind === 'name' ? token.text : undefined;
}

function unique(addresses: readonly string[]): readonly string[] {
  return [...new Set(addresses)];
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
