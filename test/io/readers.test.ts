import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isGuardrailsError, type GuardrailsError } from '../../src/errors.js';
import { configureInputLimits } from '../../src/io/limits.js';
import { readObservation } from '../../src/observe/promotion.js';
import { loadRegistry } from '../../src/observe/registry.js';
import { loadPlan } from '../../src/plan/load.js';
import { loadSources } from '../../src/source/load.js';
import { loadWaivers } from '../../src/waivers/load.js';
import { registerObserveCommand } from '../../src/cli/observe.js';
import { runCommands } from '../observe/cli-harness.js';

// Every reader of a user-named file goes through readInputFile: the same error for the same
// problem, whatever the file is for (before, two of them called every failure "not JSON").
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'readers-'));
  await mkdir(path.join(dir, 'a-directory'));
  await mkdir(path.join(dir, 'src'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => configureInputLimits({}));

async function errorOf(promise: Promise<unknown>): Promise<GuardrailsError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
  return error;
}

const readers: Array<[string, (file: string) => Promise<unknown>]> = [
  ['plan', (file) => loadPlan(file, { cwd: dir })],
  ['waivers', (file) => loadWaivers(file, { today: new Date('2026-01-01'), cwd: dir })],
  ['workloads registry', (file) => loadRegistry(file, dir)],
  ['observation result', (file) => readObservation(file, dir)],
];

describe.each(readers)('the %s reader', (_what, read) => {
  it('calls a directory a directory', async () => {
    const error = await errorOf(read('a-directory'));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.file).toBe('a-directory');
    expect(error.message).toMatch(/^is a directory /);
  });

  it('calls a missing file missing, with the path it resolved to', async () => {
    const error = await errorOf(read('missing.file'));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain(path.join(dir, 'missing.file'));
  });
});

describe('bounded reads and nesting, end to end', () => {
  it('a plan read from /dev/zero stops at the limit', async () => {
    configureInputLimits({ GUARDRAILS_MAX_PLAN_MB: '2' });
    const error = await errorOf(loadPlan('/dev/zero', { cwd: dir }));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.hint).toContain('GUARDRAILS_MAX_PLAN_MB');
  });

  it('an oversized .tf file is refused before it is parsed', async () => {
    configureInputLimits({ GUARDRAILS_MAX_SOURCE_FILE_MB: String(1 / 1024) });
    await writeFile(path.join(dir, 'src', 'main.tf'), `# ${'x'.repeat(4096)}\nresource "terraform_data" "a" {}\n`);
    const error = await errorOf(loadSources('src', { cwd: dir }));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.file).toContain('main.tf');
  });

  it('a plan nested 7,000 deep in after_unknown is an input error, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(7000)}true${'}'.repeat(7000)}`;
    const plan = `{"format_version":"1.2","terraform_version":"1.9.0","resource_changes":[{"address":"terraform_data.a","mode":"managed","type":"terraform_data","name":"a","change":{"actions":["create"],"before":null,"after":{},"after_unknown":${deep}}}]}`;
    await writeFile(path.join(dir, 'deep.json'), plan);
    const error = await errorOf(loadPlan('deep.json', { cwd: dir }));
    expect(error.code).toBe('INPUT_TOO_DEEP');
  });

  it('a plan with module calls nested 5,000 deep is an input error', async () => {
    const calls = `${'{"module_calls":{"m":{"source":"./m","module":'.repeat(5000)}{}${'}}}'.repeat(5000)}`;
    const plan = `{"format_version":"1.2","terraform_version":"1.9.0","resource_changes":[],"configuration":{"root_module":${calls}}}`;
    await writeFile(path.join(dir, 'calls.json'), plan);
    const error = await errorOf(loadPlan('calls.json', { cwd: dir }));
    expect(error.code).toBe('INPUT_TOO_DEEP');
  });

  it('a shard that is not JSON is named as such without quoting it', async () => {
    await writeFile(path.join(dir, 'shard.json'), 'TOKEN=glpat-abcdefghijklmnop\n');
    const run = await runCommands([registerObserveCommand], ['observe', 'merge', 'shard.json', '--format', 'json:-'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('shard.json: is not JSON');
    expect(run.stderr).not.toContain('glpat');
  });
});

describe('nesting in sources', () => {
  it('a .tf.json nested 5,000 deep is an input error', async () => {
    await mkdir(path.join(dir, 'deep-src'));
    await writeFile(path.join(dir, 'deep-src', 'main.tf.json'), `{"locals":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`);
    const error = await errorOf(loadSources('deep-src', { cwd: dir }));
    expect(error.code).toBe('INPUT_TOO_DEEP');
  });
});
