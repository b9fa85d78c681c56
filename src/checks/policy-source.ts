/**
 * Where a policy attribute's document comes from when the plan does not show its JSON yet.
 *
 * - An `aws_iam_policy_document` data source whose `json` is known only after apply is rendered
 *   from the planned values of its statement blocks, each unknown value held as a symbol named by
 *   the configuration reference it comes from (`aws_s3_bucket.state.arn`).
 * - An attribute set from such a document (`policy = data.aws_iam_policy_document.x.json`) is read
 *   through the document: the configuration must reference that one document and nothing else
 *   (`each.key` or `count.index` only to pick its instance), and the plan must place the
 *   reference on one instance.
 * - An attribute written as `jsonencode({…})` in the sources given with the plan is rendered from
 *   its argument as written (src/source/jsonencode.ts), each reference held as a symbol. The
 *   resource block is matched by config address; every instance shares it.
 * Anything else stays unknown, with the reason.
 */
import { renderEncodedPolicy, renderPolicyDocument, type PolicyDocument } from '../iam/index.js';
import { symbolText, type SourceModel } from '../source/index.js';
import { readDocument } from '../plan/index.js';
import { significantReferences } from '../plan/references.js';
import { isExpression } from '../plan/references.js';
import type { ExpressionMap, PlanModel, ResourceInstance, TriValue } from '../plan/types.js';

export const POLICY_DOCUMENT_TYPE = 'aws_iam_policy_document';
const DOCUMENT_ATTRIBUTES = new Set(['json', 'minified_json']);
// `data.aws_iam_policy_document.NAME`, optionally an instance key, optionally `.json`/`.minified_json`.
const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.(json|minified_json))?$/;
const INSTANCE_PICKERS = new Set(['each.key', 'count.index']);

/** A policy attribute read: the plan's own value, or a document rendered from configuration. */
export type PolicySource =
  | { state: 'value'; value: TriValue }
  | { state: 'rendered'; document: PolicyDocument; from: string }
  | { state: 'unknown'; reason: string }
  | { state: 'followed'; value: TriValue; from: string };

const rendered = new WeakMap<ResourceInstance, PolicySource>();
const sourcesOfPlan = new WeakMap<PlanModel, SourceModel>();
const renderedFromSources = new WeakMap<SourceModel, Map<string, PolicySource>>();

/** Gives the policy reads of this plan the `.tf` sources it was planned from (for policies written as `jsonencode`). */
export function usePolicySources(model: PlanModel, sources: SourceModel | undefined): void {
  if (sources === undefined) sourcesOfPlan.delete(model);
  else sourcesOfPlan.set(model, sources);
}

/** Reads the policy attribute, following `data.aws_iam_policy_document` when its value is known only after apply. */
export function readPolicySource(model: PlanModel | undefined, resource: ResourceInstance, attribute: string): PolicySource {
  const value = readDocument(resource, attribute);
  if (value.state !== 'unknown') return { state: 'value', value };
  if (isPolicyDocument(resource) && DOCUMENT_ATTRIBUTES.has(attribute)) return renderDataSource(resource);
  if (model === undefined) return { state: 'unknown', reason: '' };
  const written = encodedPolicy(sourcesOfPlan.get(model), resource, attribute);
  if (written !== undefined) return written;
  const target = followedDocument(model, resource, attribute);
  if (typeof target === 'string') return { state: 'unknown', reason: target };
  const json = readDocument(target, 'json');
  if (json.state !== 'unknown') return { state: 'followed', value: json, from: target.address };
  return renderDataSource(target);
}

