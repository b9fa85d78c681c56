/**
 * The plan's `configuration` block, indexed by module path: resource blocks with their
 * expressions, module calls (arguments, source, optional provider mappings) and outputs.
 * Module paths carry no instance keys (`module.a.module.b`); the root module is ``.
 */
import type { Expression, ExpressionMap, ResourceConfig } from './types.js';
import { joinAddress } from './addresses.js';

/** A `module "name" {}` call as the configuration shows it. */
export interface ModuleCallConfig {
  readonly name: string;
  readonly source: string | undefined;
  /** The call's arguments: the child module's input variables. */
  readonly expressions: ExpressionMap;
  /** Child provider key → parent provider key, when the plan records `providers = {}`. */
  readonly providers: ReadonlyMap<string, string>;
  /** Module path of the called module. */
  readonly childPath: string;
  /** The call's `for_each` expression, when it has one: what `each.value` stands for in its arguments. */
  readonly forEachExpression: Expression | undefined;
}

/** One module's configuration. */
export interface ModuleConfig {
  readonly path: string;
  readonly resources: readonly ResourceConfig[];
  readonly calls: ReadonlyMap<string, ModuleCallConfig>;
  readonly outputs: ReadonlyMap<string, Expression>;
}

/** The configuration indexed for lookups. */
export interface ConfigurationIndex {
  readonly modules: ReadonlyMap<string, ModuleConfig>;
  readonly resources: ReadonlyMap<string, ResourceConfig>;
}

/** Indexes `configuration.root_module` and its nested module calls; an absent block gives empty maps. */
export function indexConfiguration(configuration: unknown): ConfigurationIndex {
  const modules = new Map<string, ModuleConfig>();
  const resources = new Map<string, ResourceConfig>();
  const root = asRecord(asRecord(configuration).root_module);
  visitModule(root, '', modules, resources);
  return { modules, resources };
}

function visitModule(
  raw: Record<string, unknown>,
  path: string,
  modules: Map<string, ModuleConfig>,
  resources: Map<string, ResourceConfig>,
): void {
  const moduleResources: ResourceConfig[] = [];
  for (const item of asArray(raw.resources)) {
    const resource = toResourceConfig(asRecord(item), path);
    if (resource) {
      moduleResources.push(resource);
      resources.set(resource.configAddress, resource);
    }
  }
  const calls = new Map<string, ModuleCallConfig>();
  for (const [name, value] of Object.entries(asRecord(raw.module_calls))) {
    const call = asRecord(value);
    const childPath = joinAddress(path, `module.${name}`);
    calls.set(name, {
      name,
      source: typeof call.source === 'string' ? call.source : undefined,
      expressions: asRecord(call.expressions) as ExpressionMap,
      providers: providerMapping(call.providers),
      childPath,
      forEachExpression: call.for_each_expression === undefined ? undefined : (asRecord(call.for_each_expression) as Expression),
    });
    visitModule(asRecord(call.module), childPath, modules, resources);
  }
  const outputs = new Map<string, Expression>();
  for (const [name, value] of Object.entries(asRecord(raw.outputs))) {
    outputs.set(name, asRecord(asRecord(value).expression) as Expression);
  }
  modules.set(path, { path, resources: moduleResources, calls, outputs });
}

function toResourceConfig(raw: Record<string, unknown>, modulePath: string): ResourceConfig | undefined {
  const type = raw.type;
  const name = raw.name;
  if (typeof type !== 'string' || typeof name !== 'string') return undefined;
  const mode = raw.mode === 'data' ? 'data' : 'managed';
  const local = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
  return {
    configAddress: joinAddress(modulePath, local),
    modulePath,
    mode,
    type,
    name,
    providerConfigKey: typeof raw.provider_config_key === 'string' ? raw.provider_config_key : undefined,
    expressions: asRecord(raw.expressions) as ExpressionMap,
    countExpression: raw.count_expression === undefined ? undefined : (asRecord(raw.count_expression) as Expression),
    forEachExpression: raw.for_each_expression === undefined ? undefined : (asRecord(raw.for_each_expression) as Expression),
  };
}

/**
 * Current Terraform and OpenTofu do not print `providers = {}`; they resolve the child's
 * `provider_config_key` to the parent's key instead. Should a plan carry the mapping (as
 * `{"aws": "aws.west"}` or with `{"references": ["aws.west"]}`), honour it.
 */
function providerMapping(raw: unknown): ReadonlyMap<string, string> {
  const mapping = new Map<string, string>();
  for (const [childKey, value] of Object.entries(asRecord(raw))) {
    if (typeof value === 'string') mapping.set(childKey, value);
    else {
      const first = asArray(asRecord(value).references)[0];
      if (typeof first === 'string') mapping.set(childKey, first);
    }
  }
  return mapping;
}

/** The object itself, or an empty object for anything that is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The array itself, or an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
