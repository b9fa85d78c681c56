import type { Expression, ExpressionMap, PathValue, PlanModel, ProviderConfig, ResourceInstance, TriValue } from '../plan/types.js';
import { isExpression, parseAttributePath, readPath } from '../plan/index.js';
import type { Subject } from './subject.js';

/** A value read from a subject, with the configuration references behind it when the plan shows them. */
export interface SubjectValue extends PathValue {
  /** Configuration references of the expression that sets this attribute (module-relative, as written). */
  readonly references: readonly string[];
  /** True when the configuration sets this attribute with an expression (literal or not). */
  readonly configured: boolean;
}

/** Reads an attribute path (wildcards allowed) from any subject. */
export function readSubject(model: PlanModel, subject: Subject, path: string): SubjectValue[] {
  switch (subject.kind) {
    case 'resource':
      return readResource(subject.resource, path);
    case 'item':
      return readResource(subject.resource, `${subject.path}.${path}`);
    case 'provider':
      return [readProviderSetting(model, subject.provider, path)];
    case 'statement':
      return [];
  }
}

function readResource(resource: ResourceInstance, path: string): SubjectValue[] {
  return readPath(resource, path).map((value) => {
    const expression = expressionAt(resource, value.path);
    return { ...value, references: expression?.references ?? [], configured: expression !== undefined };
  });
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
// expression that is a single root-module variable is resolved from the plan's `variables` (so
// `profile = var.profile` with a null default is not set); any other expression, including one the plan
// renders as `{}` (a function call such as `lower("dev")`), is set, with a value the plan does not show.
function readProviderSetting(model: PlanModel, provider: ProviderConfig, path: string): SubjectValue {
  const expression = (provider.expressions as ExpressionMap)[path];
  if (!isExpression(expression)) {
    return { path, value: absent, sensitive: false, references: [], configured: false };
  }
  const references = expression.references ?? [];
  if ('constant_value' in expression) {
    const value: TriValue = expression.constant_value === null ? absent : { state: 'known', value: expression.constant_value };
    return { path, value, sensitive: false, references: [], configured: value.state === 'known' };
  }
  const resolved = provider.modulePath === '' && references.length > 0 ? rootVariable(model, references) : undefined;
  if (resolved) return { path, value: resolved, sensitive: false, references: [], configured: resolved.state === 'known' };
  return { path, value: unknown, sensitive: false, references, configured: true };
}

function rootVariable(model: PlanModel, references: readonly string[]): TriValue | undefined {
  const names = new Set(references.filter((ref) => ref.startsWith('var.')).map((ref) => ref.split('.')[1]));
  if (names.size !== 1 || references.some((ref) => !ref.startsWith('var.'))) return undefined;
  const [name] = [...names];
  const variables = model.raw.variables as Record<string, { value?: unknown }> | undefined;
  const entry = name === undefined ? undefined : variables?.[name];
  if (!entry || !('value' in entry)) return undefined;
  return entry.value === null ? absent : { state: 'known', value: entry.value };
}

const unknown: TriValue = { state: 'unknown' };

const absent: TriValue = { state: 'absent' };
