import type { PlanModel, ProviderConfig } from '../plan/types.js';
import type { SourceModel } from '../source/types.js';
import { providerSubject, resourceSubject, type Subject } from './subject.js';

/** Managed resource instances of a type, deleted ones included (plan-action checks need them). */
export function selectByType(model: PlanModel, type: string): Subject[] {
  return model.resourcesOfType(type)
    .filter((resource) => resource.mode === 'managed')
    .map(resourceSubject);
}

/** Managed resource instances of any of the types, type by type in the order given. */
export function selectByTypes(model: PlanModel, types: readonly string[]): Subject[] {
  return [...new Set(types)].flatMap((type) => selectByType(model, type));
}

/** Data source instances of any of the types (`data.aws_iam_policy_document.x`), in every module. */
export function selectDataSources(model: PlanModel, types: readonly string[]): Subject[] {
  return [...new Set(types)].flatMap((type) =>
    model.resourcesOfType(type)
      .filter((resource) => resource.mode === 'data')
      .map(resourceSubject),
  );
}

/** The resource instance at an address, or every instance of a resource block given without its key. */
export function selectByAddress(model: PlanModel, address: string): Subject[] {
  const exact = model.resource(address);
  if (exact) return [resourceSubject(exact)];
  return model.resources.filter((resource) => resource.configAddress === address || stripKey(resource.address) === address).map(resourceSubject);
}

/** Managed resources in a module instance and its descendants (`module.a` covers `module.a["x"].module.b`). */
export function selectInModule(model: PlanModel, moduleAddress: string): Subject[] {
  return model.resources
    .filter((resource) => resource.mode === 'managed' && isWithinModule(resource.moduleAddress, moduleAddress))
    .map(resourceSubject);
}

/** Provider configurations of a provider (every alias, every module). */
export function selectProviders(model: PlanModel, name: string, sources?: SourceModel): Subject[] {
  return model.providers
    .filter((provider) => provider.name === name)
    .map((provider) => providerSubject(provider, sources ? writtenSettings(sources, provider) : undefined));
}

/** The settings of the provider's block as written, when exactly one block in the sources is it. */
function writtenSettings(sources: SourceModel, provider: ProviderConfig): Readonly<Record<string, unknown>> | undefined {
  const blocks = sources.providers.filter(
    (block) => block.name === provider.name && block.alias === provider.alias && block.modulePath === provider.modulePath,
  );
  return blocks.length === 1 ? blocks[0]!.settings : undefined;
}

function isWithinModule(candidate: string, ancestor: string): boolean {
  if (candidate === ancestor) return true;
  if (!candidate.startsWith(ancestor)) return false;
  const next = candidate[ancestor.length];
  // `module.a` covers `module.a.module.b` and `module.a["x"]`, never `module.ab`.
  return next === '.' || next === '[';
}

function stripKey(address: string): string {
  return address.endsWith(']') ? address.slice(0, address.lastIndexOf('[')) : address;
}
