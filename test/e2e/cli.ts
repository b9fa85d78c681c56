/**
 * Runs the built CLI the way a user does: a separate `node bin/guardrails.js` process with its own
 * working directory, arguments and environment, observed only through exit code and streams.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binPath = path.join(repoRoot, 'bin', 'guardrails.js');
/** The shared plan corpus, beside the repository. */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

const builtEntry = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working directory of the process (default: the repository root). */
  cwd?: string;
}

/** This process's environment without colour codes or terraform update checks. */
const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

/** Fails fast with a clear message when `bin/` would run a missing build. */
function assertBuilt(): void {
  if (!existsSync(builtEntry)) {
    throw new Error(`${path.relative(repoRoot, builtEntry)} is missing: build first with \`npx tsc -p tsconfig.json\` (npm test does).`);
  }
}

/** Runs `node bin/guardrails.js <args>` and resolves with its exit code and output; never rejects on a non-zero exit. */
export function runGuardrails(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [binPath, ...args],
      {
        cwd: options.cwd ?? repoRoot,
        env: childEnv,
        // Longer than any run takes on a loaded machine; a hung process fails its test, not the suite.
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          // Not an exit status: the process could not start, or was killed by the timeout.
          reject(new Error(`guardrails ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** A new empty temporary directory; the caller removes it. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `guardrails-e2e-${prefix}-`));
}

/** The whole run, for assertion messages that show what the user would have seen. */
export function describeRun(args: readonly string[], result: CliResult): string {
  return `guardrails ${args.join(' ')}\nexit ${result.code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

/**
 * Asserts the shape of a user error: exit 2, nothing on stdout, and on stderr a single paragraph
 * (no blank line) that starts with `error: <file>: `, with no stack trace line.
 */
export function expectUserError(result: CliResult, file: string | undefined, says: RegExp): void {
  const context = JSON.stringify(result);
  expect(result.code, context).toBe(2);
  expect(result.stdout, context).toBe('');
  expect(result.stderr.startsWith(file === undefined ? 'error: ' : `error: ${file}: `), context).toBe(true);
  expect(result.stderr, context).toMatch(/[^\n]\n$/);
  expect(result.stderr.trimEnd(), context).not.toMatch(/\n\s*\n/);
  expect(result.stderr, context).not.toMatch(/^\s+at /m);
  expect(result.stderr, context).not.toMatch(/internal error/i);
  expect(result.stderr, context).toMatch(says);
}
