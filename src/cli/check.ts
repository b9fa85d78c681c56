import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { GuardrailsError } from '../errors.js';
import type { CliIO } from './io.js';
import { collectRepeated } from './options.js';
import type { CommandRegistrar } from './main.js';

interface CheckFlags {
  plan: string;
  chdir?: string;
  source?: string;
  features?: string[];
  tags?: string;
  steps?: string[];
  format: string[];
  onIndeterminate: 'fail' | 'warn';
  tofuBin?: string;
  waivers?: string;
  workload?: string;
}

/** `guardrails check`: the compliance gate between plan and apply. */
export const registerCheckCommand: CommandRegistrar = (program: Command, io: CliIO, setExitCode) => {
  program
    .command('check')
    .description('Evaluate guardrails against a plan; exit 1 when an enforced guardrail fails.')
    .requiredOption('--plan <plan>', 'plan JSON (tofu show -json), - for stdin, or a binary plan file')
    .option('--chdir <dir>', 'configuration directory: where a binary plan is shown, and default sources')
    .option('--source <dir>', 'directory of the .tf sources (default: --chdir, else the current directory when it holds .tf files)')
    .option('--features <path...>', 'feature files or directories (default: the bundled catalogue)')
    .option('--tags <expression>', 'cucumber tag expression selecting guardrails, e.g. "@id:provider-no-profile or @observe"')
    .option('--steps <glob...>', "the team's own step definition files, loaded beside the built-in steps")
    .option('--format <name[:path]>', 'report format and destination, repeatable: summary, json, junit, html, codequality, markdown', collectRepeated, [])
    .addOption(new Option('--on-indeterminate <policy>', 'whether an enforced indeterminate guardrail fails the run').choices(['fail', 'warn']).default('fail'))
    .option('--tofu-bin <binary>', 'binary that renders a binary plan (default: tofu, then terraform)')
    .option('--waivers <file>', 'waivers file (waivers.yaml); needs --workload')
    .option('--workload <name>', 'this workload, as waivers name it')
    .action(async (flags: CheckFlags) => {
      setExitCode(await runCheck(flags, io));
    });
};

async function runCheck(flags: CheckFlags, io: CliIO): Promise<number> {
  if (flags.waivers && !flags.workload) {
    throw new GuardrailsError('USAGE', '--waivers needs --workload NAME so that waivers for this workload can be picked.', {
      hint: 'Pass the workload name as waivers.yaml names it, e.g. --workload payments.',
    });
  }
  // Loaded here, not at the top: every command is registered on each start, and cucumber,
  // ajv and the report renderers cost more to load than a small plan costs to check.
  const [{ loadPlan }, { parseFormatSpec, writeReports }, { checkPlan }, { bundledFeatures }] = await Promise.all([
    import('../plan/index.js'),
    import('../report/index.js'),
    import('../runner/check-plan.js'),
    import('../runner/run.js'),
  ]);
  // Parse every output request before any work, so a typo fails fast.
  const outputs = (flags.format.length > 0 ? flags.format : ['summary']).map(parseFormatSpec);
  const today = new Date();
  const waivers = flags.waivers ? await (await import('../waivers/load.js')).loadWaivers(flags.waivers, { today, cwd: io.cwd }) : undefined;
  const loaded = await loadPlan(flags.plan, {
    cwd: io.cwd,
    ...(flags.chdir !== undefined ? { chdir: flags.chdir } : {}),
    ...(flags.tofuBin !== undefined ? { tofuBin: flags.tofuBin } : {}),
    stdin: io.stdin,
    env: io.env,
  });
  let report = await checkPlan(loaded, {
    sourceDir: await sourceDirectory(flags, io.cwd),
    features: flags.features ?? [bundledFeatures()],
    ...(flags.tags !== undefined ? { tags: flags.tags } : {}),
    ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
    mode: 'as-tagged',
    onIndeterminate: flags.onIndeterminate,
    ...(flags.workload !== undefined ? { workload: flags.workload } : {}),
    cwd: io.cwd,
    env: io.env,
  });
  if (waivers && flags.workload) report = (await import('../waivers/apply.js')).applyWaivers(report, waivers, { workload: flags.workload, today });
  await writeReports(outputs, report, { cwd: io.cwd, stdout: io.stdout });
  return (await import('../report/verdict.js')).checkExitCode(report);
}

/** --source, else --chdir, else the working directory when it holds .tf files; otherwise no sources. */
async function sourceDirectory(flags: CheckFlags, cwd: string): Promise<string | undefined> {
  if (flags.source !== undefined) return flags.source;
  if (flags.chdir !== undefined) return flags.chdir;
  const entries = await readdir(cwd).catch(() => [] as string[]);
  return entries.some((entry) => entry.endsWith('.tf') || entry.endsWith('.tf.json')) ? path.resolve(cwd) : undefined;
}
