import { Command, CommanderError } from 'commander';
import { isGuardrailsError } from '../../src/errors.js';
import { BufferSink, type CliIO } from '../../src/cli/io.js';
import type { CommandRegistrar } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs commands in-process the way runCli does (usage and input errors become exit 2 with one
 * message), with the observe command built around a chosen evaluator.
 */
export async function runCommands(commands: readonly CommandRegistrar[], argv: readonly string[], io: Partial<CliIO> & { cwd: string }): Promise<CliRun> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const fullIO: CliIO = { env: {}, stdin: process.stdin, stderrIsTTY: false, ...io, stdout, stderr };
  let code = 0;
  const program = new Command('guardrails').exitOverride().configureOutput({ writeOut: (t) => stdout.write(t), writeErr: (t) => stderr.write(t) });
  for (const register of commands) register(program, fullIO, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (isGuardrailsError(error)) {
      stderr.write(`${error.toUserMessage()}\n`);
      code = error.exitCode;
    } else if (error instanceof CommanderError) {
      code = 2;
    } else {
      throw error;
    }
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}
