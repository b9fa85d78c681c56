/**
 * Reading an observation result (`observe --format json`, a shard of one, or a merge) that is
 * about to drive a decision: `observe merge` and `promote`. The file comes from a CI artifact,
 * so it is validated against the shipped schema before anything reads its fields, and problems
 * are described by JSON pointer and type, without echoing values.
 */
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { GuardrailsError } from '../errors.js';
import { valueAtPointer } from '../io/json-pointer.js';
import { readInputJson } from '../io/read-input.js';
import type { ObservationReport } from '../report/types.js';
import { validate as generatedValidator } from './observation-schema-validator.generated.js';

interface ObservationValidator {
  (document: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// Compiled ahead of time (see observation-schema-validator.test.ts).
const validate = generatedValidator as ObservationValidator;

const ERRORS_SHOWN = 3;

/** What the file is read for, in the words of its messages and hints. */
export interface ObservationPurpose {
  /** e.g. "shard result", "observation result". */
  what: string;
  /** What to pass instead. */
  hint: string;
}

/** Reads (bounded), parses and validates an observation result; every problem is a GuardrailsError naming the file. */
export async function readObservationFile(file: string, cwd: string, purpose: ObservationPurpose): Promise<ObservationReport> {
  const document = await readInputJson(path.resolve(cwd, file), {
    display: file,
    kind: 'result',
    expected: `a ${purpose.what} (json written by guardrails observe)`,
    missingHint: purpose.hint,
  });
  return validateObservation(document, file, purpose);
}

/** Checks a parsed document against schema/observation-report.schema.json. */
export function validateObservation(document: unknown, file: string, purpose: ObservationPurpose): ObservationReport {
  const kind = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as { kind?: unknown }).kind : undefined;
  if (kind !== 'observation') {
    const found = kind === 'findings' ? 'a findings report of guardrails check' : describeType(document);
    throw new GuardrailsError('CONFIG_INVALID', `is not an observation result (expected an object with kind "observation"; found ${found}).`, { file, hint: purpose.hint });
  }
  if (validate(document)) return document as ObservationReport;
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, ERRORS_SHOWN).map((error) => describeSchemaError(error, document));
  const more = errors.length > ERRORS_SHOWN ? `, and ${errors.length - ERRORS_SHOWN} more` : '';
  throw new GuardrailsError('CONFIG_INVALID', `is not a valid ${purpose.what} (schema/observation-report.schema.json): ${shown.join('; ')}${more}.`, {
    file,
    hint: `${purpose.hint} A file edited by hand, cut short or written by another version must keep the schema.`,
  });
}

function describeSchemaError(error: ErrorObject, document: unknown): string {
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  if (error.keyword === 'required') return `${pointer} must have the property ${String((error.params as { missingProperty: string }).missingProperty)}`;
  if (error.keyword === 'additionalProperties') return `${pointer} has an unknown property ${JSON.stringify(String((error.params as { additionalProperty: string }).additionalProperty).slice(0, 40))}`;
  return `${pointer} ${error.message ?? 'is invalid'} (found ${describeType(valueAtPointer(document, error.instancePath))})`;
}


/** The type of a value in words; never the value itself. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
