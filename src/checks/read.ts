import type { Expression, ExpressionMap, PathValue, PlanModel, ProviderConfig, ResourceInstance, TriValue } from '../plan/types.js';
import { formatAttributePath, isExpression, parseAttributePath, queryJsonPointers, readPath, type PathSegment } from '../plan/index.js';
import type { Subject } from './subject.js';

/** A value read from a subject, with the configuration references behind it when the plan shows them. */
export interface SubjectValue extends PathValue {
  /** Configuration references of the expression that sets this attribute (module-relative, as written). */
  readonly references: readonly string[];
  /** True when the configuration sets this attribute with an expression (literal or not). */
  readonly configured: boolean;
  /** Why an unknown value cannot be known, when the reason is not that it is computed at apply. */
  readonly undecidedBecause?: string;
}

/**
 * What each resource instance read at each path. A plan does not change while guardrails run, and
 * a Background step (`those whose "bucket" matches ...`) reads the same attribute of every bucket
 * again in each scenario: the second scenario on reuses the first one's reads.
 */
const resourceReads = new WeakMap<ResourceInstance, Map<string, readonly SubjectValue[]>>();

/** Reads an attribute path (wildcards allowed) from any subject. */
export function readSubject(model: PlanModel, subject: Subject, path: string): readonly SubjectValue[] {
  switch (subject.kind) {
    case 'resource':
      return isJsonPath(path) ? readJsonPath(subject.resource, '', path) : readResource(subject.resource, path);
    case 'item':
      return isJsonPath(path) ? readJsonPath(subject.resource, subject.path, path) : readResource(subject.resource, `${subject.path}.${path}`);
    case 'provider':
      return [readProviderSetting(model, subject.provider, path, subject.written)];
    case 'statement':
      return [];
  }
}

/** A path written as a JSONPath (`$.ingress[?(@.from_port == 22)].cidr_blocks`) instead of an attribute path. */
export function isJsonPath(path: string): boolean {
  return path.startsWith('$');
}

/**
 * Reads a JSONPath over a resource's values (or an item's), `$` being the resource (or the item).
 * Each value reached is read again by its concrete attribute path, so it is tri-state, masked when
 * sensitive, and carries its configuration expression. The plan leaves values known only after apply
 * out of the tree a JSONPath sees, so when the part of the resource the path starts in holds one, an
 * unknown value is added: a filter or wildcard might reach it, and no verdict may pass without it.
 */
function readJsonPath(resource: ResourceInstance, base: string, expression: string): SubjectValue[] {
  const baseSegments = base === '' ? [] : parseAttributePath(base);
  const root = base === '' ? resource.values : knownAt(resource, base);
  const unknownRoot = subtree(resource.unknown, baseSegments);
  if (root === undefined) {
    return unknownRoot === true ? [unknownValue(expression)] : [];
  }
  const values: SubjectValue[] = [];
  for (const pointer of queryJsonPointers(root, expression)) {
    const segments = [...baseSegments, ...segmentsOfPointer(root, pointer)];
    if (segments.length === 0) {
      values.push({ path: expression, value: { state: 'known', value: root }, sensitive: false, references: [], configured: false });
      continue;
    }
    values.push(...readResource(resource, formatAttributePath(segments)));
  }
  const first = /^\$(?:\.([A-Za-z_][\w-]*)|\[['"]([^'"\]]+)['"]\])/.exec(expression);
  const touched = first ? subtree(unknownRoot, [{ kind: 'name', name: (first[1] ?? first[2])! }]) : unknownRoot;
  if (holdsUnknown(touched)) values.push(unknownValue(expression));
  return values;
}

function unknownValue(path: string): SubjectValue {
  return { path, value: { state: 'unknown' }, sensitive: false, references: [], configured: false };
}

function knownAt(resource: ResourceInstance, path: string): unknown {
  const [read] = readPath(resource, path);
  return read?.value.state === 'known' ? read.value.value : undefined;
}

/** The attribute path segments of a JSON Pointer into `root`: list positions become indexes. */
function segmentsOfPointer(root: unknown, pointer: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let node = root;
  for (const token of pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (Array.isArray(node)) {
      segments.push({ kind: 'index', index: Number(token) });
      node = node[Number(token)];
    } else {
      segments.push(/^[A-Za-z_][A-Za-z0-9_-]*$/.test(token) ? { kind: 'name', name: token } : { kind: 'key', key: token });
      node = (node as Record<string, unknown> | undefined)?.[token];
    }
  }
  return segments;
}

