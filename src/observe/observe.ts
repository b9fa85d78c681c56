/**
 * The observation as one library call: registry → fetch and load each workload's plan →
 * evaluate the candidate guardrails → waivers → matrix → reports → exit code. `observe merge` is
 * the same for shard results. The CLI only parses options into a request and prints.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TextSink } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import type { LoadedPlan } from '../plan/types.js';
import type { FormatRequest } from '../report/formats.js';
import type { FindingsReport, ObservationReport } from '../report/types.js';
import { toolVersion } from '../version.js';
import { GitLabClient, gitLabAuthFromEnv, gitLabBaseUrl } from './gitlab-client.js';
import { changedGuardrails, type CandidateSelection } from './candidates.js';
import { mergeShards, shardPurpose } from './merge.js';
import { readObservationFile } from './observation-input.js';
import { loadRegistry } from './registry.js';
import type { Shard } from './shard.js';
import { nothingToObserve, observeWorkloads } from './workloads.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Evaluates the candidate guardrails against one plan; built once per run so support code loads once. */
export type WorkloadEvaluator = (plan: LoadedPlan, sourceDir: string | undefined) => Promise<FindingsReport>;

/** Prepares the evaluator for a set of feature files or directories (all run in observe mode). */
export type EvaluatorFactory = (request: { features: string[]; tags?: string; cwd: string; env: Env }) => Promise<WorkloadEvaluator>;

export interface ObserveRequest {
  /** The workloads registry (YAML), relative to cwd. */
  workloads: string;
  /** Candidate feature files or directories (default: the catalogue, or its changes since `changedSince`). */
  features?: readonly string[];
  /**
   * Without `features`: observe only the catalogue's feature files added or changed since this
   * git revision (the merge request's base), or the whole catalogue when evaluation code changed.
   */
  changedSince?: string;
  /** The catalogue directory (default: the bundled one; tests and embedders name their own). */
  catalogue?: string;
  /** Told which guardrails were selected by `changedSince`. */
  onCandidates?: (selection: CandidateSelection) => void;
  /** Reports to write (default: the summary on stdout). */
  formats?: readonly FormatRequest[];
  cwd: string;
  /** The tool's environment: the GitLab URL and token are read from it; it never reaches a child process. */
  env: Env;
  /** Where `-` destinations go. */
  stdout: TextSink;
  /** Workloads evaluated at the same time (default 4). */
  concurrency?: number;
  shard?: Shard;
  /** Waivers file applied to every workload (default: the waivers.yaml beside the registry, when there is one). */
  waivers?: string;
  /** GitLab API v4 base (default: CI_API_V4_URL from env). */
  gitlabUrl?: string;
  /** Deadline of one GitLab request attempt, body included (default 30 s). */
  gitlabTimeoutMs?: number;
  /** The day waivers are judged on (default: now). */
  today?: Date;
  onProgress?: (done: number, total: number, workload: string) => void;
  /** Replaces the cucumber evaluator (tests, embedding programs). */
  evaluator?: EvaluatorFactory;
}

/** What observe() and mergeObservations() return: the report written, the exit code it means, and any bugs met. */
export interface ObserveOutcome {
  report: ObservationReport;
  /** 0 promotable, 1 some workload blocks promotion (or could not be evaluated), 3 a bug was met on some workload. */
  exitCode: number;
  /** Workloads on which an internal error (a bug) happened; their rows say so too. */
  internalErrors: Array<{ workload: string; error: unknown }>;
}

/** Runs an observation and writes its reports. User-fixable problems of the run as a whole throw GuardrailsError. */
export async function observe(request: ObserveRequest): Promise<ObserveOutcome> {
  const today = request.today ?? new Date();
  const registry = await loadRegistry(request.workloads, request.cwd);
  const waiversFile = request.waivers ?? centralWaiversBeside(request.workloads, request.cwd);
  const waivers = waiversFile === undefined ? undefined : await (await import('../waivers/load.js')).loadWaivers(waiversFile, { today, cwd: request.cwd });
  const baseUrl = gitLabBaseUrl(request.gitlabUrl, request.env);
  const gitlab =
    baseUrl === undefined
      ? undefined
      : new GitLabClient({ baseUrl, auth: gitLabAuthFromEnv(request.env), ...(request.gitlabTimeoutMs === undefined ? {} : { timeoutMs: request.gitlabTimeoutMs }) });
  const tool = { name: 'tofu-guardrails', version: toolVersion() };
  const { features, tags } = await candidateFeatures(request);
  if (features.length === 0 && request.changedSince !== undefined) {
    // The merge request changed no guardrail (a docs-only change): a clean run that fetches no
    // workload and promotes nothing, rather than a red pipeline nobody can fix.
    const report = nothingToObserve(registry, { tool, shard: request.shard, changedSince: request.changedSince });
    await writeObservationReports(report, request);
    return { report, exitCode: exitCodeOf(report, []), internalErrors: [] };
  }
  const evaluate = await (request.evaluator ?? runnerEvaluator)({ features, ...(tags !== undefined ? { tags } : {}), cwd: request.cwd, env: request.env });
  const { loadPlan } = await import('../plan/load.js');
  const internalErrors: ObserveOutcome['internalErrors'] = [];
  const report = await observeWorkloads(registry, {
    cwd: request.cwd,
    // Workloads' plans are JSON (binary ones are refused when fetched); the loader gets no environment, so it could not start a child with tokens.
    deps: { loadPlan: (input, cwd) => loadPlan(input, { cwd, env: {} }), evaluate, gitlab },
    tool,
    concurrency: request.concurrency ?? 4,
    shard: request.shard,
    waivers,
    today,
    onProgress: request.onProgress,
    onInternalError: (workload, error) => internalErrors.push({ workload, error }),
  });
  await writeObservationReports(report, request);
  return { report, exitCode: exitCodeOf(report, internalErrors), internalErrors };
}

