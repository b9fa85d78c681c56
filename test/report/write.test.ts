/** writeReports: destinations, stdout, atomic replacement and write failures. */
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { GuardrailsError } from '../../src/errors.js';
import { REPORT_MARKER, writeReports } from '../../src/report/write.js';
import { renderCheckJson } from '../../src/report/json.js';
import { renderCheckSummary } from '../../src/report/summary.js';
import { failingCheck, observation } from './fixtures.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'guardrails-write-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<GuardrailsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GuardrailsError);
    return error as GuardrailsError;
  }
  throw new Error('expected a GuardrailsError');
}

describe('writeReports', () => {
  it('writes the summary to stdout by default and files to their default paths under reports/', async () => {
    const stdout = new BufferSink();
    await writeReports(
      [
        { name: 'summary', destination: undefined },
        { name: 'json', destination: undefined },
        { name: 'junit', destination: undefined },
        { name: 'codequality', destination: undefined },
        { name: 'markdown', destination: undefined },
      ],
      failingCheck,
      { cwd, stdout },
    );
    expect(stdout.text).toBe(renderCheckSummary(failingCheck));
    expect(await readFile(path.join(cwd, 'reports', 'guardrails.json'), 'utf8')).toBe(renderCheckJson(failingCheck));
    expect((await readdir(path.join(cwd, 'reports'))).sort()).toEqual(['codequality.json', 'guardrails.json', 'junit.xml', 'summary.md']);
  });

  it('writes to `-` as stdout and to nested relative paths, creating directories', async () => {
    const stdout = new BufferSink();
    await writeReports([{ name: 'json', destination: '-' }, { name: 'summary', destination: 'out/deep/summary.txt' }], failingCheck, { cwd, stdout });
    expect(stdout.text).toBe(renderCheckJson(failingCheck));
    expect(await readFile(path.join(cwd, 'out', 'deep', 'summary.txt'), 'utf8')).toBe(renderCheckSummary(failingCheck));
  });

  it('replaces an existing file whole', async () => {
    await writeFile(path.join(cwd, 'report.json'), 'old content that is longer than nothing');
    await writeReports([{ name: 'json', destination: 'report.json' }], failingCheck, { cwd, stdout: new BufferSink() });
    expect(await readFile(path.join(cwd, 'report.json'), 'utf8')).toBe(renderCheckJson(failingCheck));
    expect(await readdir(cwd)).toEqual(['report.json']);
  });

  it('fails with REPORT_WRITE_FAILED naming the destination when its directory cannot be created, and leaves nothing behind', async () => {
    await writeFile(path.join(cwd, 'blocker'), 'a file where a directory is needed');
    const error = await caught(writeReports([{ name: 'junit', destination: 'blocker/junit.xml' }], failingCheck, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect(error.file).toBe('blocker/junit.xml');
    expect(error.message).toMatch(/junit report to blocker\/junit\.xml: .*(EEXIST|ENOTDIR)/);
    expect(error.exitCode).toBe(2);
    expect(await readdir(cwd)).toEqual(['blocker']);
  });

  it('fails when the destination is a directory, keeping it intact and leaving no temporary file', async () => {
    await mkdir(path.join(cwd, 'taken', 'inside'), { recursive: true });
    const error = await caught(writeReports([{ name: 'json', destination: 'taken' }], failingCheck, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect(await readdir(cwd)).toEqual(['taken']);
    expect(await readdir(path.join(cwd, 'taken'))).toEqual(['inside']);
  });

  it('still writes the other outputs when one destination fails, then reports the failure', async () => {
    await writeFile(path.join(cwd, 'blocker'), '');
    const error = await caught(
      writeReports([{ name: 'json', destination: 'blocker/x.json' }, { name: 'junit', destination: 'ok/junit.xml' }], failingCheck, { cwd, stdout: new BufferSink() }),
    );
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect(await readFile(path.join(cwd, 'ok', 'junit.xml'), 'utf8')).toContain('<testsuites');
  });

  it('refuses to replace a non-empty directory that is not an earlier HTML report', async () => {
    await mkdir(path.join(cwd, 'src'));
    await writeFile(path.join(cwd, 'src', 'main.tf'), 'keep me');
    const error = await caught(writeReports([{ name: 'html', destination: 'src' }], failingCheck, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect(await readFile(path.join(cwd, 'src', 'main.tf'), 'utf8')).toBe('keep me');
    expect(await readdir(cwd)).toEqual(['src']);
  });

  it('refuses to replace a checkout that merely holds an index.html, naming it, and keeps every file', async () => {
    await mkdir(path.join(cwd, 'src'));
    await mkdir(path.join(cwd, '.git'));
    await writeFile(path.join(cwd, 'index.html'), '<p>project page</p>');
    await writeFile(path.join(cwd, 'src', 'main.tf'), 'keep me');
    await writeFile(path.join(cwd, '.git', 'HEAD'), 'ref: refs/heads/main');
    const error = await caught(writeReports([{ name: 'html', destination: '.' }], failingCheck, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe('.');
    expect(error.message).toContain(`did not write (it has no ${REPORT_MARKER} file)`);
    expect((await readdir(cwd)).sort()).toEqual(['.git', 'index.html', 'src']);
    expect(await readFile(path.join(cwd, 'src', 'main.tf'), 'utf8')).toBe('keep me');
    expect(await readFile(path.join(cwd, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main');
  });

  it('does not replace a symbolic link to a directory with a directory report', async () => {
    await mkdir(path.join(cwd, 'real'));
    await writeFile(path.join(cwd, 'real', 'keep.txt'), 'keep me');
    await symlink('real', path.join(cwd, 'link'));
    const error = await caught(writeReports([{ name: 'html', destination: 'link' }], failingCheck, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect((await lstat(path.join(cwd, 'link'))).isSymbolicLink()).toBe(true);
    expect(await readdir(path.join(cwd, 'real'))).toEqual(['keep.txt']);
  });

  it('writes through a symbolic link to a file, keeping the link', async () => {
    await mkdir(path.join(cwd, 'store'));
    await writeFile(path.join(cwd, 'store', 'report.json'), 'old');
    await symlink('store/report.json', path.join(cwd, 'report.json'));
    await writeReports([{ name: 'json', destination: 'report.json' }], failingCheck, { cwd, stdout: new BufferSink() });
    expect(await readlink(path.join(cwd, 'report.json'))).toBe('store/report.json');
    expect(await readFile(path.join(cwd, 'store', 'report.json'), 'utf8')).toBe(renderCheckJson(failingCheck));
  });

  it('refuses a dangling symbolic link instead of replacing it with a file', async () => {
    await symlink('nowhere.json', path.join(cwd, 'report.json'));
    const error = await caught(writeReports([{ name: 'json', destination: 'report.json' }], failingCheck, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('REPORT_WRITE_FAILED');
    expect((await lstat(path.join(cwd, 'report.json'))).isSymbolicLink()).toBe(true);
  });

  it.runIf(process.platform === 'linux')('writes into a FIFO as it is, never replacing it with a regular file', async () => {
    const fifo = path.join(cwd, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reading = readFile(fifo, 'utf8');
    await writeReports([{ name: 'junit', destination: fifo }], failingCheck, { cwd, stdout: new BufferSink() });
    expect(await reading).toContain('<testsuites');
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it.runIf(process.platform === 'linux')('writes into a device through a symbolic link, keeping the link and the device', async () => {
    // A link to the device rather than the device itself, so a regression replaces only the link.
    const link = path.join(cwd, 'discard');
    await symlink('/dev/zero', link);
    await writeReports([{ name: 'junit', destination: 'discard' }], failingCheck, { cwd, stdout: new BufferSink() });
    expect(await readlink(link)).toBe('/dev/zero');
    expect((await lstat('/dev/zero')).isCharacterDevice()).toBe(true);
  });

  it('swaps in a new HTML report over an earlier one, leaving no temporary directories', async () => {
    await writeReports([{ name: 'html', destination: 'html' }], failingCheck, { cwd, stdout: new BufferSink() });
    await writeFile(path.join(cwd, 'html', 'stale.txt'), 'from the first run');
    await writeReports([{ name: 'html', destination: 'html' }], failingCheck, { cwd, stdout: new BufferSink() });
    expect(await readdir(cwd)).toEqual(['html']);
    const entries = await readdir(path.join(cwd, 'html'));
    expect(entries).toContain('index.html');
    expect(entries).toContain(REPORT_MARKER);
    expect(entries).not.toContain('stale.txt');
  });

  it.each([
    [[{ name: 'codequality' as const, destination: undefined }], observation, /cannot render an observation report/],
    [[{ name: 'html' as const, destination: '-' }], failingCheck, /cannot go to stdout/],
    [[{ name: 'json' as const, destination: 'a.out' }, { name: 'junit' as const, destination: './a.out' }], failingCheck, /both be written to/],
  ])('rejects %j as a usage error before writing anything', async (outputs, report, message) => {
    const error = await caught(writeReports(outputs, report, { cwd, stdout: new BufferSink() }));
    expect(error.code).toBe('USAGE');
    expect(error.message).toMatch(message);
    expect(await readdir(cwd)).toEqual([]);
  });
});
