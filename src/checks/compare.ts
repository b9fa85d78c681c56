import type { TextPattern } from '../patterns/regex.js';

/** How an attribute value is judged. Every comparison is tri-state over known/unknown/absent values. */
export type Comparison =
  | { readonly op: 'equals'; readonly expected: string | number | boolean }
  | { readonly op: 'one-of'; readonly expected: readonly string[] }
  | { readonly op: 'matches'; readonly pattern: TextPattern }
  | { readonly op: 'at-least'; readonly bound: number }
  | { readonly op: 'at-most'; readonly bound: number }
  | { readonly op: 'set' }
  | { readonly op: 'not-set' }
  | { readonly op: 'not-equals'; readonly expected: string | number | boolean }
  | { readonly op: 'not-one-of'; readonly expected: readonly string[] }
  | { readonly op: 'not-matches'; readonly pattern: TextPattern }
  | { readonly op: 'contains'; readonly expected: string }
  | { readonly op: 'not-contains'; readonly expected: string };

/**
 * A negated comparison holds for a value that is not there: an attribute that is not set is not
 * "public-read", does not match a pattern and contains nothing.
 */
export function holdsWhenAbsent(comparison: Comparison): boolean {
  switch (comparison.op) {
    case 'not-set':
    case 'not-equals':
    case 'not-one-of':
    case 'not-matches':
    case 'not-contains':
      return true;
    default:
      return false;
  }
}

/** The phrase for "expected ..." in messages. */
export function describeExpectation(comparison: Comparison): string {
  switch (comparison.op) {
    case 'equals':
      return JSON.stringify(comparison.expected);
    case 'one-of':
      return `one of ${comparison.expected.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'matches':
      return `a match for ${String(comparison.pattern)}`;
    case 'at-least':
      return `at least ${comparison.bound}`;
    case 'at-most':
      return `at most ${comparison.bound}`;
    case 'set':
      return 'a value';
    case 'not-set':
      return 'not set';
    case 'not-equals':
      return `not ${JSON.stringify(comparison.expected)}`;
    case 'not-one-of':
      return `none of ${comparison.expected.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'not-matches':
      return `no match for ${String(comparison.pattern)}`;
    case 'contains':
      return `a list containing ${JSON.stringify(comparison.expected)}`;
    case 'not-contains':
      return `a list without ${JSON.stringify(comparison.expected)}`;
  }
}

/**
 * Whether the comparison can read the value at all: a regular expression and a negated equality read
 * strings, numbers and booleans; a bound reads numbers and numeric strings; `contains` reads lists.
 * Other comparisons read any value.
 */
export function canCompare(value: unknown, comparison: Comparison): boolean {
  switch (comparison.op) {
    case 'matches':
    case 'not-matches':
    case 'not-equals':
    case 'not-one-of':
      return isScalar(value);
    case 'contains':
    case 'not-contains':
      return Array.isArray(value);
    case 'at-least':
    case 'at-most':
      return toNumber(value) !== undefined;
    default:
      return true;
  }
}

/** Judges a known, present value (null and absent values are handled by the caller). */
export function compareKnown(value: unknown, comparison: Comparison): boolean {
  switch (comparison.op) {
    case 'equals':
      return looselyEqual(value, comparison.expected);
    case 'one-of':
      return comparison.expected.some((expected) => looselyEqual(value, expected));
    case 'matches':
      return isScalar(value) && comparison.pattern.test(String(value));
    case 'at-least': {
      const number = toNumber(value);
      return number !== undefined && number >= comparison.bound;
    }
    case 'at-most': {
      const number = toNumber(value);
      return number !== undefined && number <= comparison.bound;
    }
    case 'set':
      return true;
    case 'not-set':
      return false;
    // A list or an object is not the text "x", but a rule saying so was written about a single value.
    case 'not-equals':
      return isScalar(value) && !looselyEqual(value, comparison.expected);
    case 'not-one-of':
      return isScalar(value) && !comparison.expected.some((expected) => looselyEqual(value, expected));
    case 'not-matches':
      return isScalar(value) && !comparison.pattern.test(String(value));
    case 'contains':
      return Array.isArray(value) && value.some((item) => looselyEqual(item, comparison.expected));
    case 'not-contains':
      return Array.isArray(value) && !value.some((item) => looselyEqual(item, comparison.expected));
  }
}

// Feature files write every value as text; plan JSON keeps numbers and booleans typed. "3600" in a
// feature equals 3600 in the plan, "true" equals true; nothing else is coerced.
function looselyEqual(actual: unknown, expected: string | number | boolean): boolean {
  if (actual === expected) return true;
  if (typeof actual === 'number') return toNumber(expected) === actual;
  if (typeof actual === 'boolean') return String(actual) === String(expected);
  if (typeof actual === 'string' && typeof expected !== 'string') return actual === String(expected);
  return false;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Number from a number or a numeric string; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
