/**
 * Condition queries. Facts from the IAM condition operator reference that these rely on:
 * - within one statement every (operator, key) condition must hold (AND); the values of one
 *   condition are alternatives (OR);
 * - when the key is missing from the request, a condition is false, except for negated operators
 *   (`StringNotEquals`, ...), which are then true, `...IfExists`, which is then true, and `Null`;
 * - String operators compare case-sensitively (except `...IgnoreCase`); condition key names are
 *   case-insensitive;
 * - Numeric operators compare integers or decimals.
 * Operator names are compared exactly as the reference spells them: IAM rejects other spellings.
 */
import type { NormalizedCondition, NormalizedStatement } from './policy.js';

/** The statement's conditions on `key` (case-insensitive), optionally only those whose base operator is one of `baseOperators`. */
export function findConditions(
  statement: NormalizedStatement,
  key: string,
  baseOperators?: readonly string[],
): NormalizedCondition[] {
  const wanted = key.toLowerCase();
  return statement.conditions.filter(
    (condition) => condition.keyLower === wanted && (baseOperators === undefined || baseOperators.includes(condition.baseOperator)),
  );
}

/** Every value the statement's conditions on `key` (with one of `baseOperators`, when given) list, in document order. */
export function conditionValues(statement: NormalizedStatement, key: string, baseOperators?: readonly string[]): string[] {
  return findConditions(statement, key, baseOperators).flatMap((condition) => condition.values);
}

/**
 * True when the statement only applies if `key` equals `value`: some plain condition (no
 * IfExists, no set qualifier) with a base operator in `baseOperators` lists `value` and nothing
 * else. IfExists does not count: it is true when the key is absent, e.g. `BoolIfExists
 * aws:MultiFactorAuthPresent "true"` also lets in requests made without MFA context. Values are
 * compared exactly: `Bool` values are the strings "true"/"false" (JSON booleans are normalised to them).
 */
export function requiresConditionValue(
  statement: NormalizedStatement,
  key: string,
  baseOperators: readonly string[],
  value: string,
): boolean {
  return findConditions(statement, key, baseOperators).some(
    (condition) =>
      !condition.ifExists && condition.setQualifier === undefined && condition.values.every((listed) => listed === value),
  );
}

/** A number as IAM numeric operators accept it (integer or decimal); undefined for anything else. */
export function parseNumericValue(value: string): number | undefined {
  return /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : undefined;
}

const UPPER_BOUND_OPERATORS: Readonly<Record<string, boolean>> = {
  // operator → whether the bound includes the limit
  NumericLessThan: false,
  NumericLessThanEquals: true,
  NumericEquals: true,
};

/**
 * The tightest upper bound the statement puts on a numeric key. `limit <= max` answers "is the
 * key bounded by at most max" whether or not the bound is inclusive.
 */
export type NumericBound =
  | { kind: 'none' }
  | { kind: 'invalid'; condition: NormalizedCondition; value: string }
  | { kind: 'bound'; limit: number; inclusive: boolean; ifExists: boolean; condition: NormalizedCondition };

/**
 * The upper bound on `key` from `NumericLessThan`, `NumericLessThanEquals` or `NumericEquals`
 * conditions (e.g. `NumericLessThan aws:MultiFactorAuthAge 3600` → limit 3600, exclusive).
 * A condition's values are alternatives, so its bound is its largest value; conditions all
 * apply, so the smallest bound wins. Plain conditions are preferred over IfExists ones (which
 * bound nothing when the key is absent; the result says ifExists). Set-qualified conditions are
 * ignored: these operators bound single-valued keys.
 */
export function numericUpperBound(statement: NormalizedStatement, key: string): NumericBound {
  let best: Extract<NumericBound, { kind: 'bound' }> | undefined;
  for (const condition of findConditions(statement, key, Object.keys(UPPER_BOUND_OPERATORS))) {
    if (condition.setQualifier !== undefined) continue;
    let limit = -Infinity;
    for (const value of condition.values) {
      const parsed = parseNumericValue(value);
      if (parsed === undefined) return { kind: 'invalid', condition, value };
      limit = Math.max(limit, parsed);
    }
    const candidate = {
      kind: 'bound' as const,
      limit,
      inclusive: UPPER_BOUND_OPERATORS[condition.baseOperator] === true,
      ifExists: condition.ifExists,
      condition,
    };
    if (best === undefined || isTighter(candidate, best)) best = candidate;
  }
  return best ?? { kind: 'none' };
}

function isTighter(a: Extract<NumericBound, { kind: 'bound' }>, b: Extract<NumericBound, { kind: 'bound' }>): boolean {
  if (a.ifExists !== b.ifExists) return !a.ifExists;
  if (a.limit !== b.limit) return a.limit < b.limit;
  return !a.inclusive && b.inclusive;
}
