/**
 * Where reports go, through the built binary: a device named as a destination is written into
 * (`junit:/dev/stdout` prints the report), never replaced by a regular file; and stdout that
 * cannot be written (a closed pipe, a full disk) is exit 2 with one line on stderr, never exit 1
 * and never a stack trace.
 */
import { execFile, spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { lstat, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, repoRoot, tempDir } from './cli.js';

const run = promisify(execFile);
const EXAMPLE = ['check', '--plan', path.join(repoRoot, 'examples/infra-account/tfplan.json'), '--chdir', path.join(repoRoot, 'examples/infra-account')];

let dir: string;
beforeEach(async () => {
  dir = await tempDir('report-output');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('report destinations that are devices', () => {
  it('junit:/dev/stdout prints the JUnit report on stdout', async () => {
    // /dev/stdout is a link to /proc/self/fd/1; a link of our own to the same place means a
    // regression replaces only that link, never the system's /dev/stdout.
    const link = path.join(dir, 'stdout');
    await symlink('/proc/self/fd/1', link);
    // Through `| cat`, as in a shell: the binary's stdout is then a pipe, as in a CI job log.
    const args = [...EXAMPLE, '--format', `junit:${link}`];
    const { stdout, stderr } = await run('bash', ['-o', 'pipefail', '-c', '"$0" "$@" | cat', process.execPath, binPath, ...args], { cwd: dir });
    expect(stdout).toMatch(/^<\?xml[^]*<testsuites[^]*<\/testsuites>\n?$/);
    expect(stderr).toBe('');
    expect(await readlink(link)).toBe('/proc/self/fd/1');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });
});

/** Runs the binary with the given stdout, collecting stderr; `closeStdout` closes the reading end at once. */
function runWithStdout(args: readonly string[], stdout: 'pipe' | number, closeStdout: boolean): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: dir, stdio: ['ignore', stdout, 'pipe'] });
    if (closeStdout) child.stdout?.destroy();
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** One `error:` line, no stack trace, no internal error. */
function expectOneErrorLine(stderr: string, says: RegExp): void {
  expect(stderr).toMatch(/^error: stdout: [^\n]*\n$/);
  expect(stderr).toMatch(says);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('stdout that cannot be written', () => {
  it('a pipe whose reader is gone (`| head -1`) is exit 2 with one line on stderr, not exit 1', async () => {
    const result = await runWithStdout([...EXAMPLE, '--format', 'json:-', '--format', 'summary'], 'pipe', true);
    expect(result.code, result.stderr).toBe(2);
    expectOneErrorLine(result.stderr, /EPIPE/);
  });

  it.runIf(process.platform === 'linux')('a full disk (/dev/full) is exit 2 with one line on stderr', async () => {
    const full = await open('/dev/full', 'w');
    try {
      const result = await runWithStdout([...EXAMPLE, '--format', 'summary'], full.fd, false);
      expect(result.code, result.stderr).toBe(2);
      expectOneErrorLine(result.stderr, /ENOSPC/);
    } finally {
      await full.close();
    }
  });
});
