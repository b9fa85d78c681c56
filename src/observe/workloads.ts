import pLimit from 'p-limit';
import { isGuardrailsError, type GuardrailsError } from '../errors.js';
import type { LoadedPlan } from '../plan/types.js';
import type { FindingsReport, ObservationReport, ObservedWorkload } from '../report/types.js';
import { applyWaivers } from '../waivers/apply.js';
import type { Waiver } from '../waivers/types.js';
import { fetchWorkload } from './fetch-workload.js';
import type { GitLabClient } from './gitlab-client.js';
import { buildObservationMatrix } from './matrix.js';
import type { RegisteredWorkload, WorkloadRegistry } from './registry.js';
import { selectShard, type Shard } from './shard.js';

/** What an observation needs from the rest of the tool; injected so each piece can be replaced in tests. */
export interface ObserveDeps {
  /** Loads a plan JSON file relative to cwd (binary plans are refused before); user-fixable problems throw GuardrailsError. */
  loadPlan(input: string, cwd: string): Promise<LoadedPlan>;
  /** Evaluates the candidate guardrails (all in observe mode) against one plan and its sources. */
  evaluate(plan: LoadedPlan, sourceDir: string | undefined): Promise<FindingsReport>;
  /** Undefined when no GitLab API is configured; GitLab workloads then report an error. */
  gitlab: GitLabClient | undefined;
}

export interface ObserveWorkloadsOptions {
  cwd: string;
  deps: ObserveDeps;
  tool: ObservationReport['tool'];
  concurrency: number;
  shard?: Shard;
  waivers?: readonly Waiver[];
  today: Date;
  /** Called as each workload finishes (for a progress line). */
  onProgress?: (done: number, total: number, workload: string) => void;
  /**
   * Called for an error that is not the input's fault (a bug). The workload is still recorded
   * as an error and the others still run, so that every report is written.
   */
  onInternalError?: (workload: string, error: unknown) => void;
}

/** Runs every (selected) workload of the registry concurrently and builds the observation matrix. */
export async function observeWorkloads(registry: WorkloadRegistry, options: ObserveWorkloadsOptions): Promise<ObservationReport> {
  const selected = selectShard(registry.workloads, options.shard);
  const limit = pLimit(Math.max(1, options.concurrency));
  let done = 0;
  const rows = await Promise.all(
    selected.map((workload) =>
      limit(async () => {
        const row = await observeWorkload(workload, options);
        done += 1;
        options.onProgress?.(done, selected.length, workload.name);
        return row;
      }),
    ),
  );
  const shard =
    options.shard === undefined ? undefined : { ...options.shard, registry: registry.digest, workloads: registry.workloads.length };
  return buildObservationMatrix(rows, options.tool, shard);
}

/**
 * The result of a run with no candidate guardrail because none was added or changed since the
 * base: no row, no guardrail, not promotable (nothing was shown safe), and marked so that readers
 * tell it from an observation that failed. A shard keeps its place so that `observe merge` works.
 */
export function nothingToObserve(registry: WorkloadRegistry, options: { tool: ObservationReport['tool']; shard?: Shard; changedSince: string }): ObservationReport {
  const report: ObservationReport = {
    schemaVersion: 1,
    kind: 'observation',
    tool: options.tool,
    nothingToObserve: { changedSince: options.changedSince },
    guardrails: [],
    workloads: [],
    promotion: { promotable: false, blocking: [] },
  };
  if (options.shard !== undefined) report.shard = { ...options.shard, registry: registry.digest, workloads: registry.workloads.length };
  return report;
}

function newRow(workload: RegisteredWorkload): ObservedWorkload {
  return {
    name: workload.name,
    origin: workload.gitlab === undefined ? 'local' : 'gitlab',
    metadata: { ...workload.metadata },
    ...(workload.owners.length === 0 ? {} : { owners: [...workload.owners] }),
    status: 'error',
  };
}

async function observeWorkload(workload: RegisteredWorkload, options: ObserveWorkloadsOptions): Promise<ObservedWorkload> {
  const row = newRow(workload);
  let cleanup = async (): Promise<void> => undefined;
  try {
    const fetched = await fetchWorkload(workload, options.cwd, options.deps.gitlab);
    cleanup = fetched.cleanup;
    row.metadata.planPath = fetched.displayPath;
    if (fetched.commit !== undefined) row.metadata.commit = fetched.commit;
    const loaded = await options.deps.loadPlan(fetched.planInput, options.cwd).catch((error: unknown) => {
      throw relabel(error, fetched.displayPath);
    });
    const plan: LoadedPlan = { ...loaded, displayPath: fetched.displayPath };
    const evaluated = await options.deps.evaluate(plan, fetched.sourceDir);
    const report: FindingsReport = { ...evaluated, workload: workload.name };
    row.report = options.waivers === undefined ? report : applyWaivers(report, options.waivers, { workload: workload.name, today: options.today });
    row.status = 'evaluated';
  } catch (error) {
    // One workload's bad plan or unreachable artifact must not stop the others, nor a bug met on one workload.
    if (isGuardrailsError(error)) {
      row.error = describe(error);
    } else {
      // The error's own text may quote input; the report names its kind, the caller gets the error.
      const kind = error instanceof Error ? error.name : typeof error;
      row.error = `internal error (${kind}) while evaluating this workload: a bug in tofu-guardrails; please report it with the details printed on stderr.`;
      options.onInternalError?.(workload.name, error);
    }
  } finally {
    await cleanup().catch(() => undefined);
  }
  return row;
}

/** A downloaded plan sits in a temporary file; messages name where it came from instead. */
function relabel(error: unknown, displayPath: string): unknown {
  if (isGuardrailsError(error)) Object.defineProperty(error, 'file', { value: displayPath });
  return error;
}

function describe(error: GuardrailsError): string {
  const where = error.file ? `${error.file}: ` : '';
  return `${where}${error.message}${error.hint ? ` ${error.hint}` : ''}`;
}
