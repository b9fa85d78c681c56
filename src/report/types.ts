/**
 * The findings report: the public contract of `guardrails check --format json` (schema in
 * schema/findings-report.schema.json) and the single input of every renderer.
 */

export type Enforcement = 'enforce' | 'observe';

/** Outcome of one scenario or one guardrail. */
export type Outcome = 'passed' | 'failed' | 'indeterminate' | 'not-applicable';

/** A finding is only ever recorded for something that is not passing. */
export type FindingStatus = 'failed' | 'indeterminate' | 'waived';

export interface Finding {
  /** Resource address (or provider key / `plan` for plan-wide rules); always first in messages. */
  address: string;
  /** Resource type, or `provider` / `plan`. */
  type: string;
  status: FindingStatus;
  /** Attribute path the verdict is about; `` when it concerns the whole resource. */
  path: string;
  /** Address-first sentence: `<address>: <path> is "AES256"; expected "aws:kms"`. */
  message: string;
  expected?: string;
  actual?: string;
  /** The step (as written in the feature) that produced it. */
  step?: string;
  /** Present when status is `waived`, or when an expired waiver matched. */
  waiver?: { reason: string; owner: string; expires: string; expired: boolean };
}

export interface StepRecord {
  keyword: string;
  text: string;
  status: 'passed' | 'failed' | 'skipped' | 'undefined' | 'ambiguous' | 'pending';
  /** Error text for a step that threw (a custom step's own assertion). */
  error?: string;
}

export interface ScenarioResult {
  name: string;
  line: number;
  enforcement: Enforcement;
  status: Outcome;
  /** Why it is not-applicable or indeterminate, in one sentence. */
  reason?: string;
  findings: Finding[];
  steps: StepRecord[];
}

export interface GuardrailResult {
  id: string;
  title: string;
  description: string;
  /** Feature file, relative to the working directory when inside it. */
  uri: string;
  enforcement: Enforcement;
  status: Outcome;
  scenarios: ScenarioResult[];
  /** All scenarios' findings, in order. */
  findings: Finding[];
}

export interface FindingsReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  plan: { path: string; formatVersion: string; terraformVersion: string | null };
  /** Workload name when run in a workload gate or observation. */
  workload?: string;
  /** `failed` when an enforced guardrail failed (or was indeterminate under --on-indeterminate fail). */
  verdict: 'passed' | 'failed';
  onIndeterminate: 'fail' | 'warn';
  summary: Record<Outcome, number>;
  guardrails: GuardrailResult[];
  /** Waivers that matched nothing in this run. */
  unusedWaivers?: Array<{ guardrail: string; workload: string; addresses: string[]; reason: string }>;
}
