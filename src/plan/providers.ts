/**
 * Provider configurations (`configuration.provider_config`) and which one governs a resource.
 * Keys come in three shapes: `aws` / `aws.west` (root), `module.a.module.b:aws` (current), and
 * `b:aws` (Terraform 0.12/0.13, module name only). A module that declares no provider block of
 * its own still gets a key with no expressions; the settings that apply are those of the nearest
 * ancestor's configuration of the same provider, so lookups walk up the module path.
 */
import type { ImpliedProvider, ProviderConfig, ResourceInstance } from './types.js';
import type { ConfigurationIndex } from './configuration.js';
import { asRecord } from './configuration.js';
import { parseModuleAddress, formatModuleAddress, compareText } from './addresses.js';

/** Provider configurations with a resolver. */
export interface ProviderIndex {
  readonly list: readonly ProviderConfig[];
  /** The configuration governing a resource whose block has `key`, declared in `modulePath`. */
  resolve(key: string | undefined, modulePath: string): ProviderConfig | undefined;
}

/** Reads `configuration.provider_config` and prepares provider resolution. */
export function indexProviders(configuration: unknown, config: ConfigurationIndex): ProviderIndex {
  const byKey = new Map<string, ProviderConfig>();
  for (const [key, value] of Object.entries(asRecord(asRecord(configuration).provider_config))) {
    byKey.set(key, toProviderConfig(key, asRecord(value)));
  }
  const list = [...byKey.values()].sort((a, b) => compareText(a.modulePath, b.modulePath) || compareText(a.key, b.key));
  const memo = new Map<string, ProviderConfig | undefined>();

  const lookup = (modulePath: string, localKey: string): ProviderConfig | undefined => {
    if (modulePath === '') return byKey.get(localKey);
    const steps = parseModuleAddress(modulePath);
    const lastName = steps[steps.length - 1]?.name ?? '';
    return byKey.get(`${modulePath}:${localKey}`) ?? byKey.get(`${lastName}:${localKey}`);
  };

  const resolve = (key: string | undefined, modulePath: string): ProviderConfig | undefined => {
    if (key === undefined) return undefined;
    const memoKey = `${key}\u0000${modulePath}`;
    if (memo.has(memoKey)) return memo.get(memoKey);
    const { path, localKey } = splitKey(key, modulePath);
    const start = byKey.get(key) ?? lookup(path, localKey);
    let found = start && hasSettings(start) ? start : undefined;
    let nearest = start;
    let current = { path, localKey };
    while (!found && current.path !== '') {
      const steps = parseModuleAddress(current.path);
      const parentPath = formatModuleAddress(steps.slice(0, -1), false);
      const callName = steps[steps.length - 1]?.name ?? '';
      const mapped = config.modules.get(parentPath)?.calls.get(callName)?.providers.get(current.localKey);
      current = { path: parentPath, localKey: mapped ?? current.localKey };
      const candidate = lookup(current.path, current.localKey);
      if (!candidate) continue;
      // Same local name but another source (hashicorp2/test vs hashicorp/test) is another provider.
      if (nearest && nearest.fullName && candidate.fullName && nearest.fullName !== candidate.fullName) break;
      nearest ??= candidate;
      if (hasSettings(candidate)) found = candidate;
    }
    const result = found ?? nearest;
    memo.set(memoKey, result);
    return result;
  };
  return { list, resolve };
}

/**
 * The implied default provider of a resource no block configures. Its name comes from the key the
 * resource block names (`module.a:aws.west` -> `aws`), else from the provider address in the plan.
 */
export function impliedProviderOf(resource: ResourceInstance): ImpliedProvider {
  const configKey = resource.config?.providerConfigKey;
  const local = configKey === undefined ? undefined : configKey.slice(configKey.lastIndexOf(':') + 1).split('.')[0];
  const fromAddress = resource.providerName?.split('/').pop()?.replace(/^provider\./, '');
  const name = local || fromAddress || resource.type.split('_')[0] || resource.type;
  const fullName = resource.providerName?.includes('/') ? resource.providerName : undefined;
  const reason = resource.config === undefined ? 'no-configuration' : 'no-block';
  const why = reason === 'no-block' ? 'no provider block in the configuration' : 'the configuration does not show the resource block';
  return { kind: 'implied', name, fullName, reason, configKey, description: `the implied default ${name} provider (${why})` };
}

