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
  /** Where the resource is declared in the workload's `.tf` sources, when they were given and place it. */
  location?: FindingLocation;
}

/** A file relative to the repository root (`/`-separated), and the 1-based line when known. */
export interface FindingLocation {
  path: string;
  line?: number;
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
  /**
   * Things the run suspects but cannot call an error, each `file:line: message`: a resource type
   * that selects nothing while a type one typo away is in the plan. Present only when there are some.
   */
  warnings?: string[];
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
  /**
   * Waivers of the workload's own (local) file that the central waivers file does not allow it to
   * grant itself: not applied, so their findings still count.
   */
  ignoredWaivers?: Array<{ guardrail: string; workload: string; addresses: string[]; reason: string; file: string }>;
  /**
   * Present for a changed-only run: how many managed resource instances were judged (those the plan
   * changes and those connected to them), and the addresses of those left out.
   */
  changedOnly?: { judged: number; untouched: string[] };
}

/** Where a workload's plan came from in an observation. */
export type WorkloadOrigin = 'local' | 'gitlab';

/** One workload's row of the observation matrix. */
export interface ObservedWorkload {
  name: string;
  origin: WorkloadOrigin;
  /** Shown in reports: project, ref, job, pipeline id, plan path, ... */
  metadata: Record<string, string>;
  /** GitLab usernames or group paths the registry names as owners (validated there); reports mention them next to failures. */
  owners?: string[];
  /** `error` when the plan could not be fetched or loaded; `report` is then absent. */
  status: 'evaluated' | 'error';
  error?: string;
  report?: FindingsReport;
}

/** Per candidate guardrail across all workloads. */
export interface ObservedGuardrail {
  id: string;
  title: string;
  uri: string;
  /** How many workloads ended in each outcome; `error` counts workloads that could not be evaluated. */
  totals: Record<Outcome | 'error', number>;
  promotable: boolean;
  /** Workloads that block promotion (failed, indeterminate, or error). */
  blockingWorkloads: string[];
}

/** The public contract of `guardrails observe --format json` (schema/observation-report.schema.json). */
export interface ObservationReport {
  schemaVersion: 1;
  kind: 'observation';
  tool: { name: string; version: string };
  /** Present for a shard's partial result; absent for a whole (or merged) run. */
  shard?: {
    index: number;
    count: number;
    /** sha256 of the registry file the shard was cut from; merging refuses shards of different registries. */
    registry?: string;
    /** How many workloads the whole registry holds. */
    workloads?: number;
  };
  /**
   * Present when no guardrail was added or changed since `changedSince`: nothing was observed
   * (`guardrails` and `workloads` are empty), the run is clean, and nothing can be promoted.
   */
  nothingToObserve?: { changedSince: string };
  guardrails: ObservedGuardrail[];
  workloads: ObservedWorkload[];
  promotion: {
    promotable: boolean;
    blocking: Array<{ guardrail: string; workload: string; status: Outcome | 'error' }>;
  };
}
