import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';

/** `guardrails test [PATH]`: runs every guardrail against the example plans beside it. */
export const registerTestCommand: CommandRegistrar = (program: Command, io: CliIO, setExitCode) => {
  program
    .command('test')
    .description('Run each guardrail against its examples (examples/<case>/tfplan.json + expect.yaml) and check the expected outcomes.')
    .argument('[path]', 'a feature file or a directory of guardrails (default: the bundled catalogue)')
    .option('--steps <glob...>', "the team's own step definition files the guardrails use")
    .action(async (target: string | undefined, flags: { steps?: string[] }) => {
      setExitCode(await runTests(target, flags.steps, io));
    });
};

async function runTests(target: string | undefined, steps: string[] | undefined, io: CliIO): Promise<number> {
  // Loaded on use: the runner brings in cucumber, which other commands do not need.
  const [{ coverageProblems, discoverGuardrails, runExample }, { bundledFeatures, displayUri }] = await Promise.all([
    import('../runner/examples.js'),
    import('../runner/index.js'),
  ]);
  const root = target === undefined ? bundledFeatures() : path.resolve(io.cwd, target);
  const guardrails = await discoverGuardrails(root);
  let passed = 0;
  let failed = 0;
  for (const guardrail of guardrails) {
    const feature = displayUri(guardrail.feature, io.cwd);
    io.stdout.write(`${feature}\n`);
    for (const problem of coverageProblems(guardrail)) {
      failed += 1;
      io.stdout.write(`  FAIL  ${problem}\n`);
    }
    for (const example of guardrail.examples) {
      const result = await runExample(guardrail.feature, example, { cwd: io.cwd, env: io.env, ...(steps ? { steps } : {}) });
      if (result.ok) {
        passed += 1;
        io.stdout.write(`  ok    ${example.name}: ${result.actualStatus}\n`);
      } else {
        failed += 1;
        io.stdout.write(`  FAIL  ${example.name}: ${result.problems.join('; ')}\n`);
      }
    }
  }
  io.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed > 0 ? ExitCode.Failed : ExitCode.Clean;
}
