/**
 * JSONPath queries over a resource's known values. Plan content is untrusted, so jsonpath-plus
 * runs with its `safe` evaluator: filters such as `[?(@.Effect=='Deny')]` work, but no
 * JavaScript is ever evaluated. Values unknown until apply are simply not in the tree.
 */
import { JSONPath } from 'jsonpath-plus';
import { GuardrailsError } from '../errors.js';
import type { ResourceInstance } from './types.js';

/** JSONPath over the known values of a resource; script evaluation disabled/safe. */
export function queryJsonPath(resource: ResourceInstance, expression: string): unknown[] {
  return queryJson(resource.values, expression);
}

/** JSONPath over any JSON value (e.g. a parsed policy document), with the same safety rules. */
export function queryJson(json: unknown, expression: string): unknown[] {
  return evaluate(json, expression, 'value');
}

/** Where a JSONPath reaches in a JSON value, as JSON Pointers (`/ingress/0/from_port`), with the same safety rules. */
export function queryJsonPointers(json: unknown, expression: string): string[] {
  return evaluate(json, expression, 'pointer').map(String);
}

function evaluate(json: unknown, expression: string, resultType: 'value' | 'pointer'): unknown[] {
  if (expression.trim() === '') {
    throw new GuardrailsError('USAGE', 'The JSONPath expression is empty.', { hint: 'Write a JSONPath such as $.Statement[*].Effect.' });
  }
  try {
    const result: unknown = JSONPath({ path: expression, json: json as object, eval: 'safe', wrap: true, ignoreEvalErrors: false, resultType });
    return Array.isArray(result) ? result : [];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GuardrailsError('USAGE', `The JSONPath expression ${JSON.stringify(expression)} cannot be evaluated: ${reason}.`, {
      hint: 'Filters may only compare values, e.g. $.Statement[?(@.Effect == "Deny")]; calls and assignments are not allowed.',
    });
  }
}
