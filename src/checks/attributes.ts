import { SENSITIVE } from '../plan/sensitive.js';
import type { PlanModel, TriValue } from '../plan/types.js';
import { readPath } from '../plan/index.js';
import { canCompare, compareKnown, describeExpectation, holdsWhenAbsent, type Comparison } from './compare.js';
import { isJsonPath, readSubject, type SubjectValue } from './read.js';
import type { Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

/**
 * Why an attribute is read: a check (`judge`) fails a value the comparison cannot read (a list where a
 * regular expression expects text); a selection filter (`select`) cannot tell whether such a resource
 * belongs, so the value is indeterminate there and becomes a finding instead of a silent drop.
 */
export type ReadPurpose = 'judge' | 'select';

/**
 * Judges one attribute path of a subject. With a wildcard path every value reached must satisfy the
 * comparison. Failed wins over indeterminate; indeterminate wins over passed.
 */
export function checkAttribute(model: PlanModel, subject: Subject, path: string, comparison: Comparison, purpose: ReadPurpose = 'judge'): Verdict {
  const values = readSubject(model, subject, path);
  const expected = describeExpectation(comparison);
  if (values.length === 0) {
    return holdsWhenAbsent(comparison)
      ? verdict(subject, 'passed', path, 'is not set')
      : verdict(subject, 'failed', path, `is absent; expected ${expected}`, { expected, actual: 'absent' });
  }
  const judged = values.map((value) => judgeValue(subject, value, comparison, expected, purpose));
  return judged.find((v) => v.status === 'failed') ?? judged.find((v) => v.status === 'indeterminate') ?? judged[0]!;
}

function judgeValue(subject: Subject, value: SubjectValue, comparison: Comparison, expected: string, purpose: ReadPurpose): Verdict {
  const path = value.path;
  const tri = value.value;
  if (tri.state === 'unknown') {
    // A configuration reference guarantees that something is set, even before its value is known.
    if (comparison.op === 'set' && value.references.length > 0) {
      return verdict(subject, 'passed', path, `is set from ${value.references[0]} (known after apply)`);
    }
    // Whatever the expression evaluates to, the configuration sets the attribute.
    if (comparison.op === 'not-set' && value.configured) {
      const source = value.references[0] ?? 'an expression whose value the plan does not show';
      return verdict(subject, 'failed', path, `is set from ${source}; expected it not to be set`, {
        expected,
        actual: source,
      });
    }
    if (value.undecidedBecause) {
      return verdict(subject, 'indeterminate', path, `${value.undecidedBecause}; expected ${expected}`, { expected, actual: 'undecided' });
    }
    return verdict(subject, 'indeterminate', path, `is known only after apply; expected ${expected}`, {
      expected,
      actual: 'known after apply',
    });
  }
  const actualValue = tri.state === 'known' ? tri.value : undefined;
  if (actualValue === undefined || actualValue === null) {
    return holdsWhenAbsent(comparison)
      ? verdict(subject, 'passed', path, 'is not set')
      : verdict(subject, 'failed', path, `is not set; expected ${expected}`, { expected, actual: 'not set' });
  }
  const actual = value.sensitive ? SENSITIVE : show(actualValue);
  // `kms_key_id = ""` configures no key: an empty value is as unset as null, whichever way it is asked.
  if ((comparison.op === 'set' || comparison.op === 'not-set') && isEmptyValue(actualValue)) {
    return comparison.op === 'not-set'
      ? verdict(subject, 'passed', path, `is not set (it is ${actual})`)
      : verdict(subject, 'failed', path, `is ${actual}, which is not set; expected ${expected}`, { expected, actual });
  }
  if (purpose === 'select' && !canCompare(actualValue, comparison)) {
    return verdict(subject, 'indeterminate', path, `is ${actual}, which cannot be compared with ${expected}`, { expected, actual });
  }
  if ((comparison.op === 'contains' || comparison.op === 'not-contains') && Array.isArray(actualValue)) {
    return judgeMembership(subject, path, actualValue, comparison, expected, actual);
  }
  if (compareKnown(actualValue, comparison)) {
    return verdict(subject, 'passed', path, `is ${actual}`, { expected, actual });
  }
  const detail = comparison.op === 'not-set' ? `is set to ${actual}; expected it not to be set` : `is ${actual}; expected ${expected}`;
  return verdict(subject, 'failed', path, detail, { expected, actual });
}

/**
 * `contains` over a list read item by item: the plan can know a list's length while an item is known
 * only after apply, so a list without the value but with an unknown item is indeterminate.
 */
function judgeMembership(
  subject: Subject,
  path: string,
  list: readonly unknown[],
  comparison: Extract<Comparison, { op: 'contains' | 'not-contains' }>,
  expected: string,
  actual: string,
): Verdict {
  // Provider settings come from configuration constants, which hold no unknown items; a JSONPath's
  // whole-value result has its unknowns added by the reader.
  const items: readonly { value: TriValue }[] =
    (subject.kind === 'resource' || subject.kind === 'item') && !isJsonPath(path)
      ? readPath(subject.resource, `${path}[*]`)
      : list.map((value) => ({ value: { state: 'known', value } as const }));
  const found = items.some((item) => item.value.state === 'known' && compareKnown([item.value.value], { op: 'contains', expected: comparison.expected }));
  const holds = comparison.op === 'contains' ? found : !found;
  if (!found && items.some((item) => item.value.state === 'unknown')) {
    return verdict(subject, 'indeterminate', path, `has items known only after apply; expected ${expected}`, { expected, actual: 'known after apply' });
  }
  if (holds) return verdict(subject, 'passed', path, `is ${actual}`, { expected, actual });
  return verdict(subject, 'failed', path, `is ${actual}; expected ${expected}`, { expected, actual });
}

/** An empty string, list or object: present in the plan, but setting nothing. */
export function isEmptyValue(value: unknown): boolean {
  if (value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
