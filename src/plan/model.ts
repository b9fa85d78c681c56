/**
 * Builds the plan model: every resource instance merged from `resource_changes`,
 * `planned_values`, `prior_state` and `configuration`, with indexes built once so every lookup
 * the checks make is O(1).
 */
import { GuardrailsError } from '../errors.js';
import type {
  Action,
  ChangeKind,
  LoadedPlan,
  ModuleInfo,
  PlanModel,
  PlanStats,
  ProviderConfig,
  ResourceConfig,
  ResourceInstance,
} from './types.js';
import { configAddressOf, formatModuleAddress, moduleAddressOf, parseModuleAddress, parseResourceAddress, resourceLocalName, compareText } from './addresses.js';
import { asArray, asRecord, indexConfiguration, type ConfigurationIndex } from './configuration.js';
import { impliedProviderOf, indexProviders } from './providers.js';
import { resolveReferences, type ReferenceIndex } from './references.js';

/** Every change kind, in the order reports list them. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete', 'read', 'no-op', 'forget'];

const KNOWN_ACTIONS: ReadonlySet<string> = new Set<Action>(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
const NO_RESOURCES: readonly ResourceInstance[] = Object.freeze([]);

/** Models a loaded plan; throws GuardrailsError INVALID_PLAN when an address or action cannot be read. */
export function buildPlanModel(loaded: LoadedPlan): PlanModel {
  const raw = loaded.raw;
  const file = loaded.displayPath;
  const config = indexConfiguration(raw.configuration);
  const resources: ResourceInstance[] = [];
  const byAddress = new Map<string, ResourceInstance>();
  const addInstance = (instance: ResourceInstance): void => {
    resources.push(instance);
    // A deposed object shares its address with the current one; the address names the current object.
    if (instance.deposed === undefined || !byAddress.has(instance.address)) byAddress.set(instance.address, instance);
  };

  const changes = uniqueObjects('resource_changes', file);
  for (const item of asArray(raw.resource_changes)) {
    const instance = fromResourceChange(asRecord(item), config, file);
    changes.add(instance.address, instance.deposed);
    if (instance.deposed !== undefined || !byAddress.has(instance.address)) addInstance(instance);
  }
  const planned = uniqueObjects('planned_values', file);
  for (const item of moduleResources(asRecord(raw.planned_values).root_module)) {
    const address = item.address;
    if (typeof address !== 'string') continue;
    planned.add(address, typeof item.deposed_key === 'string' ? item.deposed_key : undefined);
    if (!byAddress.has(address)) addInstance(fromState(item, config, file));
  }
  // Terraform 0.12 wrote prior_state addresses without the instance key (`null_resource.baz` three
  // times, the key in a separate `index`), so repeats there are a known quirk, not an edited plan.
  for (const item of moduleResources(asRecord(asRecord(raw.prior_state).values).root_module)) {
    const address = item.address;
    if (typeof address === 'string' && !byAddress.has(address)) addInstance(fromState(item, config, file));
  }

  const byType = groupBy(resources, (resource) => resource.type);
  const byModule = groupBy(resources, (resource) => resource.moduleAddress);
  const moduleAddresses = collectModuleAddresses(resources, asRecord(raw.planned_values).root_module);
  const modules = describeModules(moduleAddresses, byModule, config);
  // Resolving references costs as much as the rest of the model together; `plan show` and many
  // guardrails never ask for them, so the index is built on the first question.
  let references: ReferenceIndex | undefined;
  const referenceIndex = (): ReferenceIndex => (references ??= indexReferences(resources, moduleAddresses, config));
  const providerIndex = indexProviders(raw.configuration, config);

  const model: PlanModel = {
    displayPath: file,
    formatVersion: String(raw.format_version),
    terraformVersion: typeof raw.terraform_version === 'string' ? raw.terraform_version : undefined,
    tool: detectTool(loaded.raw, resources, providerIndex.list),
    resources,
    modules,
    providers: providerIndex.list,
    stats: computeStats(resources),
    raw,
    resource: (address) => byAddress.get(address),
    resourcesOfType: (type) => byType.get(type) ?? NO_RESOURCES,
    resourcesInModule: (moduleAddress) => byModule.get(moduleAddress) ?? NO_RESOURCES,
    referencesFrom: (address) => referenceIndex().from(address),
    referencesTo: (address) => referenceIndex().to(address),
    providerOf: (address) => {
      const resource = byAddress.get(address);
      if (!resource) return undefined;
      const providerConfig = resource.config;
      const configured = providerConfig ? providerIndex.resolve(providerConfig.providerConfigKey, providerConfig.modulePath) : undefined;
      return configured ?? impliedProviderOf(resource);
    },
  };
  return model;
}