/** The attribute's `jsonencode({…})` as written in the sources, rendered; undefined when the sources do not write it so. */
function encodedPolicy(sources: SourceModel | undefined, resource: ResourceInstance, attribute: string): PolicySource | undefined {
  const evaluation = sources?.encodedPolicies?.get(resource.configAddress)?.get(attribute);
  if (sources === undefined || evaluation === undefined) return undefined;
  const cache = renderedFromSources.get(sources) ?? new Map<string, PolicySource>();
  renderedFromSources.set(sources, cache);
  const key = `${resource.configAddress}\u0000${attribute}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const where = `${resource.configAddress}.${attribute} as written in the sources (jsonencode)`;
  let source: PolicySource;
  if (!evaluation.ok) source = { state: 'unknown', reason: `${where} cannot be rendered: ${evaluation.reason}` };
  else {
    const result = renderEncodedPolicy(evaluation.value, symbolText);
    source = result.ok
      ? { state: 'rendered', document: result.document, from: `${resource.configAddress} (jsonencode in the sources)` }
      : { state: 'unknown', reason: `${where} cannot be rendered: ${result.reason}` };
  }
  cache.set(key, source);
  return source;
}

function isPolicyDocument(resource: ResourceInstance): boolean {
  return resource.mode === 'data' && resource.type === POLICY_DOCUMENT_TYPE;
}

function renderDataSource(resource: ResourceInstance): PolicySource {
  const cached = rendered.get(resource);
  if (cached) return cached;
  const statements = configuredStatements(resource.config?.expressions);
  const result = renderPolicyDocument(resource.values, resource.unknown, (statement, field, block) => {
    // The configuration names the value only where its blocks line up with the planned ones.
    if (statements === undefined || statements.length !== plannedStatementCount(resource)) return undefined;
    const expressionHolder = block === undefined ? statements[statement] : blockAt(statements[statement], field, block);
    const expression = expressionHolder?.[block === undefined ? field : valueField(field)];
    if (!isExpression(expression)) return undefined;
    const references = significantReferences(expression);
    return references.length > 0 ? references.join(', ') : undefined;
  });
  const source: PolicySource = result.ok
    ? { state: 'rendered', document: result.document, from: resource.address }
    : { state: 'unknown', reason: `${resource.address} cannot be rendered from its configuration: ${result.reason}` };
  rendered.set(resource, source);
  return source;
}

function valueField(field: string): string {
  return field === 'condition' ? 'values' : 'identifiers';
}

function configuredStatements(expressions: ExpressionMap | undefined): readonly ExpressionMap[] | undefined {
  const statements = expressions?.['statement'];
  return Array.isArray(statements) ? (statements as readonly ExpressionMap[]) : undefined;
}

function blockAt(statement: ExpressionMap | undefined, field: string, block: number): ExpressionMap | undefined {
  const blocks = statement?.[field];
  return Array.isArray(blocks) ? (blocks as readonly ExpressionMap[])[block] : undefined;
}

function plannedStatementCount(resource: ResourceInstance): number {
  const statements = resource.values['statement'];
  return Array.isArray(statements) ? statements.length : -1;
}

/** The one policy document instance the attribute is set from, or why there is none to follow. */
function followedDocument(model: PlanModel, resource: ResourceInstance, attribute: string): ResourceInstance | string {
  const expression = resource.config?.expressions[attribute];
  if (!isExpression(expression)) return '';
  const references = significantReferences(expression);
  const blocks = new Set<string>();
  for (const reference of references) {
    if (INSTANCE_PICKERS.has(reference)) continue;
    const match = DOCUMENT_REFERENCE.exec(reference);
    if (!match) return '';
    blocks.add(match[1]!);
  }
  if (blocks.size !== 1) return '';
  const targets = model
    .referencesFrom(resource.address)
    .filter((reference) => reference.attribute === attribute && reference.via === 'configuration');
  const instances = [...new Set(targets.map((reference) => reference.to))];
  const target = instances.length === 1 ? model.resource(instances[0]!) : undefined;
  if (target === undefined || targets.some((reference) => reference.uncertain) || !isPolicyDocument(target)) {
    return `the plan does not show which ${POLICY_DOCUMENT_TYPE} instance ${attribute} is set from`;
  }
  return target;
}