/** True when the provider block sets at least one argument. */
export function hasSettings(provider: ProviderConfig): boolean {
  return Object.keys(provider.expressions).length > 0;
}

/** Splits a provider config key into the module path it belongs to and its local `name[.alias]`. */
function splitKey(key: string, resourceModulePath: string): { path: string; localKey: string } {
  const colon = key.lastIndexOf(':');
  if (colon < 0) return { path: '', localKey: key };
  const prefix = key.slice(0, colon);
  // Old keys name only the last module; the resource's own module path says where it sits.
  return { path: prefix.startsWith('module.') ? prefix : resourceModulePath, localKey: key.slice(colon + 1) };
}

function toProviderConfig(key: string, raw: Record<string, unknown>): ProviderConfig {
  const colon = key.lastIndexOf(':');
  const local = colon < 0 ? key : key.slice(colon + 1);
  const dot = local.indexOf('.');
  const name = typeof raw.name === 'string' ? raw.name : dot < 0 ? local : local.slice(0, dot);
  const alias = typeof raw.alias === 'string' ? raw.alias : dot < 0 ? undefined : local.slice(dot + 1);
  return {
    kind: 'configured',
    key,
    name,
    fullName: typeof raw.full_name === 'string' ? raw.full_name : undefined,
    alias,
    modulePath: modulePathOf(key, raw.module_address),
    expressions: asRecord(raw.expressions) as ProviderConfig['expressions'],
    versionConstraint: typeof raw.version_constraint === 'string' ? raw.version_constraint : undefined,
  };
}

function modulePathOf(key: string, moduleAddress: unknown): string {
  const fromKey = key.lastIndexOf(':') < 0 ? '' : key.slice(0, key.lastIndexOf(':'));
  const raw = typeof moduleAddress === 'string' && moduleAddress !== '' ? moduleAddress : fromKey;
  if (raw === '') return '';
  // Old plans give only the module's name (`child`); present it as a module path.
  const path = raw.startsWith('module.') ? raw : `module.${raw}`;
  return formatModuleAddress(parseModuleAddress(path), false);
}


/** The tags an AWS provider configuration adds to every resource, or why the plan cannot tell. */
export type DefaultTags =
  | { readonly state: 'known'; readonly tags: Readonly<Record<string, string>> }
  | { readonly state: 'unknown'; readonly reason: string };

/**
 * The `default_tags { tags = {...} }` of a provider block. Only a literal map decides: the plan
 * shows any other expression only by the names it references (`merge(var.tags, {...})` and
 * `var.tags` look alike), so it stays unknown. `ignore_tags` leaves tags out of `tags_all` by
 * rules the plan does not apply here, so a block setting it is unknown too. No block: no tags.
 * A `dynamic "default_tags"` block is absent from the plan's configuration and cannot be seen.
 */
export function defaultTagsOf(provider: ProviderConfig): DefaultTags {
  const expressions = provider.expressions as Record<string, unknown>;
  const ignore = expressions.ignore_tags;
  if (Array.isArray(ignore) ? ignore.length > 0 : ignore !== undefined) {
    return { state: 'unknown', reason: `the ${provider.key} provider sets ignore_tags, which leaves tags out of tags_all` };
  }
  const blocks = expressions.default_tags;
  if (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0)) return { state: 'known', tags: {} };
  const block = Array.isArray(blocks) && blocks.length === 1 ? asRecord(blocks[0]) : undefined;
  const tags = block?.tags;
  if (block !== undefined && tags === undefined) return { state: 'known', tags: {} };
  const literal = asRecord(tags);
  if (block === undefined || !('constant_value' in literal)) {
    return { state: 'unknown', reason: `the ${provider.key} provider's default_tags are set by an expression the plan does not show` };
  }
  const value = literal.constant_value;
  if (value === null) return { state: 'known', tags: {} };
  const entries = Object.entries(asRecord(value));
  if (typeof value !== 'object' || Array.isArray(value) || entries.some(([, tag]) => typeof tag !== 'string')) {
    return { state: 'unknown', reason: `the ${provider.key} provider's default_tags are not a map of strings` };
  }
  return { state: 'known', tags: Object.fromEntries(entries) as Record<string, string> };
}