function subtree(tree: unknown, segments: readonly PathSegment[]): unknown {
  let node = tree;
  for (const segment of segments) {
    if (node === true || node === null || typeof node !== 'object') return node === true ? true : undefined;
    if (segment.kind === 'index') node = Array.isArray(node) ? node[segment.index] : undefined;
    else if (segment.kind === 'name' || segment.kind === 'key') node = Array.isArray(node) ? undefined : (node as Record<string, unknown>)[segment.kind === 'name' ? segment.name : segment.key];
    else return undefined;
  }
  return node;
}

function holdsUnknown(tree: unknown): boolean {
  if (tree === true) return true;
  if (tree === null || typeof tree !== 'object') return false;
  return (Array.isArray(tree) ? tree : Object.values(tree)).some(holdsUnknown);
}

function readResource(resource: ResourceInstance, path: string): readonly SubjectValue[] {
  let reads = resourceReads.get(resource);
  if (reads === undefined) {
    reads = new Map();
    resourceReads.set(resource, reads);
  }
  let values = reads.get(path);
  if (values === undefined) {
    values = Object.freeze(
      readPath(resource, path).map((value) => {
        const expression = expressionAt(resource, value.path);
        return Object.freeze({ ...value, references: expression?.references ?? [], configured: expression !== undefined });
      }),
    );
    reads.set(path, values);
  }
  return values;
}

/** The configuration expression behind a concrete attribute path of a resource, if any. */
export function expressionAt(resource: ResourceInstance, concretePath: string): Expression | undefined {
  let node: unknown = resource.config?.expressions;
  for (const segment of parseAttributePath(concretePath)) {
    if (node === undefined || node === null) return undefined;
    if (segment.kind === 'index') {
      node = Array.isArray(node) ? node[segment.index] : undefined;
    } else if (segment.kind === 'wildcard') {
      return undefined;
    } else {
      const name = segment.kind === 'name' ? segment.name : segment.key;
      node = Array.isArray(node) ? undefined : (node as Record<string, unknown>)[name];
    }
  }
  return isExpression(node) ? node : undefined;
}

// Provider blocks exist only as configuration: a constant is a known value (`null` is not set). An
// expression over one root-module variable is that variable's value only when it is the variable
// alone, which the plan cannot tell: it shows `lower(var.p)` and `var.p == null ? "x" : var.p` by
// their references too. So the sources decide: written as `${var.p}`, the variable's value is the
// setting (`profile = var.profile` with a null default is not set). Without them a null or empty
// variable leaves the setting undecided, and a variable with a value, like any other expression,
// sets it to a value the plan does not show.
function readProviderSetting(
  model: PlanModel,
  provider: ProviderConfig,
  path: string,
  written: Readonly<Record<string, unknown>> | undefined,
): SubjectValue {
  const expression = (provider.expressions as ExpressionMap)[path];
  if (!isExpression(expression)) {
    return { path, value: absent, sensitive: false, references: [], configured: false };
  }
  const references = expression.references ?? [];
  if ('constant_value' in expression) {
    const value: TriValue = expression.constant_value === null ? absent : { state: 'known', value: expression.constant_value };
    return { path, value, sensitive: false, references: [], configured: value.state === 'known' };
  }
  const variable = provider.modulePath === '' ? rootVariable(model, references) : undefined;
  if (variable) {
    const text = written?.[path];
    if (text === `\${var.${variable.name}}`) {
      return { path, value: variable.value, sensitive: false, references: [], configured: variable.value.state === 'known' };
    }
    if (text === undefined && (variable.value.state === 'absent' || isEmptyString(variable.value))) {
      return {
        path,
        value: unknown,
        sensitive: false,
        references,
        configured: false,
        undecidedBecause: `is written with var.${variable.name}, which is ${variable.value.state === 'absent' ? 'null' : '""'}; whether the expression is that variable alone shows only in the .tf sources (give them with --source)`,
      };
    }
  }
  return { path, value: unknown, sensitive: false, references, configured: true };
}

function rootVariable(model: PlanModel, references: readonly string[]): { name: string; value: TriValue } | undefined {
  const names = new Set(references.filter((ref) => ref.startsWith('var.')).map((ref) => ref.split('.')[1]));
  if (names.size !== 1 || references.some((ref) => !ref.startsWith('var.'))) return undefined;
  const [name] = [...names];
  const variables = model.raw.variables as Record<string, { value?: unknown }> | undefined;
  const entry = name === undefined ? undefined : variables?.[name];
  if (name === undefined || !entry || !('value' in entry)) return undefined;
  return { name, value: entry.value === null ? absent : { state: 'known', value: entry.value } };
}

function isEmptyString(value: TriValue): boolean {
  return value.state === 'known' && value.value === '';
}

const unknown: TriValue = { state: 'unknown' };

const absent: TriValue = { state: 'absent' };
