import { Command, Option } from 'commander';
import type { CliIO } from './io.js';
import { collectRepeated, secondsOption } from './options.js';
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
  showTimeout?: string;
  waivers?: string;
  workload?: string;
  changedOnly?: boolean;
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
    .option('--tags <expression>', 'cucumber tag expression selecting guardrails, e.g. "@id:provider-no-profile or @observe"; the bundled starter library runs only when selected, e.g. "@library"')
    .option('--steps <glob...>', "the team's own step definition files, loaded beside the built-in steps")
    .option('--format <name[:path]>', 'report format and destination, repeatable: summary, json, junit, html, codequality, markdown, sast', collectRepeated, [])
    .addOption(new Option('--on-indeterminate <policy>', 'whether an enforced indeterminate guardrail fails the run').choices(['fail', 'warn']).default('fail'))
    .option('--tofu-bin <binary>', 'binary that renders a binary plan (default: tofu, then terraform)')
    .option('--show-timeout <seconds>', 'how long rendering a binary plan may take before it is stopped (default: 120)')
    .option('--waivers <file>', "this workload's own waivers file; only what the central waivers.yaml allows (allow_local_waivers) applies; needs --workload")
    .option('--workload <name>', 'this workload, as waivers name it; the central waivers.yaml shipped with the package applies to it')
    .option('--changed-only', 'judge only the resources the plan creates, updates, replaces or deletes, and those connected to them; list the untouched ones in the report')
    .action(async (flags: CheckFlags) => {
      setExitCode(await runCheck(flags, io));
    });
};

async function runCheck(flags: CheckFlags, io: CliIO): Promise<number> {
  // Loaded here, not at the top: every command is registered on each start, and cucumber,
  // ajv and the report renderers cost more to load than a small plan costs to check.
  const { check } = await import('../runner/check.js');
  const { exitCode } = await check({
    plan: flags.plan,
    cwd: io.cwd,
    env: io.env,
    ...(flags.chdir !== undefined ? { chdir: flags.chdir } : {}),
    ...(flags.source !== undefined ? { source: flags.source } : {}),
    ...(flags.features !== undefined ? { features: flags.features } : {}),
    ...(flags.tags !== undefined ? { tags: flags.tags } : {}),
    ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
    formats: flags.format.length > 0 ? flags.format : ['summary'],
    onIndeterminate: flags.onIndeterminate,
    ...(flags.tofuBin !== undefined ? { tofuBin: flags.tofuBin } : {}),
    ...(flags.showTimeout !== undefined ? { showTimeoutMs: secondsOption('--show-timeout', flags.showTimeout) } : {}),
    ...(flags.waivers !== undefined ? { waivers: flags.waivers } : {}),
    ...(flags.workload !== undefined ? { workload: flags.workload } : {}),
    ...(flags.changedOnly === true ? { changedOnly: true } : {}),
    stdin: io.stdin,
    stdout: io.stdout,
  });
  return exitCode;
}
