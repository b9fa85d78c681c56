import type { Command } from 'commander';
import type { builtInSteps as BuiltInSteps, parameterTypes as ParameterTypes } from '../../steps/catalog.js';
import type { RegisteredTeamStep } from '../../steps/team.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';

/**
 * `guardrails steps [--steps FILE...] [--json]`: every built-in step with a one-line description and
 * an example, from the registry the runner uses, then the team's own steps from the --steps files,
 * with the description and example `defineStep` recorded for them.
 */
export const registerStepsCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command('steps')
    .description('List the steps a guardrail can use (the built-in ones and, with --steps, the team\'s own), each with a description and an example.')
    .option('--steps <glob...>', "the team's own step definition files, listed after the built-in steps")
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean; steps?: string[] }) => {
      // The catalogue imports every step family; only this command needs it.
      const { builtInSteps, parameterTypes } = await import('../../steps/catalog.js');
      const team = flags.steps === undefined ? [] : await loadTeamSteps(flags.steps, io.cwd);
      io.stdout.write(flags.json ? stepsJson(builtInSteps, parameterTypes, team) : stepsText(builtInSteps, parameterTypes, team));
    });
};

/** Loads the step files as a run would (same refusals, same errors naming the file) and returns what they registered. */
async function loadTeamSteps(files: readonly string[], cwd: string): Promise<readonly RegisteredTeamStep[]> {
  const [{ supportLibrary }, { cucumberEnvironment }, { registeredTeamSteps }] = await Promise.all([
    import('../runner/support.js'),
    import('../runner/environment.js'),
    import('../../steps/team.js'),
  ]);
  // Step files get no environment variables here: listing them needs none.
  await supportLibrary(files, cucumberEnvironment(cwd));
  return registeredTeamSteps();
}

const NO_METADATA = 'no description or example: define it with defineStep to record them';

function stepsJson(builtInSteps: typeof BuiltInSteps, parameterTypes: typeof ParameterTypes, team: readonly RegisteredTeamStep[]): string {
  const steps = builtInSteps.map(({ keyword, family, expression, description, example }) => ({ keyword, family, expression, description, example }));
  const teamSteps = team.map(({ keyword, expression, description, example }) => ({ keyword, family: 'team', team: true, expression, description: description ?? null, example: example ?? null }));
  const parameters = parameterTypes.map(({ name, regexp, description }) => ({ name, regexp: regexp.source, description }));
  return `${JSON.stringify({ steps: [...steps, ...teamSteps], parameterTypes: parameters }, null, 2)}\n`;
}

function stepsText(builtInSteps: typeof BuiltInSteps, parameterTypes: typeof ParameterTypes, team: readonly RegisteredTeamStep[]): string {
  const lines: string[] = [];
  let family = '';
  for (const step of builtInSteps) {
    if (step.family !== family) {
      family = step.family;
      lines.push('', `## ${family}`, '');
    }
    lines.push(`${step.keyword} ${step.expression}`, `    ${step.description}`, `    e.g. ${step.example}`);
  }
  if (team.length > 0) {
    lines.push('', '## team steps (from --steps)', '');
    for (const step of team) {
      lines.push(`${step.keyword} ${step.expression}  [team]`);
      if (step.description === undefined) lines.push(`    (${NO_METADATA})`);
      else lines.push(`    ${step.description}`, `    e.g. ${step.example}`);
    }
  }
  lines.push('', '## parameter types', '');
  for (const type of parameterTypes) lines.push(`{${type.name}}  ${type.description}`);
  return `${lines.join('\n').trimStart()}\n`;
}
