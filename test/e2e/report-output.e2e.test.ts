/**
 * Where reports go, through the built binary: a device named as a destination is written into
 * (`junit:/dev/stdout` prints the report), never replaced by a regular file.
 */
import { execFile } from 'node:child_process';
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
