/**
 * Reading the policy document a subject's attribute holds, for the policy checks: parsed once,
 * refused with a reason when IAM would refuse it, rendered from configuration when its JSON is
 * known only after apply (policy-source.ts).
 */
import { isInvalidJsonDocument } from '../plan/documents.js';
import type { PlanModel } from '../plan/types.js';
import { parsePolicy, symbolsIn, type PolicyDocument, type StatementField } from '../iam/index.js';
import { readPolicySource } from './policy-source.js';
import type { Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

export type PolicyRead = { state: 'document'; document: PolicyDocument; from: string | undefined } | { state: 'verdict'; verdict: Verdict };

/**
 * Why a policy is read. A check (`judge`) fails a document that is plainly not a policy; a selection
 * filter (`select`) cannot tell whether such a resource belongs, so it is indeterminate there, and the
 * resource becomes a finding instead of silently leaving the selection.
 */
export type ReadPurpose = 'judge' | 'select';

/** What a check reads of a document: the statements of an effect (or all), and which of their elements. */
export interface Reads {
  effect?: 'Allow' | 'Deny';
  fields: readonly StatementField[];
}

// The Deny queries read the Denies' actions, principals and conditions, never their resources.
export const DENY_READS: Reads = { effect: 'Deny', fields: ['Action', 'Principal', 'Condition'] };

const parsedPolicies = new WeakMap<object, PolicyDocument | string>();

/**
 * Reads the policy document held (as a JSON string) by an attribute, or rendered from the
 * `aws_iam_policy_document` it is set from when its JSON is known only after apply; a verdict when
 * it cannot be read. A rendered document may hold values known only after apply: when the check
 * `reads` an element holding one, the verdict is indeterminate, naming what it waits for.
 */
export function readPolicy(model: PlanModel | undefined, subject: Subject, attribute: string, purpose: ReadPurpose, reads: Reads): PolicyRead {
  const unreadable: Verdict['status'] = purpose === 'select' ? 'indeterminate' : 'failed';
  if (subject.kind !== 'resource') {
    return { state: 'verdict', verdict: verdict(subject, 'failed', attribute, 'is not a resource attribute holding a policy') };
  }
  const source = readPolicySource(model, subject.resource, attribute);
  if (source.state === 'unknown') {
    const because = source.reason ? ` (${source.reason})` : '';
    return {
      state: 'verdict',
      verdict: verdict(subject, 'indeterminate', attribute, `is known only after apply, so its policy cannot be judged${because}`, {
        actual: 'known after apply',
      }),
    };
  }
  if (source.state === 'rendered') {
    const waiting = [...new Set(
      source.document.statements
        .filter((statement) => reads.effect === undefined || statement.effect === reads.effect)
        .flatMap((statement) => symbolsIn(statement, reads.fields)),
    )];
    if (waiting.length > 0) {
      return {
        state: 'verdict',
        verdict: verdict(subject, 'indeterminate', attribute, `is known only after apply; rendered from the configuration of ${source.from}, it holds ${waiting.join('; ')} (known only after apply) where this check must look`, {
          actual: 'known after apply',
        }),
      };
    }
    return { state: 'document', document: source.document, from: source.from };
  }
  const raw = source.value;
  const from = source.state === 'followed' ? source.from : undefined;
  if (raw.state === 'unknown') {
    return {
      state: 'verdict',
      verdict: verdict(subject, 'indeterminate', attribute, 'is known only after apply, so its policy cannot be judged', { actual: 'known after apply' }),
    };
  }
  if (raw.state === 'absent' || raw.value === null) {
    return { state: 'verdict', verdict: verdict(subject, 'failed', attribute, 'holds no policy document', { actual: 'absent' }) };
  }
  if (typeof raw.value !== 'object') {
    return {
      state: 'verdict',
      verdict: verdict(subject, unreadable, attribute, `is ${show(raw.value)}, not a policy document; expected a JSON policy document`, { actual: typeof raw.value }),
    };
  }
  let parsed = parsedPolicies.get(raw.value);
  if (parsed === undefined) {
    // A string that is not JSON reaches here as the plan layer's marker; parsing its text gives the
    // policy parser's own message ("not valid JSON", "an empty string") instead of one about the marker.
    const result = parsePolicy(isInvalidJsonDocument(raw.value) ? raw.value.text : raw.value);
    parsed = result.ok ? result.document : result.reason;
    parsedPolicies.set(raw.value, parsed);
  }
  if (typeof parsed === 'string') {
    return { state: 'verdict', verdict: verdict(subject, unreadable, attribute, `is not a valid policy document: ${parsed}`) };
  }
  return { state: 'document', document: parsed, from };
}

