/**
 * Tri-state attribute reads. A resource's `values` tree is walked in parallel with its `unknown`
 * tree (from `after_unknown`) and its `sensitive` tree: `true` at any prefix of a path in the
 * unknown tree means the value is known only after apply; `true` at a prefix in the sensitive
 * tree marks it sensitive. Nested blocks are lists in the plan JSON, so paths index them:
 * `rule[0].apply_server_side_encryption_by_default[0].sse_algorithm`.
 *
 * A JSON `null` reads as `absent`: Terraform and OpenTofu print unset optional attributes as
 * null, so for attribute assertions "set to null" and "not set" are the same thing.
 */
import { GuardrailsError } from '../errors.js';
import { isNameChar } from './addresses.js';
import type { PathValue, ResourceInstance, TriValue } from './types.js';

/** One step of an attribute path: a name, a list index, a quoted map key, or `[*]`. */
export type PathSegment =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

const ABSENT: TriValue = Object.freeze({ state: 'absent' });
const UNKNOWN: TriValue = Object.freeze({ state: 'unknown' });
const parsedPaths = new Map<string, readonly PathSegment[]>();

/** Parses `a.b[0]["key"][*].c`; throws GuardrailsError USAGE on bad syntax. */
export function parseAttributePath(path: string): PathSegment[] {
  const cached = parsedPaths.get(path);
  if (cached) return [...cached];
  const segments: PathSegment[] = [];
  let i = 0;
  let expectName = true;
  while (i < path.length) {
    const ch = path[i] as string;
    if (ch === '[') {
      const { segment, end } = readBracket(path, i);
      if (expectName && segments.length === 0) throw pathError(path, 'it must start with an attribute name');
      segments.push(segment);
      i = end;
      expectName = false;
    } else if (ch === '.') {
      if (expectName) throw pathError(path, `it has an empty name before position ${i + 1}`);
      expectName = true;
      i += 1;
    } else {
      if (!expectName) throw pathError(path, `a "." or "[" was expected at position ${i + 1}`);
      let end = i;
      while (end < path.length && isNameChar(path.charCodeAt(end))) end += 1;
      if (end === i) throw pathError(path, `the character ${JSON.stringify(ch)} at position ${i + 1} cannot start a name`);
      segments.push({ kind: 'name', name: path.slice(i, end) });
      i = end;
      expectName = false;
    }
  }
  if (expectName) throw pathError(path, 'it is empty or ends with "."');
  parsedPaths.set(path, Object.freeze([...segments]));
  return segments;
}

/** Formats segments back into a path, e.g. `rule[0].tags["Name"]`. */
export function formatAttributePath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (segment.kind === 'name') text += text === '' ? segment.name : `.${segment.name}`;
    else if (segment.kind === 'key') text += `[${JSON.stringify(segment.key)}]`;
    else if (segment.kind === 'index') text += `[${segment.index}]`;
    else text += '[*]';
  }
  return text;
}

/** Reads one value (no wildcards): known, unknown until apply, or absent. */
export function readValue(resource: ResourceInstance, path: string): TriValue {
  const segments = parseAttributePath(path);
  if (segments.some((segment) => segment.kind === 'wildcard')) {
    throw pathError(path, 'it contains [*]; a single value needs a concrete index', 'Use an index like [0], or read every item with a wildcard path.');
  }
  return walk(resource.values, resource.unknown, segments, 0);
}

/**
 * Reads every value a path reaches. `[*]` yields one entry per item (list index or map key),
 * each with its concrete path. A wildcard over an unknown collection yields one unknown entry;
 * over an absent or null one, one absent entry (so a missing block is never an empty success);
 * over an empty collection, no entries.
 */
export function readPath(resource: ResourceInstance, path: string): PathValue[] {
  const segments = parseAttributePath(path);
  const results: PathValue[] = [];
  expand(resource.values, resource.unknown, resource.sensitive, segments, 0, [], false, results);
  return results;
}

/** True when the sensitive tree marks the path (or one of its prefixes) sensitive. */
export function isSensitive(resource: ResourceInstance, path: string): boolean {
  let node: unknown = resource.sensitive;
  for (const segment of parseAttributePath(path)) {
    if (node === true) return true;
    node = child(node, segment);
  }
  return node === true;
}

