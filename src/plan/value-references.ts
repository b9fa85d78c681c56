/**
 * Value references: a string attribute whose known value equals another managed instance's known
 * `id` or `arn`. One value can name many instances (an event target's `arn` is the topic's ARN, a
 * bucket's companions share its name as their `id`), so a match keeps the identity index's shared
 * address list instead of one Reference per pair: pairs grow with the square of such groups, matches
 * only with the plan. References are materialised per instance when asked for.
 */
import type { Reference, ResourceInstance } from './types.js';
import { formatAttributePath, type PathSegment } from './values.js';

/** Value references of every instance, both ways. */
export interface ValueReferenceIndex {
  from(address: string): readonly Reference[];
  to(address: string): readonly Reference[];
}

/** One attribute whose value is the id or ARN of the instances in `targets` (shared, never copied). */
interface ValueMatch {
  readonly from: string;
  /** Where the value is; formatted into an attribute path only when a reference is asked for. */
  readonly path: readonly (string | number)[];
  attribute?: string;
  readonly targets: readonly string[];
  /** Position in the walk over all instances, so incoming references keep plan order. */
  readonly order: number;
}

const NONE: readonly Reference[] = Object.freeze([]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Indexes the value references of `resources` (one walk over their values). */
export function indexValueReferences(resources: readonly ResourceInstance[]): ValueReferenceIndex {
  const byIdentity = identityIndex(resources);
  const outgoing = new Map<string, ValueMatch[]>();
  const byTargets = new Map<readonly string[], ValueMatch[]>();
  let order = 0;
  if (byIdentity.size > 0) {
    const path: (string | number)[] = [];
    // A policy document or a script can be kilobytes long; no string longer than every id and ARN
    // can equal one, and skipping it spares hashing it for the lookup.
    let longest = 0;
    for (const identity of byIdentity.keys()) longest = Math.max(longest, identity.length);
    for (const resource of resources) {
      forEachString(resource.values, path, (text) => {
        if (text.length > longest) return;
        const targets = byIdentity.get(text);
        if (!targets || (targets.length === 1 && targets[0] === resource.address)) return;
        const match: ValueMatch = { from: resource.address, path: path.slice(), targets, order: order++ };
        push(outgoing, resource.address, match);
        push(byTargets, targets, match);
      });
    }
  }
  // Each distinct address list is visited once: linear in the lists, not in the pairs.
  const incoming = new Map<string, (readonly ValueMatch[])[]>();
  for (const [targets, matches] of byTargets) for (const target of targets) push(incoming, target, matches);

  return {
    from(address) {
      const matches = outgoing.get(address);
      if (!matches) return NONE;
      const references: Reference[] = [];
      for (const match of matches) {
        for (const to of match.targets) if (to !== address) references.push(valueReference(match, to));
      }
      return references;
    },
    to(address) {
      const lists = incoming.get(address);
      if (!lists) return NONE;
      const matches = lists.flat().filter((match) => match.from !== address);
      matches.sort((a, b) => a.order - b.order);
      return matches.map((match) => valueReference(match, address));
    },
  };
}

function valueReference(match: ValueMatch, to: string): Reference {
  match.attribute ??= attributeOf(match.path);
  return { from: match.from, attribute: match.attribute, to, via: 'value' };
}

/** Known `id` and `arn` strings of managed instances → their addresses. */
function identityIndex(resources: readonly ResourceInstance[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const resource of resources) {
    if (resource.mode !== 'managed') continue;
    for (const attribute of ['id', 'arn']) {
      const value = resource.values[attribute];
      if (typeof value !== 'string' || value === '') continue;
      const list = index.get(value);
      if (!list) index.set(value, [resource.address]);
      else if (!list.includes(resource.address)) list.push(resource.address);
    }
  }
  return index;
}

/**
 * Visits every string in a value tree. `path` is one array pushed and popped along the walk, and
 * is formatted only for the few strings that match: the walk touches every attribute of the plan.
 */
function forEachString(value: unknown, path: (string | number)[], visit: (text: string) => void): void {
  if (typeof value === 'string') {
    visit(value);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      path.push(index);
      forEachString(value[index], path, visit);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      path.push(key);
      forEachString((value as Record<string, unknown>)[key], path, visit);
      path.pop();
    }
  }
}

function attributeOf(path: readonly (string | number)[]): string {
  const segments = path.map(
    (step): PathSegment =>
      typeof step === 'number' ? { kind: 'index', index: step } : IDENTIFIER.test(step) ? { kind: 'name', name: step } : { kind: 'key', key: step },
  );
  return formatAttributePath(segments);
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
