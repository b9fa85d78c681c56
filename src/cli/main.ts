import { Command, CommanderError } from 'commander';
import { ExitCode, GuardrailsError, isGuardrailsError } from '../errors.js';
import type { CliIO } from './io.js';
import { configureInputLimits } from '../io/limits.js';
import { terminalText } from '../report/escape.js';
import { toolVersion } from '../version.js';
import { registerCheckCommand } from './check.js';
import { registerCommentCommand } from './comment.js';
import { registerPlanShow } from './plan-show.js';
import { registerExampleCommand } from './example.js';
import { registerNewCommand } from './new.js';
import { registerObserveCommand } from './observe.js';
import { registerPromoteCommand } from './promote.js';
import { registerStepsCommand } from './steps-command.js';
import { registerTestCommand } from './test-command.js';

/** A command module adds its subcommand to the program; its action resolves to an exit code. */
export type CommandRegistrar = (program: Command, io: CliIO, setExitCode: (code: number) => void) => void;

/** The built-in commands, as one explicit list so the CLI's whole surface is visible in one place. */
const builtInCommands: readonly CommandRegistrar[] = [
  registerPlanShow,
  registerCheckCommand,
  registerStepsCommand,
  registerTestCommand,
  registerNewCommand,
  registerExampleCommand,
  registerObserveCommand,
  registerPromoteCommand,
  registerCommentCommand,
];

/** Runs the CLI in-process and returns the exit code. Never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.Clean;
  const program = new Command('guardrails')
    .description('Policy-as-code compliance gate for OpenTofu and Terraform plans.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of builtInCommands) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }
  try {
    configureInputLimits(io.env);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

function exitCodeFor(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are successful exits.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return ExitCode.Clean;
    }
    return ExitCode.UserError;
  }
  if (isGuardrailsError(error)) {
    io.stderr.write(`${terminalText((error as GuardrailsError).toUserMessage())}\n`);
    return (error as GuardrailsError).exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `internal error: ${detail}\nThis is a bug in tofu-guardrails, not in your input. Please report it with the command you ran.\n`,
  );
  return ExitCode.Internal;
}