function walk(value: unknown, unknown: unknown, segments: readonly PathSegment[], from: number): TriValue {
  let v = value;
  let u = unknown;
  for (let i = from; i < segments.length; i += 1) {
    if (u === true) return UNKNOWN;
    const segment = segments[i] as PathSegment;
    v = child(v, segment);
    u = child(u, segment);
  }
  if (u === true) return UNKNOWN;
  if (v === undefined || v === null) return ABSENT;
  return { state: 'known', value: v };
}

function expand(
  value: unknown,
  unknown: unknown,
  sensitive: unknown,
  segments: readonly PathSegment[],
  from: number,
  done: PathSegment[],
  sensitiveAbove: boolean,
  out: PathValue[],
): void {
  let v = value;
  let u = unknown;
  let s = sensitive;
  let marked = sensitiveAbove;
  const concrete = done;
  for (let i = from; i < segments.length; i += 1) {
    marked = marked || s === true;
    const segment = segments[i] as PathSegment;
    if (u === true) {
      out.push({ path: formatAttributePath([...concrete, ...segments.slice(i)]), value: UNKNOWN, sensitive: marked });
      return;
    }
    if (segment.kind === 'wildcard') {
      const items = itemsOf(v, u);
      if (items === undefined) {
        out.push({ path: formatAttributePath([...concrete, ...segments.slice(i)]), value: ABSENT, sensitive: marked });
        return;
      }
      for (const item of items) {
        expand(child(v, item), child(u, item), child(s, item), segments, i + 1, [...concrete, item], marked, out);
      }
      return;
    }
    v = child(v, segment);
    u = child(u, segment);
    s = child(s, segment);
    concrete.push(segment);
  }
  marked = marked || s === true;
  const tri: TriValue = u === true ? UNKNOWN : v === undefined || v === null ? ABSENT : { state: 'known', value: v };
  out.push({ path: formatAttributePath(concrete), value: tri, sensitive: marked });
}

/** The segments a wildcard expands to; undefined when the collection is absent. */
function itemsOf(value: unknown, unknown: unknown): PathSegment[] | undefined {
  if (Array.isArray(value) || Array.isArray(unknown)) {
    // An unknown element can appear in after_unknown while `after` holds a shorter list.
    const length = Math.max(Array.isArray(value) ? value.length : 0, Array.isArray(unknown) ? unknown.length : 0);
    return Array.from({ length }, (_, index) => ({ kind: 'index', index }) as const);
  }
  if (isObject(value)) return Object.keys(value).map((key) => ({ kind: 'key', key }) as const);
  return undefined;
}

function child(node: unknown, segment: PathSegment): unknown {
  if (node === null || node === undefined || typeof node !== 'object') return undefined;
  if (segment.kind === 'index') return Array.isArray(node) ? node[segment.index] : undefined;
  if (segment.kind === 'wildcard' || Array.isArray(node)) return undefined;
  const key = segment.kind === 'name' ? segment.name : segment.key;
  return Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readBracket(path: string, start: number): { segment: PathSegment; end: number } {
  const next = path[start + 1];
  if (next === '"') {
    let i = start + 2;
    while (i < path.length && path[i] !== '"') i += path[i] === '\\' ? 2 : 1;
    if (i >= path.length || path[i + 1] !== ']') throw pathError(path, `the quoted key at position ${start + 1} is not closed with "]`);
    try {
      return { segment: { kind: 'key', key: JSON.parse(path.slice(start + 1, i + 1)) as string }, end: i + 2 };
    } catch {
      throw pathError(path, `the quoted key at position ${start + 1} has an invalid escape`);
    }
  }
  const close = path.indexOf(']', start);
  const inner = close < 0 ? '' : path.slice(start + 1, close);
  if (inner === '*') return { segment: { kind: 'wildcard' }, end: close + 1 };
  if (/^\d+$/.test(inner)) return { segment: { kind: 'index', index: Number(inner) }, end: close + 1 };
  throw pathError(path, `the bracket at position ${start + 1} must hold a number [0], a quoted key ["name"] or [*]`);
}

function pathError(path: string, what: string, hint?: string): GuardrailsError {
  return new GuardrailsError('USAGE', `The attribute path ${JSON.stringify(path)} cannot be read: ${what}.`, {
    hint: hint ?? 'Write paths like rule[0].apply_server_side_encryption_by_default[0].sse_algorithm or tags["Name"].',
  });
}
