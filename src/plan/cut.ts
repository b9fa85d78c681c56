/**
 * Cutting a real plan down to an example: the resource instances asked for, every instance they
 * reference (transitively, through configuration and value references, as the model resolves
 * them), the provider configurations that govern them, and a configuration that holds only their
 * blocks, the module calls on the way to them (with the arguments those blocks use) and the root
 * variables read. Whatever the plan marks sensitive is replaced by `(sensitive)`: an example is
 * committed to a repository, and `show -json` prints sensitive values in clear.
 */
import type { GoverningProvider, PlanModel, RawPlan, ResourceInstance } from './types.js';
import { collectPlanSecrets, SENSITIVE } from './sensitive.js';

/** What a cut kept, for the command to report. */
export interface PlanCut {
  readonly plan: RawPlan;
  /** Instances named by the keep list. */
  readonly requested: readonly string[];
  /** Instances added because a kept instance references them. */
  readonly referenced: readonly string[];
  readonly providers: readonly string[];
  readonly variables: readonly string[];
}

/** The instances an address names: itself, every instance of a block given without its key, or every instance in a module. */
export function instancesNamed(model: PlanModel, address: string): ResourceInstance[] {
  const exact = model.resource(address);
  if (exact) return [exact];
  return model.resources.filter(
    (resource) =>
      resource.configAddress === address ||
      resource.address.startsWith(`${address}[`) ||
      (address.startsWith('module.') && resource.address.startsWith(`${address}.`)),
  );
}

/** Cuts the plan down to the given instances and what they need. */
export function cutPlan(model: PlanModel, requested: readonly string[]): PlanCut {
  const kept = new Set<string>();
  const queue = [...requested];
  while (queue.length > 0) {
    const address = queue.pop()!;
    if (kept.has(address)) continue;
    kept.add(address);
    for (const reference of model.referencesFrom(address)) if (!kept.has(reference.to)) queue.push(reference.to);
  }
  const instances = model.resources.filter((resource) => kept.has(resource.address));
  const providerKeys = new Set(instances.map((resource) => configuredKeyOf(model.providerOf(resource.address))).filter((key): key is string => key !== undefined));
  const raw = model.raw;
  const configuration = cutConfiguration(object(raw.configuration), instances, model, providerKeys);
  const plan: Record<string, unknown> = {};
  for (const key of ['format_version', 'terraform_version'] as const) if (raw[key] !== undefined) plan[key] = raw[key];
  const variables = filterEntries(object(raw.variables), configuration.rootVariables);
  if (raw.variables !== undefined) plan.variables = variables;
  if (raw.planned_values !== undefined) plan.planned_values = { root_module: cutModuleValues(object(object(raw.planned_values).root_module), kept) };
  for (const key of ['resource_drift', 'resource_changes'] as const) {
    if (Array.isArray(raw[key])) plan[key] = (raw[key] as unknown[]).filter((change) => kept.has(String(object(change).address)));
  }
  if (Array.isArray(raw.relevant_attributes)) plan.relevant_attributes = (raw.relevant_attributes as unknown[]).filter((item) => kept.has(String(object(item).resource)));
  if (raw.prior_state !== undefined) {
    const prior = object(raw.prior_state);
    const values = object(prior.values);
    plan.prior_state = { ...pick(prior, ['format_version', 'terraform_version']), values: { root_module: cutModuleValues(object(values.root_module), kept) } };
  }
  if (raw.configuration !== undefined) plan.configuration = configuration.document;
  for (const key of ['timestamp', 'applyable', 'complete', 'errored'] as const) if (raw[key] !== undefined) plan[key] = raw[key];
  const masked = maskSensitive(structuredClone(plan), new Set(collectPlanSecrets(raw).all));
  const requestedSet = new Set(requested);
  return {
    plan: masked as RawPlan,
    requested: instances.filter((resource) => requestedSet.has(resource.address)).map((resource) => resource.address),
    referenced: instances.filter((resource) => !requestedSet.has(resource.address)).map((resource) => resource.address),
    providers: [...providerKeys].sort(),
    variables: [...configuration.rootVariables].sort(),
  };
}

/** `planned_values`/`prior_state` module trees: only kept resources, only child modules that still hold some. */
function cutModuleValues(module: Record<string, unknown>, kept: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = pick(module, ['address']);
  out.resources = array(module.resources).filter((resource) => kept.has(String(object(resource).address)));
  const children = array(module.child_modules)
    .map((child) => cutModuleValues(object(child), kept))
    .filter((child) => array(child.resources).length > 0 || array(child.child_modules).length > 0);
  if (children.length > 0) out.child_modules = children;
  return out;
}

interface ConfigurationCut {
  document: Record<string, unknown>;
  rootVariables: Set<string>;
}

/** What of each module's configuration the cut needs, by module path (`module.a.module.b`, `` for root). */
interface Needs {
  /** Resource blocks by local name (`aws_s3_bucket.b`, `data.x.y`). */
  readonly blocks: Map<string, Set<string>>;
  /** Outputs of a module that a kept expression of its caller reads. */
  readonly outputs: Map<string, Set<string>>;
  /** Arguments of a module call that a kept expression inside the module reads (`var.x`). */
  readonly arguments: Map<string, Set<string>>;
  readonly rootVariables: Set<string>;
}

