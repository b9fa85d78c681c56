/**
 * Exit 1 means "an enforced guardrail failed" and nothing else: a crash is 3, a usage or input
 * error 2, through the built binary as a pipeline runs it. A report-only rollout allows exit 1
 * only, so anything else reaching 1 would hide a broken gate.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, feature, plan, stateBucket, workspace } from '../runner/harness.js';
import { binPath, describeRun, repoRoot, runGuardrails, tempDir, type CliResult } from './cli.js';

/** Runs `node [nodeArgs] BIN args` where BIN may be a copy of the entry point. */
function runNode(nodeArgs: readonly string[], bin: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeArgs, bin, ...args], { cwd: repoRoot, timeout: 120_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

describe('exit codes of the binary', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('exit-codes');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['nope']],
    ['an unknown option', ['check', '--plan', 'x.json', '--nope']],
    ['a missing required option', ['check']],
  ])('%s is a usage error: 2', async (_name, args) => {
    const result = await runGuardrails(args);
    expect(result.code, describeRun(args, result)).toBe(2);
  });

  it('an entry point without its build is an internal error (3) saying how to build, not a bare 1', async () => {
    const bin = path.join(dir, 'unbuilt', 'bin', 'guardrails.js');
    await mkdir(path.dirname(bin), { recursive: true });
    await copyFile(binPath, bin);
    const result = await runNode([], bin, ['steps']);
    expect(result.code, JSON.stringify(result)).toBe(3);
    expect(result.stderr).toMatch(/not built.*npm run build/);
  });

  it('an exception thrown outside any command after start-up is an internal error (3), not 1', async () => {
    // Makes the first write to stdout schedule an uncaught exception, as a broken stream or a bug in
    // a callback would: Node's own default for that is exit 1.
    const preload = path.join(dir, 'throw-later.mjs');
    await writeFile(
      preload,
      "const write = process.stdout.write.bind(process.stdout);\nprocess.stdout.write = (...args) => { setImmediate(() => { throw new Error('thrown after start-up'); }); return write(...args); };\n",
    );
    const result = await runNode(['--import', preload], binPath, ['steps']);
    expect(result.code, JSON.stringify(result.stderr)).toBe(3);
    expect(result.stderr).toMatch(/internal error: Error: thrown after start-up/);
  });
});

describe('exit codes of a failing gate whose reports cannot be written', () => {
  it('is an input error (2), not the policy failure (1)', async () => {
    const failing = feature('kms-only', {
      KMS: ['Given the "aws_s3_bucket_server_side_encryption_configuration" resources', 'Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"'],
    });
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('AES256')), 'features/g.feature': failing, 'a-file': 'not a directory' });
    expect((await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--format', 'summary:/dev/null'])).code).toBe(1);
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--format', 'junit:a-file/junit.xml']);
    expect(run.code, run.stderr).toBe(2);
  });
});
