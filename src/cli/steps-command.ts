import type { Command } from 'commander';
import type { builtInSteps as BuiltInSteps, parameterTypes as ParameterTypes } from '../../steps/catalog.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';

/** `guardrails steps [--json]`: every built-in step with a one-line description and an example, from the registry the runner uses. */
export const registerStepsCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command('steps')
    .description('List the built-in steps a guardrail can use, each with a description and an example.')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean }) => {
      // The catalogue imports every step family; only this command needs it.
      const { builtInSteps, parameterTypes } = await import('../../steps/catalog.js');
      io.stdout.write(flags.json ? stepsJson(builtInSteps, parameterTypes) : stepsText(builtInSteps, parameterTypes));
    });
};

function stepsJson(builtInSteps: typeof BuiltInSteps, parameterTypes: typeof ParameterTypes): string {
  const steps = builtInSteps.map(({ keyword, family, expression, description, example }) => ({ keyword, family, expression, description, example }));
  const parameters = parameterTypes.map(({ name, regexp, description }) => ({ name, regexp: regexp.source, description }));
  return `${JSON.stringify({ steps, parameterTypes: parameters }, null, 2)}\n`;
}

function stepsText(builtInSteps: typeof BuiltInSteps, parameterTypes: typeof ParameterTypes): string {
  const lines: string[] = [];
  let family = '';
  for (const step of builtInSteps) {
    if (step.family !== family) {
      family = step.family;
      lines.push('', `## ${family}`, '');
    }
    lines.push(`${step.keyword} ${step.expression}`, `    ${step.description}`, `    e.g. ${step.example}`);
  }
  lines.push('', '## parameter types', '');
  for (const type of parameterTypes) lines.push(`{${type.name}}  ${type.description}`);
  return `${lines.join('\n').trimStart()}\n`;
}
