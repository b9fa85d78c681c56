import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isGuardrailsError, type GuardrailsError } from '../errors.js';
import { configureInputLimits, inputLimit } from './limits.js';
import { parseInputJson, readInputFile, readInputStream, type ReadInputOptions } from './read-input.js';

const options: ReadInputOptions = { display: 'input.yaml', kind: 'config', expected: 'a YAML file', missingHint: 'Check the path.' };

async function errorOf(promise: Promise<unknown>): Promise<GuardrailsError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
  return error;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'read-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => configureInputLimits({}));

describe('readInputFile maps every filesystem error to one message', () => {
  it('reads a regular file whole', async () => {
    await writeFile(path.join(dir, 'ok.yaml'), 'a: 1\n');
    expect((await readInputFile(path.join(dir, 'ok.yaml'), options)).toString()).toBe('a: 1\n');
  });

  it('a missing file is FILE_NOT_FOUND with the resolved path and the hint', async () => {
    const error = await errorOf(readInputFile(path.join(dir, 'nope.yaml'), options));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.toUserMessage()).toBe(`error: input.yaml: does not exist (resolved to ${path.join(dir, 'nope.yaml')}); expected a YAML file. Check the path.`);
  });

  it('a directory says so', async () => {
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    const error = await errorOf(readInputFile(path.join(dir, 'sub'), options));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toMatch(/^is a directory \(resolved to .*\); expected a YAML file\.$/);
  });

  it.runIf(process.platform !== 'win32')('a symbolic link loop says so', async () => {
    await symlink('loop-b', path.join(dir, 'loop-a'));
    await symlink('loop-a', path.join(dir, 'loop-b'));
    const error = await errorOf(readInputFile(path.join(dir, 'loop-a'), options));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('symbolic link that loops');
  });

  it('a file over the limit is refused before it is read, naming the variable that raises it', async () => {
    configureInputLimits({ GUARDRAILS_MAX_CONFIG_MB: String(1 / 1024) });
    await writeFile(path.join(dir, 'big.yaml'), 'x'.repeat(2048));
    const error = await errorOf(readInputFile(path.join(dir, 'big.yaml'), options));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toBe('is 2 KiB: more than the limit of 1 KiB for a YAML configuration file; expected a YAML file.');
    expect(error.hint).toContain('GUARDRAILS_MAX_CONFIG_MB');
  });

  it('a limit that is not a positive number is a usage error', () => {
    expect(() => configureInputLimits({ GUARDRAILS_MAX_PLAN_MB: 'lots' })).toThrow(/GUARDRAILS_MAX_PLAN_MB is "lots"; expected a positive number of MiB/);
    expect(inputLimit('plan')).toBe(500 * 1024 * 1024);
  });

  it.runIf(process.platform === 'linux')('a device that never ends (/dev/zero) is read up to the limit, then refused', async () => {
    configureInputLimits({ GUARDRAILS_MAX_CONFIG_MB: '1' });
    const error = await errorOf(readInputFile('/dev/zero', { ...options, display: '/dev/zero' }));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toContain('not a regular file (a pipe or a device)');
  });

  it.runIf(process.platform === 'linux')('a FIFO is read (process substitution), and bounded', async () => {
    const fifo = path.join(dir, 'fifo');
    await new Promise((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', resolve).on('error', reject));
    const writer = spawn('sh', ['-c', `printf 'a: 1\\n' > '${fifo}'`]);
    const written = new Promise((resolve) => writer.on('exit', resolve));
    expect((await readInputFile(fifo, options)).toString()).toBe('a: 1\n');
    await written;

    configureInputLimits({ GUARDRAILS_MAX_CONFIG_MB: String(1 / 1024) });
    const flood = spawn('sh', ['-c', `yes > '${fifo}'`]);
    const error = await errorOf(readInputFile(fifo, options));
    flood.kill();
    expect(error.code).toBe('INPUT_TOO_LARGE');
  });

  it('standard input is bounded too', async () => {
    configureInputLimits({ GUARDRAILS_MAX_PLAN_MB: String(1 / 1024) });
    const endless = Readable.from((function* () {
      for (;;) yield Buffer.alloc(512);
    })());
    const error = await errorOf(readInputStream(endless, { display: '<stdin>', kind: 'plan', expected: 'plan JSON' }));
    expect(error.code).toBe('INPUT_TOO_LARGE');
  });
});

describe('parseInputJson', () => {
  it('gives the position of a syntax error, never the text around it', () => {
    const secret = 'AWS_SECRET_ACCESS_KEY=abcd1234';
    let error: unknown;
    try {
      parseInputJson(`{"a": 1,\n ${secret}}`, { display: 'x.json', expected: 'a result' });
    } catch (caught) {
      error = caught;
    }
    expect(isGuardrailsError(error) && error.code).toBe('NOT_JSON');
    expect((error as GuardrailsError).toUserMessage()).not.toContain('AWS_SECRET');
    expect((error as GuardrailsError).message).toContain('line 2, column 2');
  });

  it('refuses nesting deeper than the tool follows', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(() => parseInputJson(deep, { display: 'x.json', expected: 'a result' })).toThrow(/nested more than 1000 levels deep/);
    expect(parseInputJson('[[["a]]]"]]]', { display: 'x.json', expected: 'a result' })).toEqual([[['a]]]']]]);
  });
});
