import { Command, Option } from 'commander';
import { GuardrailsError } from '../errors.js';
import { terminalText } from '../report/escape.js';
import type { CandidateSelection } from '../observe/candidates.js';
import type { EvaluatorFactory } from '../observe/observe.js';
import type { FormatRequest } from '../report/index.js';
import type { CliIO } from './io.js';
import { collectRepeated, secondsOption } from './options.js';
import type { CommandRegistrar } from './main.js';

interface ObserveFlags {
  workloads?: string;
  features?: string[];
  changedSince?: string;
  format: string[];
  concurrency: string;
  shard?: string;
  gitlabUrl?: string;
  gitlabTimeout?: string;
  waivers?: string;
}

/** `guardrails observe` and `guardrails observe merge`; tests pass their own evaluator (default: the cucumber runner). */
export function observeCommand(makeEvaluator?: EvaluatorFactory): CommandRegistrar {
  return (program: Command, io: CliIO, setExitCode: (code: number) => void) => {
    const command = program
      .command('observe')
      .description('Run candidate guardrails in observation mode against every registered workload and decide promotion.')
      .option('--workloads <file>', 'workloads registry (YAML)')
      .option('--features <path...>', 'candidate feature files or directories (default: the bundled catalogue, or its changes with --changed-since)')
      .option('--changed-since <revision>', "candidates are the catalogue's guardrails added or changed since this git revision (default in merge request pipelines: $CI_MERGE_REQUEST_DIFF_BASE_SHA)")
      .option('--format <name[:path]>', 'report format and destination; repeatable (summary, json, junit, html, markdown)', collectRepeated, [])
      .option('--concurrency <n>', 'workloads evaluated at the same time', '4')
      .option('--shard <i/n>', 'evaluate only shard I of N (registry index modulo N); combine with observe merge')
      .addOption(new Option('--gitlab-url <url>', 'GitLab API v4 base (default: $CI_API_V4_URL)'))
      .option('--gitlab-timeout <seconds>', 'deadline of one GitLab request attempt, body included (default: 30)')
      .option('--waivers <file>', 'the central waivers file applied to every workload (default: waivers.yaml beside the registry, when present)')
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

/** `guardrails observe` as registered in the CLI. */
export const registerObserveCommand: CommandRegistrar = observeCommand();

async function runObserve(flags: ObserveFlags, io: CliIO, makeEvaluator: EvaluatorFactory | undefined): Promise<number> {
  if (flags.workloads === undefined) {
    throw new GuardrailsError('USAGE', 'observe needs the workloads registry: --workloads FILE.', {
      hint: 'e.g. guardrails observe --workloads workloads.yaml --features features/new-guardrail.feature',
    });
  }
  // Loaded on use (see check.ts): registering the command must stay cheap for every other command.
  const [{ observe }, { parseShard }] = await Promise.all([import('../observe/observe.js'), import('../observe/shard.js')]);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new GuardrailsError('USAGE', `--concurrency "${flags.concurrency}" is not a positive whole number.`, { hint: 'e.g. --concurrency 8.' });
  }
  const outcome = await observe({
    workloads: flags.workloads,
    ...(flags.features === undefined ? {} : { features: flags.features }),
    ...candidatesSince(flags, io),
    onCandidates: (selection) => io.stderr.write(describeSelection(selection)),
    formats: await formats(flags.format),
    cwd: io.cwd,
    env: io.env,
    stdout: io.stdout,
    concurrency,
    ...(flags.shard === undefined ? {} : { shard: parseShard(flags.shard) }),
    ...(flags.waivers === undefined ? {} : { waivers: flags.waivers }),
    ...(flags.gitlabUrl === undefined ? {} : { gitlabUrl: flags.gitlabUrl }),
    ...(flags.gitlabTimeout === undefined ? {} : { gitlabTimeoutMs: secondsOption('--gitlab-timeout', flags.gitlabTimeout) }),
    ...(makeEvaluator === undefined ? {} : { evaluator: makeEvaluator }),
    onProgress: io.stderrIsTTY ? (done, total, name) => io.stderr.write(`\r\x1b[K[${done}/${total}] ${terminalText(name)} ...`) : undefined,
  });
  if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
  for (const { workload, error } of outcome.internalErrors) {
    io.stderr.write(`internal error on workload ${workload} (a bug in tofu-guardrails; please report it with this text):\n${(error as Error)?.stack ?? String(error)}\n`);
  }
  return outcome.exitCode;
}

/** --changed-since, else the merge request's base in GitLab CI; --features overrides both. */
function candidatesSince(flags: ObserveFlags, io: CliIO): { changedSince?: string } {
  if (flags.features !== undefined) {
    if (flags.changedSince !== undefined) throw new GuardrailsError('USAGE', '--changed-since and --features cannot be combined.', { hint: 'Name the candidates with --features, or let --changed-since find them.' });
    return {};
  }
  const since = flags.changedSince ?? (io.env.CI_MERGE_REQUEST_DIFF_BASE_SHA || undefined);
  return since === undefined ? {} : { changedSince: since };
}

function describeSelection(selection: CandidateSelection): string {
  const base = terminalText(selection.base);
  if (selection.whole) return `candidates: every guardrail, because evaluation changed since ${base} (${selection.evaluationChanges.slice(0, 5).map(terminalText).join(', ')}${selection.evaluationChanges.length > 5 ? ', ...' : ''})\n`;
  if (selection.features.length === 0) return `candidates: none; no guardrail was added or changed since ${base}\n`;
  return `candidates: ${selection.features.length} guardrail file(s) added or changed since ${base}\n`;
}

async function runMerge(files: readonly string[], formatSpecs: readonly string[], io: CliIO): Promise<number> {
  const { mergeObservations } = await import('../observe/observe.js');
  const outcome = await mergeObservations({ files, formats: await formats(formatSpecs), cwd: io.cwd, stdout: io.stdout });
  return outcome.exitCode;
}

/** Every --format parsed before any work, so that a typo fails fast. */
async function formats(specs: readonly string[]): Promise<FormatRequest[]> {
  const { parseFormatSpec } = await import('../report/index.js');
  return specs.map(parseFormatSpec);
}
