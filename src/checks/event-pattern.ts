import { readDocument } from '../plan/index.js';
import { isInvalidJsonDocument } from '../plan/documents.js';
import { toNumber } from './compare.js';
import type { Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

/**
 * EventBridge event patterns (`event_pattern`, a JSON string). A field of the pattern is a list of
 * matchers: literal values, or objects such as `{"numeric": [">=", 7]}` or `{"anything-but": "x"}`.
 * An event matches when every field matches one of its matchers.
 */
type Matchers = { state: 'matchers'; matchers: unknown[] } | { state: 'verdict'; verdict: Verdict };

function matchersAt(subject: Subject, attribute: string, field: string): Matchers {
  if (subject.kind !== 'resource') {
    return { state: 'verdict', verdict: verdict(subject, 'failed', attribute, 'is not a resource attribute holding an event pattern') };
  }
  const document = readDocument(subject.resource, attribute);
  if (document.state === 'unknown') {
    return { state: 'verdict', verdict: verdict(subject, 'indeterminate', attribute, 'is known only after apply, so its pattern cannot be judged') };
  }
  if (document.state === 'absent' || document.value === null) {
    return { state: 'verdict', verdict: verdict(subject, 'failed', attribute, 'holds no event pattern', { actual: 'absent' }) };
  }
  // Every pattern step selects rules: a pattern that cannot be read leaves it open whether the rule
  // belongs, so it is indeterminate (a finding), never silently left out of the selection.
  if (isInvalidJsonDocument(document.value)) {
    return { state: 'verdict', verdict: verdict(subject, 'indeterminate', attribute, 'is not valid JSON, so its event pattern cannot be read', { actual: 'not JSON' }) };
  }
  if (typeof document.value !== 'object' || Array.isArray(document.value)) {
    return {
      state: 'verdict',
      verdict: verdict(subject, 'indeterminate', attribute, `is ${kindOf(document.value)}, not an event pattern; expected a JSON object of fields`, {
        actual: kindOf(document.value),
      }),
    };
  }
  let node: unknown = document.value;
  const parts = field.split('.');
  for (const [index, part] of parts.entries()) {
    if (node === undefined) break;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      // A matcher list (or a value) where the field path goes deeper: the pattern is not shaped as the step reads it.
      const at = parts.slice(0, index).join('.');
      return {
        state: 'verdict',
        verdict: verdict(subject, 'indeterminate', `${attribute}:${at}`, `is ${kindOf(node)}, so the field ${field} cannot be read from the pattern`, {
          actual: kindOf(node),
        }),
      };
    }
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined) {
    return { state: 'verdict', verdict: verdict(subject, 'failed', `${attribute}:${field}`, 'is not matched by the pattern (field absent)', { actual: 'absent' }) };
  }
  if (!Array.isArray(node)) {
    return {
      state: 'verdict',
      verdict: verdict(subject, 'indeterminate', `${attribute}:${field}`, `is ${kindOf(node)}, not a list of matchers, so the pattern cannot be read`, {
        actual: kindOf(node),
      }),
    };
  }
  return { state: 'matchers', matchers: node };
}

/** The pattern admits only events whose field is one of the allowed values (every matcher a listed literal). */
export function checkPatternOneOf(subject: Subject, attribute: string, field: string, allowed: readonly string[]): Verdict {
  const read = matchersAt(subject, attribute, field);
  if (read.state === 'verdict') return read.verdict;
  const path = `${attribute}:${field}`;
  const outside = read.matchers.filter((matcher) => typeof matcher !== 'string' || !allowed.includes(matcher));
  return read.matchers.length > 0 && outside.length === 0
    ? verdict(subject, 'passed', path, `matches ${show(read.matchers)}`)
    : verdict(subject, 'failed', path, `matches ${show(read.matchers)}; expected only ${show(allowed)}`, {
        expected: `only ${show(allowed)}`,
        actual: show(read.matchers),
      });
}

/** The pattern admits only events whose numeric field is at least `min`. */
export function checkPatternAtLeast(subject: Subject, attribute: string, field: string, min: number): Verdict {
  const read = matchersAt(subject, attribute, field);
  if (read.state === 'verdict') return read.verdict;
  const path = `${attribute}:${field}`;
  const lowest = read.matchers.map(lowerBound);
  const admitted = lowest.every((bound) => bound !== undefined && bound >= min);
  return read.matchers.length > 0 && admitted
    ? verdict(subject, 'passed', path, `matches ${show(read.matchers)}`)
    : verdict(subject, 'failed', path, `matches ${show(read.matchers)}; expected only values at least ${min}`, {
        expected: `>= ${min}`,
        actual: show(read.matchers),
      });
}

/** The pattern excludes the value with an `anything-but` matcher on the field. */
export function checkPatternExcludes(subject: Subject, attribute: string, field: string, excluded: string): Verdict {
  const read = matchersAt(subject, attribute, field);
  if (read.state === 'verdict') return read.verdict;
  const path = `${attribute}:${field}`;
  const excludes = read.matchers.length > 0 && read.matchers.every((matcher) => anythingBut(matcher).includes(excluded));
  return excludes
    ? verdict(subject, 'passed', path, `excludes ${JSON.stringify(excluded)}`)
    : verdict(subject, 'failed', path, `matches ${show(read.matchers)}; expected an anything-but of ${JSON.stringify(excluded)}`, {
        expected: `{"anything-but": ${JSON.stringify(excluded)}}`,
        actual: show(read.matchers),
      });
}

// The smallest value a matcher admits: a literal number, or the lower bound of a numeric range
// (">" admits anything above, so its bound is exclusive; treating it as inclusive errs on the safe side
// only when compared with >=, which is what callers do).
function lowerBound(matcher: unknown): number | undefined {
  const literal = toNumber(matcher);
  if (literal !== undefined) return literal;
  if (matcher === null || typeof matcher !== 'object' || !('numeric' in matcher)) return undefined;
  const terms = (matcher as { numeric: unknown }).numeric;
  if (!Array.isArray(terms)) return undefined;
  let bound: number | undefined;
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const operator = terms[i];
    const value = toNumber(terms[i + 1]);
    if (value === undefined) return undefined;
    if (operator === '>=' || operator === '>' || operator === '=') bound = Math.max(bound ?? -Infinity, value);
  }
  return bound;
}

function anythingBut(matcher: unknown): unknown[] {
  if (matcher === null || typeof matcher !== 'object' || !('anything-but' in matcher)) return [];
  const value = (matcher as Record<string, unknown>)['anything-but'];
  return Array.isArray(value) ? value : [value];
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
