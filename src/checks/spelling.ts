import { GuardrailsError } from '../errors.js';
import { parseAttributePath, readPath } from '../plan/index.js';
import { isJsonPath } from './read.js';
import type { ItemSubject, Subject } from './subject.js';

/** Levenshtein distance: how many single-character edits turn one text into the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidates within a typo's reach of `word` (a third of its length, at most 3 edits), closest first. */
export function nearMisses(word: string, candidates: Iterable<string>): string[] {
  const reach = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return [...new Set(candidates)]
    .filter((candidate) => candidate !== word)
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter((entry) => entry.distance <= reach)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .map((entry) => entry.candidate);
}

/**
 * Throws a feature error when the attribute path's first name is an attribute no selected resource
 * has. Plan JSON lists every attribute of a managed resource's schema (null when unset; an unknown
 * one in after_unknown), so a name missing from all of them is a typo, which would otherwise read as
 * "not set" and let `none of its ... is set` pass. Claimed only where the values are complete: every
 * selected resource type must have a managed instance whose values are known as a whole; providers
 * (only set arguments are listed), data sources and empty selections are never judged this way.
 */
export function requireKnownAttribute(subjects: readonly Subject[], path: string): void {
  // A JSONPath may rightly reach nothing (a filter); only attribute paths name an attribute.
  if (subjects.length === 0 || isJsonPath(path)) return;
  const first = parseAttributePath(path)[0];
  if (first?.kind !== 'name') return;
  if (subjects.every((subject) => subject.kind === 'item')) {
    requireKnownItemField(subjects as readonly ItemSubject[], first.name);
    return;
  }
  // The common case, a name the resources have, is settled by the first one that shows it; the
  // names are gathered (every resource's keys, per scenario) only when the path may be a typo.
  for (const subject of subjects) {
    if (subject.kind !== 'resource') return;
    if (hasName(subject.resource, first.name)) return;
  }
  const namesByType = new Map<string, Set<string>>();
  for (const subject of subjects) {
    if (subject.kind !== 'resource') return;
    const names = namesByType.get(subject.type) ?? new Set<string>();
    namesByType.set(subject.type, names);
    const resource = subject.resource;
    if (resource.mode !== 'managed' || !isObject(resource.values) || Object.keys(resource.values).length === 0) continue;
    if (resource.unknown === true) continue;
    for (const name of Object.keys(resource.values)) names.add(name);
    if (isObject(resource.unknown)) for (const name of Object.keys(resource.unknown)) names.add(name);
  }
  const known = [...namesByType.values()];
  // A type none of whose instances shows its values could have the attribute: say nothing.
  if (known.some((names) => names.size === 0)) return;
  if (known.some((names) => names.has(first.name))) return;
  const suggestions = nearMisses(first.name, known.flatMap((names) => [...names]));
  const types = [...namesByType.keys()].join(', ');
  throw new GuardrailsError('FEATURE_INVALID', `no selected ${types} resource has an attribute "${first.name}"${suggestions.length > 0 ? `; did you mean "${suggestions[0]}"?` : '.'}`, {
    hint: 'The plan lists every attribute of a resource, set or not: check the spelling against `terraform show -json` output or the provider documentation.',
  });
}

/**
 * The same for the fields of items: the plan lists every field of a nested block too, so a name that
 * no item whose fields are known has is a typo, which would otherwise make `those whose ...` keep
 * nothing and a "none of them" rule pass.
 */
function requireKnownItemField(items: readonly ItemSubject[], name: string): void {
  const names = new Set<string>();
  for (const item of items) {
    const [read] = readPath(item.resource, item.path);
    if (read?.value.state !== 'known' || !isObject(read.value.value)) continue;
    for (const key of Object.keys(read.value.value)) names.add(key);
  }
  if (names.size === 0 || names.has(name)) return;
  const suggestions = nearMisses(name, names);
  throw new GuardrailsError('FEATURE_INVALID', `no selected ${items[0]!.path.replace(/\[[^\]]*\]$/, '')} item has a field "${name}"${suggestions.length > 0 ? `; did you mean "${suggestions[0]}"?` : '.'}`, {
    hint: 'The plan lists every field of a nested block, set or not: check the spelling against `terraform show -json` output or the provider documentation.',
  });
}

/** True when a managed resource with known values lists `name` among them (known or known after apply). */
function hasName(resource: Extract<Subject, { kind: 'resource' }>['resource'], name: string): boolean {
  if (resource.mode !== 'managed' || !isObject(resource.values) || resource.unknown === true) return false;
  if (Object.hasOwn(resource.values, name)) return true;
  // As below: the unknown tree counts only for a resource that shows some values.
  return isObject(resource.unknown) && Object.hasOwn(resource.unknown, name) && hasAnyKey(resource.values);
}

function hasAnyKey(value: Record<string, unknown>): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