/** The reference graph, with the lookups its resolution needs. */
function indexReferences(resources: readonly ResourceInstance[], moduleAddresses: readonly string[], config: ConfigurationIndex): ReferenceIndex {
  const moduleChildren = new Map<string, string[]>();
  for (const address of moduleAddresses) {
    const steps = parseModuleAddress(address);
    const last = steps[steps.length - 1] as { name: string };
    const key = `${formatModuleAddress(steps.slice(0, -1))}\u0000${last.name}`;
    const list = moduleChildren.get(key);
    if (list) list.push(address);
    else moduleChildren.set(key, [address]);
  }
  const byModuleAndLocalName = new Map<string, Map<string, ResourceInstance[]>>();
  // Every instance of a block has the same local name: it is formatted once per block.
  const localNames = new Map<ResourceConfig, string>();
  for (const resource of resources) {
    const config = resource.config;
    const ofBlock = config !== undefined && config.type === resource.type && config.name === resource.name && config.mode === resource.mode;
    let local = ofBlock ? localNames.get(config) : undefined;
    if (local === undefined) {
      local = resourceLocalName(resource);
      if (ofBlock) localNames.set(config, local);
    }
    let locals = byModuleAndLocalName.get(resource.moduleAddress);
    if (locals === undefined) {
      locals = new Map();
      byModuleAndLocalName.set(resource.moduleAddress, locals);
    }
    const list = locals.get(local);
    if (list) list.push(resource);
    else locals.set(local, [resource]);
  }
  return resolveReferences(resources, config, { byModuleAndLocalName, moduleChildren });
}

/** The single change kind of an action list: both orders of delete+create are a replace. */
export function changeKindOf(actions: readonly string[], file?: string): ChangeKind {
  const joined = actions.join(',');
  if (joined === 'delete,create' || joined === 'create,delete') return 'replace';
  if (actions.length === 1 && KNOWN_ACTIONS.has(joined)) return joined as ChangeKind;
  throw new GuardrailsError('INVALID_PLAN', `A resource change has the actions [${actions.map((a) => JSON.stringify(a)).join(', ')}], which no known plan format uses.`, {
    ...(file === undefined ? {} : { file }),
    hint: 'Expected one of no-op, create, read, update, delete, forget, or delete and create together; regenerate the JSON with `tofu show -json`.',
  });
}

/** What identifies an instance, the same whether it comes from resource_changes or from state. */
type Identity = Pick<
  ResourceInstance,
  'address' | 'mode' | 'type' | 'name' | 'index' | 'moduleAddress' | 'configAddress' | 'providerName' | 'config'
>;

function identityOf(item: Record<string, unknown>, address: string, config: ConfigurationIndex, file: string): Identity {
  const parsed = parseResourceAddress(address, { code: 'INVALID_PLAN', file });
  const configAddress = configAddressOf(parsed);
  return {
    address,
    mode: item.mode === 'data' || parsed.mode === 'data' ? 'data' : 'managed',
    type: typeof item.type === 'string' ? item.type : parsed.type,
    name: typeof item.name === 'string' ? item.name : parsed.name,
    index: parsed.key,
    moduleAddress: moduleAddressOf(parsed),
    configAddress,
    providerName: typeof item.provider_name === 'string' ? item.provider_name : undefined,
    config: config.resources.get(configAddress),
  };
}

