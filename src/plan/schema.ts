/**
 * Validation of plan JSON against the shipped schema (schema/plan.schema.json). The schema is
 * shallow on purpose: it types what the model relies on and never walks attribute values, so
 * validating a 100 MB plan costs about as much as counting its resources.
 */
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { GuardrailsError } from '../errors.js';
import { valueAtPointer } from '../io/json-pointer.js';
import { packageRoot } from '../version.js';
import { PLAN_JSON_RECIPE } from './diagnose.js';
import { validate as generatedValidator } from './plan-schema-validator.generated.js';
import type { RawPlan } from './types.js';

/** Where the schema lives inside the installed package. */
export function planSchemaPath(): string {
  return path.join(packageRoot(), 'schema', 'plan.schema.json');
}

/** An ajv validation function: true when valid, otherwise the errors of the last call. */
interface PlanValidator {
  (document: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// Compiled ahead of time by ajv (see plan-schema-validator.test.ts): compiling on each start
// took longer than validating a 50,000-resource plan and loaded all of ajv.
const validate = generatedValidator as PlanValidator;

const ERRORS_SHOWN = 3;

/** Checks a parsed document against the plan schema; throws INVALID_PLAN naming the failing JSON pointers. */
export function validatePlanSchema(document: unknown, file: string): asserts document is RawPlan {
  if (validate(document)) return;
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, ERRORS_SHOWN).map((error) => describeSchemaError(error, document));
  const more = errors.length > ERRORS_SHOWN ? `, and ${errors.length - ERRORS_SHOWN} more` : '';
  throw new GuardrailsError('INVALID_PLAN', `does not have the shape of plan JSON: ${shown.join('; ')}${more}.`, {
    file,
    hint: `Give the unmodified output of ${PLAN_JSON_RECIPE}; a hand-edited or generated file must keep the types of these fields.`,
  });
}

/** One ajv error as `<pointer> must ... (found ...)`. */
function describeSchemaError(error: ErrorObject, document: unknown): string {
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  const found = describeFound(valueAtPointer(document, error.instancePath));
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: readonly unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ');
    return `${pointer} must be one of ${allowed} (found ${found})`;
  }
  if (error.keyword === 'required') return `${pointer} ${error.message ?? 'is incomplete'}`;
  return `${pointer} ${error.message ?? 'is invalid'} (found ${found})`;
}

const SHOWN_STRING = /^(?:[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}|[a-z][a-z-]{0,15})$/;

/**
 * What stood at a failing pointer, in words. A version number or a short lower-case word (a wrong
 * format_version or action) is shown, since that is what the reader needs; any other value is named
 * by its type only, since the file may not be a plan at all and its values may be secrets.
 */
function describeFound(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return SHOWN_STRING.test(value) ? JSON.stringify(value) : 'a string';
  return `a ${typeof value}`;
}