/**
 * The configuration with only what the kept instances need: their blocks, and, followed through
 * every kept expression, the blocks they name (a block with no instance in the plan, such as a
 * `count = 0` one, is still named), the module outputs and call arguments they read, the module
 * calls on the way, and the root variables. Nothing kept names anything left out.
 */
function cutConfiguration(configuration: Record<string, unknown>, instances: readonly ResourceInstance[], model: PlanModel, providerKeys: ReadonlySet<string>): ConfigurationCut {
  const modules = new Map<string, Record<string, unknown>>();
  const index = (module: Record<string, unknown>, path: string): void => {
    modules.set(path, module);
    for (const [name, call] of Object.entries(object(module.module_calls))) index(object(object(call).module), childPathOf(path, name));
  };
  index(object(configuration.root_module), '');
  const needs: Needs = { blocks: new Map(), outputs: new Map(), arguments: new Map(), rootVariables: new Set() };
  const queue: Array<{ path: string; references: readonly string[] }> = [];
  const addTo = (map: Map<string, Set<string>>, path: string, name: string): boolean => {
    const set = map.get(path) ?? new Set<string>();
    map.set(path, set);
    if (set.has(name)) return false;
    set.add(name);
    return true;
  };
  const needBlock = (path: string, local: string): void => {
    if (!addTo(needs.blocks, path, local)) return;
    const block = array(modules.get(path)?.resources).find((resource) => object(resource).address === local);
    if (block !== undefined) queue.push({ path, references: referencesIn(block) });
  };
  for (const resource of instances) {
    const local = resource.mode === 'data' ? `data.${resource.type}.${resource.name}` : `${resource.type}.${resource.name}`;
    needBlock(resource.configAddress.slice(0, resource.configAddress.length - local.length).replace(/\.$/, ''), local);
  }
  for (const provider of model.providers) {
    if (providerKeys.has(provider.key)) queue.push({ path: provider.modulePath, references: referencesIn(provider.expressions) });
  }
  while (queue.length > 0) {
    const { path, references } = queue.pop()!;
    for (const reference of references) {
      const parts = reference.split(/[.[]/);
      const head = parts[0]!;
      if (head === 'var') {
        if (path === '') needs.rootVariables.add(parts[1]!);
        else if (addTo(needs.arguments, path, parts[1]!)) {
          const { parent, name } = parentOf(path);
          const call = object(object(modules.get(parent)?.module_calls)[name]);
          queue.push({ path: parent, references: referencesIn(object(call.expressions)[parts[1]!]) });
        }
      } else if (head === 'module' && parts[1] !== undefined) {
        const child = childPathOf(path, parts[1]);
        const outputs = parts[2] === undefined ? Object.keys(object(modules.get(child)?.outputs)) : [parts[2]];
        for (const output of outputs) {
          if (addTo(needs.outputs, child, output)) queue.push({ path: child, references: referencesIn(object(modules.get(child)?.outputs)[output]) });
        }
      } else if (!NOT_BLOCKS.has(head) && parts[1] !== undefined) {
        needBlock(path, head === 'data' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.'));
      }
    }
  }
  // A module call is kept when something inside it is; its repetition decides its instances' keys.
  const keptCalls = new Set<string>();
  for (const path of [...needs.blocks.keys(), ...needs.outputs.keys(), ...needs.arguments.keys()]) {
    for (let current = path; current !== ''; current = parentOf(current).parent) {
      if (keptCalls.has(current)) break;
      keptCalls.add(current);
      const { parent, name } = parentOf(current);
      const call = object(object(modules.get(parent)?.module_calls)[name]);
      queue.push({ path: parent, references: [...referencesIn(call.count_expression), ...referencesIn(call.for_each_expression)] });
    }
  }
  // Repetition expressions read variables and blocks too; they add no further module calls.
  while (queue.length > 0) {
    const { path, references } = queue.pop()!;
    for (const reference of references) {
      const parts = reference.split(/[.[]/);
      if (parts[0] === 'var' && path === '') needs.rootVariables.add(parts[1]!);
      else if (parts[0] === 'var' && addTo(needs.arguments, path, parts[1]!)) {
        const { parent, name } = parentOf(path);
        queue.push({ path: parent, references: referencesIn(object(object(object(modules.get(parent)?.module_calls)[name]).expressions)[parts[1]!]) });
      } else if (!NOT_BLOCKS.has(parts[0]!) && parts[0] !== 'module' && parts[1] !== undefined) {
        needBlock(path, parts[0] === 'data' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.'));
      }
    }
  }
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (key === 'root_module') document.root_module = cutModuleConfiguration(object(value), '', needs, keptCalls);
    else if (key === 'provider_config') document.provider_config = filterEntries(object(value), providerKeys);
    else document[key] = value;
  }
  return { document, rootVariables: needs.rootVariables };
}

/** Reference heads that name no resource block. */
const NOT_BLOCKS = new Set(['var', 'local', 'each', 'count', 'path', 'self', 'terraform', 'module']);

function childPathOf(path: string, name: string): string {
  return path === '' ? `module.${name}` : `${path}.module.${name}`;
}

function parentOf(path: string): { parent: string; name: string } {
  const at = path.lastIndexOf('module.');
  return { parent: path.slice(0, Math.max(0, at - 1)), name: path.slice(at + 'module.'.length) };
}

function cutModuleConfiguration(module: Record<string, unknown>, path: string, needs: Needs, keptCalls: ReadonlySet<string>): Record<string, unknown> {
  const blocks = needs.blocks.get(path) ?? new Set<string>();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(module)) {
    if (key === 'resources') {
      out.resources = array(value)
        .filter((resource) => blocks.has(String(object(resource).address)))
        .map((resource) => withKeptDependencies(object(resource), path, needs, keptCalls));
    } else if (key === 'module_calls') {
      const calls: Record<string, unknown> = {};
      for (const [name, rawCall] of Object.entries(object(value))) {
        const childPath = childPathOf(path, name);
        if (!keptCalls.has(childPath)) continue;
        const call = withKeptDependencies(object(rawCall), path, needs, keptCalls);
        calls[name] = {
          ...call,
          ...(call.expressions === undefined ? {} : { expressions: filterEntries(object(call.expressions), needs.arguments.get(childPath) ?? new Set()) }),
          module: cutModuleConfiguration(object(call.module), childPath, needs, keptCalls),
        };
      }
      out.module_calls = calls;
    } else if (key === 'outputs') {
      out.outputs = filterEntries(object(value), needs.outputs.get(path) ?? new Set());
    } else if (key === 'variables') {
      out.variables = filterEntries(object(value), path === '' ? needs.rootVariables : (needs.arguments.get(path) ?? new Set()));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A block or call with only the `depends_on` entries that still name something in the cut. */
function withKeptDependencies(item: Record<string, unknown>, path: string, needs: Needs, keptCalls: ReadonlySet<string>): Record<string, unknown> {
  if (!Array.isArray(item.depends_on)) return item;
  const blocks = needs.blocks.get(path) ?? new Set<string>();
  const dependsOn = item.depends_on.filter((entry) => {
    const parts = String(entry).split(/[.[]/);
    if (parts[0] === 'module') return keptCalls.has(childPathOf(path, parts[1] ?? ''));
    return blocks.has(parts.slice(0, parts[0] === 'data' ? 3 : 2).join('.'));
  });
  return { ...item, depends_on: dependsOn };
}

/** Every reference text in a configuration fragment (the `references` lists of its expressions). */
function referencesIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'references' && Array.isArray(child)) found.push(...child.filter((item): item is string => typeof item === 'string'));
      // A nested module's body has references of its own module; they are not this module's.
      else if (key !== 'module') visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return found;
}

/** Replaces every value the plan marks sensitive, and configuration constants equal to one, by `(sensitive)`. */
function maskSensitive(plan: Record<string, unknown>, secrets: ReadonlySet<string>): Record<string, unknown> {
  for (const change of array(plan.resource_changes).concat(array(plan.resource_drift))) {
    const body = object(object(change).change);
    if ('before' in body) body.before = mask(body.before, body.before_sensitive);
    if ('after' in body) body.after = mask(body.after, body.after_sensitive);
  }
  const maskTree = (module: Record<string, unknown>): void => {
    for (const resource of array(module.resources)) {
      const record = object(resource);
      if ('values' in record) record.values = mask(record.values, record.sensitive_values);
    }
    for (const child of array(module.child_modules)) maskTree(object(child));
  };
  maskTree(object(object(plan.planned_values).root_module));
  maskTree(object(object(object(plan.prior_state).values).root_module));
  const declared = object(object(object(plan.configuration).root_module).variables);
  for (const [name, variable] of Object.entries(object(plan.variables))) {
    if (object(declared[name]).sensitive === true) object(variable).value = SENSITIVE;
  }
  if (secrets.size > 0 && plan.configuration !== undefined) plan.configuration = maskConstants(plan.configuration, secrets, 0);
  return plan;
}

function mask(value: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return value === null || value === undefined ? value : SENSITIVE;
  if (sensitive === null || typeof sensitive !== 'object' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, index) => mask(item, (sensitive as unknown[])[index]));
  const marks = sensitive as Record<string, unknown>;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item, marks[key])]));
}

function maskConstants(node: unknown, secrets: ReadonlySet<string>, depth: number): unknown {
  if (typeof node === 'string') return secrets.has(node) ? SENSITIVE : node;
  if (depth > 200 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((item) => maskConstants(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, maskConstants(item, secrets, depth + 1)]));
}

function filterEntries(record: Record<string, unknown>, keep: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key)));
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}

function object(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The key of a provider block; an implied default provider has no block to keep. */
function configuredKeyOf(provider: GoverningProvider | undefined): string | undefined {
  return provider?.kind === 'configured' ? provider.key : undefined;
}