export interface MergeRequest {
  /** The shard json files, relative to cwd. */
  files: readonly string[];
  formats?: readonly FormatRequest[];
  cwd: string;
  stdout: TextSink;
}

/** Validates and merges shard results into the observation a single run would have produced, and writes its reports. */
export async function mergeObservations(request: MergeRequest): Promise<ObserveOutcome> {
  const shards = await Promise.all(request.files.map(async (file) => ({ file, report: await readObservationFile(file, request.cwd, shardPurpose) })));
  const report = mergeShards(shards);
  await writeObservationReports(report, request);
  return { report, exitCode: exitCodeOf(report, []), internalErrors: [] };
}

/**
 * --features as given; else the catalogue's guardrails changed since the base; else the whole
 * catalogue. The catalogue's opt-in starter library (`library/`) is left out unless named.
 */
async function candidateFeatures(request: ObserveRequest): Promise<{ features: string[]; tags?: string }> {
  const { guardrailSelection, bundledFeatures } = await import('../runner/run.js');
  if (request.features !== undefined || (request.catalogue === undefined && request.changedSince === undefined)) return guardrailSelection(request.features, undefined);
  const catalogue = request.catalogue ?? bundledFeatures();
  const { tags } = guardrailSelection(undefined, undefined);
  if (request.changedSince === undefined) return { features: [catalogue], ...(tags !== undefined ? { tags } : {}) };
  const selection = await changedGuardrails(catalogue, request.changedSince, request.env);
  const library = `${path.join(catalogue, 'library')}${path.sep}`;
  const changed = selection.features.filter((file) => !file.startsWith(library));
  request.onCandidates?.({ ...selection, features: changed });
  return { features: selection.whole ? [catalogue] : changed, ...(tags !== undefined ? { tags } : {}) };
}

/** The repository's central waivers.yaml, beside the workloads registry, when there is one. */
function centralWaiversBeside(registry: string, cwd: string): string | undefined {
  const file = path.join(path.dirname(path.resolve(cwd, registry)), 'waivers.yaml');
  return existsSync(file) ? path.relative(cwd, file) || file : undefined;
}

/** The real evaluator: every candidate guardrail in observe mode, so no workload fails the run by itself. */
const runnerEvaluator: EvaluatorFactory = async ({ features, tags, cwd, env }) => {
  const { checkPlan } = await import('../runner/check-plan.js');
  return (plan, sourceDir) => checkPlan(plan, { sourceDir, features, ...(tags !== undefined ? { tags } : {}), mode: 'observe-all', onIndeterminate: 'warn', cwd, env });
};

async function writeObservationReports(report: ObservationReport, request: { formats?: readonly FormatRequest[]; cwd: string; stdout: TextSink }): Promise<void> {
  const { parseFormatSpec, writeReports } = await import('../report/index.js');
  const formats = request.formats === undefined || request.formats.length === 0 ? [parseFormatSpec('summary:-')] : request.formats;
  await writeReports(formats, report, { cwd: request.cwd, stdout: request.stdout });
}

/** 3 when a bug was met; else 0 when promotable or nothing was there to observe, 1 when some workload (of this shard, for a shard) blocks promotion. */
function exitCodeOf(report: ObservationReport, internalErrors: ObserveOutcome['internalErrors']): number {
  if (internalErrors.length > 0) return ExitCode.Internal;
  return report.promotion.promotable || report.nothingToObserve !== undefined ? ExitCode.Clean : ExitCode.Failed;
}
