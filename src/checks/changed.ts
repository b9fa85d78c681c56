import type { ChangeKind, PlanModel, ResourceInstance } from '../plan/types.js';
import type { Subject } from './subject.js';

/** What a changed-only run judges, and what it leaves out. */
export interface ChangeScope {
  /** Addresses of the resource instances (and data sources) the run judges. */
  readonly judged: ReadonlySet<string>;
  /** Addresses of the managed resource instances left out, in plan order. */
  readonly untouched: readonly string[];
}

const CHANGES: ReadonlySet<ChangeKind> = new Set<ChangeKind>(['create', 'update', 'replace', 'delete', 'forget']);

/**
 * The resources a changed-only run judges: those the plan creates, updates, replaces, deletes or
 * forgets, and every resource connected to one of them by a reference either way. A bucket the plan
 * leaves alone is still judged when its policy, encryption or public access block is created,
 * changed or deleted, since that change decides whether the bucket complies. A data source is judged
 * when it is read during apply or connected to a changed resource.
 */
export function changeScope(model: PlanModel): ChangeScope {
  const changed = new Set(model.resources.filter((resource) => isChanged(resource)).map((resource) => resource.address));
  const judged = new Set(changed);
  for (const resource of model.resources) {
    if (judged.has(resource.address)) continue;
    const neighbours = [...model.referencesFrom(resource.address).map((ref) => ref.to), ...model.referencesTo(resource.address).map((ref) => ref.from)];
    if (neighbours.some((address) => changed.has(address))) judged.add(resource.address);
  }
  const untouched = model.resources.filter((resource) => resource.mode === 'managed' && !judged.has(resource.address)).map((resource) => resource.address);
  return { judged, untouched: [...new Set(untouched)] };
}

function isChanged(resource: ResourceInstance): boolean {
  // A data source is listed with `read` only when it is read during apply: its inputs change.
  return resource.mode === 'data' ? resource.change === 'read' : CHANGES.has(resource.change);
}

/** The subjects a changed-only run judges; every subject when the run judges the whole plan. */
export function withinScope(subjects: readonly Subject[], scope: ChangeScope | undefined): Subject[] {
  if (scope === undefined) return [...subjects];
  return subjects.filter((subject) => subject.kind === 'provider' || scope.judged.has(subject.address));
}
