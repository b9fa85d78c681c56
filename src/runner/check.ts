import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import { loadPlan } from '../plan/index.js';
import { parseFormatSpec, writeReports } from '../report/index.js';
import type { FindingsReport } from '../report/types.js';
import { checkExitCode } from '../report/verdict.js';
import { applyWaivers } from '../waivers/apply.js';
import { bundledCentralWaivers, gateWaivers } from '../waivers/central.js';
import type { TextSink } from '../cli/io.js';
import { checkPlan } from './check-plan.js';
import { guardrailSelection } from './run.js';

/** One run of the gate, as `guardrails check` takes it. */
export interface CheckOptions {
  /** Plan JSON file, `-` for `stdin`, or a binary plan (rendered with `tofu show -json` in `chdir`). */
  plan: string;
  /** Working directory: relative paths are resolved against it. */
  cwd: string;
  /** Environment of the child process that renders a binary plan, and of cucumber. Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Configuration directory: where a binary plan is shown, and the default sources. */
  chdir?: string;
  /** Directory of the `.tf` sources (default: `chdir`, else `cwd` when it holds `.tf` files). */
  source?: string;
  /** Feature files or directories (default: the bundled catalogue, without its opt-in library). */
  features?: string[];
  /** Cucumber tag expression selecting guardrails (default for the bundled catalogue: `not @library`). */
  tags?: string;
  /** The team's own step definition files, loaded beside the built-in steps. */
  steps?: string[];
  /** Report requests as on the command line (`summary`, `json:reports/guardrails.json`); default none. */
  formats?: string[];
  /** Whether an enforced indeterminate guardrail fails the run (default `fail`). */
  onIndeterminate?: 'fail' | 'warn';
  /** Binary that renders a binary plan (default: tofu, then terraform). */
  tofuBin?: string;
  /** How long `show -json` may run on a binary plan before it is stopped (default 120 s). */
  showTimeoutMs?: number;
  /**
   * The workload's own waivers file; needs `workload`. Only the waivers the central file allows
   * it to grant itself (`allow_local_waivers`) apply; the rest are reported as ignored.
   */
  waivers?: string;
  /** The central waivers file (default: the one shipped in the package); null for none. Applied whenever `workload` is given. */
  centralWaivers?: string | null;
  /** This workload, as waivers name it. */
  workload?: string;
  /** Read when `plan` is `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Where reports asked for on `-` are written. */
  stdout?: TextSink;
  /** Judge only what the plan creates, updates, replaces or deletes, and what is connected to it. */
  changedOnly?: boolean;
  /** The day waivers expire against (default: now). */
  today?: Date;
}

/** What a run concluded: the report every format was rendered from, and the exit code it implies. */
export interface CheckResult {
  report: FindingsReport;
  /** 0 when no enforced guardrail blocks, 1 when one does (see report/verdict.ts). */
  exitCode: number;
}

/**
 * The gate as a library call: load the plan, model it, evaluate the guardrails, apply waivers,
 * write the reports and derive the exit code. Throws GuardrailsError (exit 2) for bad usage or
 * input, before any report is written when the request itself is wrong.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  if (options.waivers !== undefined && options.workload === undefined) {
    throw new GuardrailsError('USAGE', '--waivers needs --workload NAME so that waivers for this workload can be picked.', {
      hint: 'Pass the workload name as waivers.yaml names it, e.g. --workload payments.',
    });
  }
  const env = options.env ?? {};
  // Parse every output request before any work, so a typo fails fast.
  const outputs = (options.formats ?? []).map(parseFormatSpec);
  const today = options.today ?? new Date();
  const gate =
    options.workload === undefined
      ? undefined
      : await gateWaivers({
          central: options.centralWaivers === null ? undefined : (options.centralWaivers ?? bundledCentralWaivers()),
          local: options.waivers,
          workload: options.workload,
          today,
          cwd: options.cwd,
        });
  const loaded = await loadPlan(options.plan, {
    cwd: options.cwd,
    ...(options.chdir !== undefined ? { chdir: options.chdir } : {}),
    ...(options.tofuBin !== undefined ? { tofuBin: options.tofuBin } : {}),
    ...(options.showTimeoutMs !== undefined ? { showTimeoutMs: options.showTimeoutMs } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    env,
  });
  let report = await checkPlan(loaded, {
    sourceDir: await sourceDirectory(options),
    ...guardrailSelection(options.features, options.tags),
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
    mode: 'as-tagged',
    ...(options.changedOnly === true ? { changedOnly: true } : {}),
    onIndeterminate: options.onIndeterminate ?? 'fail',
    ...(options.workload !== undefined ? { workload: options.workload } : {}),
    cwd: options.cwd,
    env,
  });
  if (gate !== undefined && options.workload !== undefined) {
    report = applyWaivers(report, gate.waivers, { workload: options.workload, today });
    if (gate.ignored.length > 0) report = { ...report, ignoredWaivers: gate.ignored };
  }
  await writeReports(outputs, report, { cwd: options.cwd, stdout: options.stdout ?? noStdout });
  return { report, exitCode: checkExitCode(report) };
}

/** A caller that gave no stdout asked for no report on it: one that is written there anyway is a usage error. */
const noStdout: TextSink = {
  write() {
    throw new GuardrailsError('USAGE', 'a report was asked for on standard output, but check() was given no stdout.', {
      hint: 'Pass `stdout` (e.g. process.stdout), or name a file for each format: json:reports/guardrails.json.',
    });
  },
};

/** `source`, else `chdir`, else the working directory when it holds .tf files; otherwise no sources. */
async function sourceDirectory(options: CheckOptions): Promise<string | undefined> {
  if (options.source !== undefined) return options.source;
  if (options.chdir !== undefined) return options.chdir;
  const entries = await readdir(options.cwd).catch(() => [] as string[]);
  return entries.some((entry) => entry.endsWith('.tf') || entry.endsWith('.tf.json')) ? path.resolve(options.cwd) : undefined;
}
