import path from 'node:path';
import { Command, Option } from 'commander';
import { terminalText } from '../report/escape.js';
import { ExitCode, GuardrailsError } from '../errors.js';
import { readInputJson } from '../io/read-input.js';
import type { ObserveDeps } from '../observe/observe.js';
import type { LoadedPlan } from '../plan/types.js';
import type { FormatRequest } from '../report/index.js';
import type { FindingsReport, ObservationReport } from '../report/types.js';
import { toolVersion } from '../version.js';
import type { CliIO } from './io.js';
import { collectRepeated } from './options.js';
import type { CommandRegistrar } from './main.js';

/** Evaluates the candidate guardrails against one plan; built once per run so support code loads once. */
export type WorkloadEvaluator = (plan: LoadedPlan, sourceDir: string | undefined) => Promise<FindingsReport>;

/** Prepares the evaluator for a set of feature files or directories (all run in observe mode). */
export type EvaluatorFactory = (request: { features: string[]; cwd: string; env: CliIO['env'] }) => Promise<WorkloadEvaluator>;

interface ObserveFlags {
  workloads?: string;
  features?: string[];
  format: string[];
  concurrency: string;
  shard?: string;
  gitlabUrl?: string;
  waivers?: string;
}

/** `guardrails observe` and `guardrails observe merge`, evaluating with the evaluator the factory makes. */
export function observeCommand(makeEvaluator: EvaluatorFactory): CommandRegistrar {
  return (program: Command, io: CliIO, setExitCode: (code: number) => void) => {
    const command = program
      .command('observe')
      .description('Run candidate guardrails in observation mode against every registered workload and decide promotion.')
      .option('--workloads <file>', 'workloads registry (YAML)')
      .option('--features <path...>', 'candidate feature files or directories (default: the bundled catalogue)')
      .option('--format <name[:path]>', 'report format and destination; repeatable (summary, json, junit, html, markdown)', collectRepeated, [])
      .option('--concurrency <n>', 'workloads evaluated at the same time', '4')
      .option('--shard <i/n>', 'evaluate only shard I of N (registry index modulo N); combine with observe merge')
      .addOption(new Option('--gitlab-url <url>', 'GitLab API v4 base (default: $CI_API_V4_URL)'))
      .option('--waivers <file>', 'waivers file applied to every workload')
      .action(async (flags: ObserveFlags) => {
        setExitCode(await runObserve(flags, io, makeEvaluator));
      });
    command
      .command('merge')
      .description('Combine the json results of observe --shard runs into one observation.')
      .argument('<results...>', 'shard json files')
      .option('--format <name[:path]>', 'report format and destination; repeatable', collectRepeated, [])
      .action(async (files: string[], flags: { format: string[] }) => {
        // Commander hands a --format written after `merge` to whichever command declares it first.
        const specs = [...(command.opts<ObserveFlags>().format ?? []), ...flags.format];
        setExitCode(await runMerge(files, specs, io));
      });
  };
}

/** The real evaluator: every candidate guardrail in observe mode, so no workload fails the run by itself. */
const runnerEvaluator: EvaluatorFactory = async ({ features, cwd, env }) => {
  const { checkPlan } = await import('../runner/check-plan.js');
  return (plan, sourceDir) => checkPlan(plan, { sourceDir, features, mode: 'observe-all', onIndeterminate: 'warn', cwd, env });
};

/** `guardrails observe` as registered in the CLI. */
export const registerObserveCommand: CommandRegistrar = observeCommand(runnerEvaluator);

async function runObserve(flags: ObserveFlags, io: CliIO, makeEvaluator: EvaluatorFactory): Promise<number> {
  if (flags.workloads === undefined) {
    throw new GuardrailsError('USAGE', 'observe needs the workloads registry: --workloads FILE.', {
      hint: 'e.g. guardrails observe --workloads workloads.yaml --features features/new-guardrail.feature',
    });
  }
  // Loaded on use (see check.ts): registering the command must stay cheap for every other command.
  const [{ GitLabClient, gitLabAuthFromEnv, gitLabBaseUrl }, { observe }, { loadRegistry }, { parseShard }, { loadPlan }, { bundledFeatures }] = await Promise.all([
    import('../observe/gitlab-client.js'),
    import('../observe/observe.js'),
    import('../observe/registry.js'),
    import('../observe/shard.js'),
    import('../plan/load.js'),
    import('../runner/run.js'),
  ]);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new GuardrailsError('USAGE', `--concurrency "${flags.concurrency}" is not a positive whole number.`, { hint: 'e.g. --concurrency 8.' });
  }
  const outputs = await formats(flags.format);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const today = new Date();
  const registry = await loadRegistry(flags.workloads, io.cwd);
  const waivers = flags.waivers === undefined ? undefined : await (await import('../waivers/load.js')).loadWaivers(flags.waivers, { today, cwd: io.cwd });
  const baseUrl = gitLabBaseUrl(flags.gitlabUrl, io.env);
  const gitlab = baseUrl === undefined ? undefined : new GitLabClient({ baseUrl, auth: gitLabAuthFromEnv(io.env) });
  const features = flags.features ?? [bundledFeatures()];
  const evaluate = await makeEvaluator({ features, cwd: io.cwd, env: io.env });
  const deps: ObserveDeps = { loadPlan: (input, cwd, sourceDir) => loadPlan(input, { cwd, env: io.env, ...(sourceDir === undefined ? {} : { chdir: sourceDir }) }), evaluate, gitlab };
  const report = await observe(registry, {
    cwd: io.cwd,
    deps,
    tool: { name: 'tofu-guardrails', version: toolVersion() },
    concurrency,
    shard,
    waivers,
    today,
    onProgress: io.stderrIsTTY ? (done, total, name) => io.stderr.write(`\r\x1b[K[${done}/${total}] ${terminalText(name)} ...`) : undefined,
  });
  if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
  await (await import('../report/index.js')).writeReports(outputs, report, { cwd: io.cwd, stdout: io.stdout });
  return exitCodeOf(report);
}

async function runMerge(files: readonly string[], formatSpecs: readonly string[], io: CliIO): Promise<number> {
  const outputs = await formats(formatSpecs);
  const shards = await Promise.all(
    files.map(async (file) => {
      const report = await readInputJson(path.resolve(io.cwd, file), {
        display: file,
        kind: 'result',
        expected: 'a shard result written by guardrails observe --shard I/N --format json:FILE',
        missingHint: 'Pass the json files written by observe --shard I/N --format json:FILE.',
      });
      return { file, report };
    }),
  );
  const report = (await import('../observe/merge.js')).mergeShards(shards);
  await (await import('../report/index.js')).writeReports(outputs, report, { cwd: io.cwd, stdout: io.stdout });
  return exitCodeOf(report);
}

/** 0 when promotable; 1 when some workload (of this shard, for a shard) would fail, is indeterminate or could not be evaluated. */
function exitCodeOf(report: ObservationReport): number {
  return report.promotion.promotable ? ExitCode.Clean : ExitCode.Failed;
}

async function formats(specs: readonly string[]): Promise<FormatRequest[]> {
  const { parseFormatSpec } = await import('../report/index.js');
  return specs.length === 0 ? [parseFormatSpec('summary:-')] : specs.map(parseFormatSpec);
}