// Both builders below list every field, not `...identity`: one object literal gives every instance the
// same shape at once, where a spread followed by a dozen fields cost as much per instance as parsing it.
function fromResourceChange(item: Record<string, unknown>, config: ConfigurationIndex, file: string): ResourceInstance {
  const identity = identityOf(item, requireString(item.address, 'resource_changes[].address', file), config, file);
  const change = asRecord(item.change);
  const actions = asArray(change.actions).map(String);
  const kind = changeKindOf(actions, file);
  // A deleted or forgotten object has no `after`; checks look at what is being removed.
  const leaving = kind === 'delete' || kind === 'forget';
  return {
    address: identity.address,
    mode: identity.mode,
    type: identity.type,
    name: identity.name,
    index: identity.index,
    moduleAddress: identity.moduleAddress,
    configAddress: identity.configAddress,
    providerName: identity.providerName,
    config: identity.config,
    actions: actions as Action[],
    change: kind,
    actionReason: typeof item.action_reason === 'string' ? item.action_reason : undefined,
    previousAddress: typeof item.previous_address === 'string' ? item.previous_address : undefined,
    deposed: typeof item.deposed === 'string' ? item.deposed : undefined,
    values: asRecord(leaving ? change.before : change.after),
    unknown: leaving ? {} : (change.after_unknown ?? {}),
    sensitive: (leaving ? change.before_sensitive : change.after_sensitive) ?? {},
    before: change.before ?? null,
    after: change.after ?? null,
    readAtPlan: identity.mode === 'data' && !leaving,
  };
}

/** An instance seen only in planned_values or prior_state: nothing changes for it. */
function fromState(item: Record<string, unknown>, config: ConfigurationIndex, file: string): ResourceInstance {
  const identity = identityOf(item, item.address as string, config, file);
  const values = asRecord(item.values);
  return {
    address: identity.address,
    mode: identity.mode,
    type: identity.type,
    name: identity.name,
    index: identity.index,
    moduleAddress: identity.moduleAddress,
    configAddress: identity.configAddress,
    providerName: identity.providerName,
    config: identity.config,
    actions: ['no-op'],
    change: 'no-op',
    actionReason: undefined,
    previousAddress: undefined,
    deposed: typeof item.deposed_key === 'string' ? item.deposed_key : undefined,
    values,
    unknown: {},
    sensitive: item.sensitive_values ?? {},
    before: values,
    after: values,
    readAtPlan: identity.mode === 'data',
  };
}

/** Resources of a module in planned_values / prior_state, child modules included. */
function moduleResources(root: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const stack: Record<string, unknown>[] = [asRecord(root)];
  while (stack.length > 0) {
    const module = stack.pop() as Record<string, unknown>;
    for (const resource of asArray(module.resources)) out.push(asRecord(resource));
    for (const child of [...asArray(module.child_modules)].reverse()) stack.push(asRecord(child));
  }
  return out;
}

/** Every module instance with resources, its ancestors, and empty ones planned_values lists. */
function collectModuleAddresses(resources: readonly ResourceInstance[], plannedRoot: unknown): string[] {
  const seen = new Set<string>();
  // planned_values names the same module instances as the resources: each address is parsed once.
  const visited = new Set<string>();
  const addWithAncestors = (address: string): void => {
    if (visited.has(address)) return;
    visited.add(address);
    let steps = parseModuleAddress(address);
    while (steps.length > 0) {
      const text = formatModuleAddress(steps);
      if (seen.has(text)) return;
      seen.add(text);
      steps = steps.slice(0, -1);
    }
  };
  const distinct = new Set(resources.map((resource) => resource.moduleAddress));
  for (const address of distinct) addWithAncestors(address);
  const stack = [...asArray(asRecord(plannedRoot).child_modules)];
  while (stack.length > 0) {
    const module = asRecord(stack.pop());
    if (typeof module.address === 'string') addWithAncestors(module.address);
    stack.push(...asArray(module.child_modules));
  }
  return [...seen].sort(compareText);
}

function describeModules(
  addresses: readonly string[],
  byModule: ReadonlyMap<string, readonly ResourceInstance[]>,
  config: ConfigurationIndex,
): ModuleInfo[] {
  return addresses.map((address) => {
    const steps = parseModuleAddress(address);
    const modulePath = formatModuleAddress(steps, false);
    const parentPath = formatModuleAddress(steps.slice(0, -1), false);
    const callName = steps[steps.length - 1]?.name ?? '';
    return {
      address,
      modulePath,
      source: config.modules.get(parentPath)?.calls.get(callName)?.source,
      resourceCount: byModule.get(address)?.length ?? 0,
    };
  });
}

function computeStats(resources: readonly ResourceInstance[]): PlanStats {
  const byChange = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  const byType: Record<string, number> = {};
  let unknownAttributes = 0;
  let dataSourcesRead = 0;
  for (const resource of resources) {
    byChange[resource.change] += 1;
    byType[resource.type] = (byType[resource.type] ?? 0) + 1;
    unknownAttributes += countUnknownLeaves(resource.unknown);
    if (resource.readAtPlan) dataSourcesRead += 1;
  }
  return { byChange, byType, unknownAttributes, dataSourcesRead, resourceInstances: resources.length };
}

/** Leaves marked `true` in an after_unknown tree. */
export function countUnknownLeaves(tree: unknown): number {
  if (tree === true) return 1;
  if (tree === null || typeof tree !== 'object') return 0;
  let count = 0;
  for (const value of Array.isArray(tree) ? tree : Object.values(tree)) count += countUnknownLeaves(value);
  return count;
}

/**
 * OpenTofu prints its own version in `terraform_version`, so the reliable mark is the provider
 * registry host (`registry.opentofu.org/...`) in provider names.
 */
function detectTool(raw: Record<string, unknown>, resources: readonly ResourceInstance[], providers: readonly ProviderConfig[]): PlanModel['tool'] {
  const names = [...resources.map((resource) => resource.providerName), ...providers.map((provider) => provider.fullName)];
  if (names.some((name) => name?.startsWith('registry.opentofu.org/'))) return 'opentofu';
  return typeof raw.terraform_version === 'string' ? 'terraform' : 'unknown';
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Refuses a second object with the same address (and deposed key) within one part of the plan:
 * `show -json` writes each object once, so a repeat means the file was edited or merged, and keeping
 * either copy would judge values the plan may not apply.
 */
function uniqueObjects(section: string, file: string): { add(address: string, deposed: string | undefined): void } {
  const seen = new Set<string>();
  return {
    add(address, deposed) {
      const key = deposed === undefined ? address : `${address}\u0000${deposed}`;
      if (!seen.has(key)) {
        seen.add(key);
        return;
      }
      const what = deposed === undefined ? address : `${address} (deposed object ${deposed})`;
      throw new GuardrailsError('INVALID_PLAN', `${section} lists ${what} more than once; each resource instance appears once in a plan.`, {
        file,
        hint: 'The file does not look like unmodified `tofu show -json` output (an edited or concatenated plan?); regenerate it from the saved plan.',
      });
    },
  };
}

function requireString(value: unknown, what: string, file: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new GuardrailsError('INVALID_PLAN', `${what} is ${JSON.stringify(value)}; a resource address string was expected.`, {
    file,
    hint: 'The file does not look like unmodified `tofu show -json` output; regenerate it from the saved plan.',
  });
}

