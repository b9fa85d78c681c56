/**
 * Binary plans end to end: a real `terraform plan -out` file is detected by its zip magic and
 * rendered with `show -json`, with `tofu` absent from PATH so the terraform fallback is used;
 * and through `check`, a binary that never finishes is stopped after --show-timeout.
 */
import { chmod, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';
import { isGuardrailsError, type GuardrailsError } from '../src/errors.js';
import { loadPlan } from '../src/plan/load.js';
import { findOnPath, makeBinaryPlanFixture, terraformEnv } from './support/terraform-fixture.js';
import { availableUnlessCI } from './support/ci.js';

const terraform = findOnPath('terraform');

async function loadError(promise: Promise<unknown>): Promise<GuardrailsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
  return error;
}

describe.runIf(availableUnlessCI(terraform !== undefined, 'the terraform binary'))('binary plan via terraform show -json', () => {
  let fixture: { dir: string; planFile: string };
  // A PATH holding terraform and nothing else: proves the fallback from tofu to terraform.
  let terraformOnlyPath: string;
  let emptyPath: string;

  beforeAll(async () => {
    fixture = await makeBinaryPlanFixture();
    terraformOnlyPath = await mkdtemp(path.join(os.tmpdir(), 'guardrails-path-'));
    await symlink(terraform as string, path.join(terraformOnlyPath, 'terraform'));
    emptyPath = await mkdtemp(path.join(os.tmpdir(), 'guardrails-empty-path-'));
  }, 120_000);

  afterAll(async () => {
    for (const dir of [fixture?.dir, terraformOnlyPath, emptyPath]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a zip file, not JSON', async () => {
    const head = (await readFile(fixture.planFile)).subarray(0, 4);
    expect(head.toString('latin1')).toBe('PK\u0003\u0004');
  });

  it('loads the plan through terraform when tofu is not on PATH', async () => {
    const plan = await loadPlan('tfplan.cache', {
      cwd: fixture.dir,
      chdir: fixture.dir,
      env: { ...terraformEnv(), PATH: terraformOnlyPath },
    });
    expect(plan.origin).toBe('binary');
    expect(plan.displayPath).toBe('tfplan.cache');
    expect(plan.raw.format_version).toMatch(/^1\.\d+$/);
    const changes = plan.raw.resource_changes as { address: string; change: { actions: string[] } }[];
    expect(changes.map((change) => [change.address, change.change.actions])).toEqual(
      expect.arrayContaining([
        ['terraform_data.state_bucket', ['create']],
        ['module.child.terraform_data.log_bucket', ['create']],
      ]),
    );
    const configuration = plan.raw.configuration as { root_module: { module_calls: Record<string, { source: string }> } };
    expect(configuration.root_module.module_calls.child?.source).toBe('./modules/child');
    expect(plan.bytes).toBeGreaterThan(500);
  });

  it('resolves a relative chdir against cwd', async () => {
    const parent = path.dirname(fixture.dir);
    const plan = await loadPlan(path.join(path.basename(fixture.dir), 'tfplan.cache'), {
      cwd: parent,
      chdir: path.basename(fixture.dir),
      env: { ...terraformEnv(), PATH: terraformOnlyPath },
    });
    expect(plan.origin).toBe('binary');
  });

  it('names the binary and --tofu-bin when tofuBin does not exist', async () => {
    const error = await loadError(
      loadPlan('tfplan.cache', { cwd: fixture.dir, tofuBin: 'no-such-tofu-binary', env: terraformEnv() }),
    );
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.file).toBe('tfplan.cache');
    expect(error.toUserMessage()).toContain('`no-such-tofu-binary`');
    expect(error.toUserMessage()).toContain('--tofu-bin');
  });

  it('names both default binaries when neither is on PATH', async () => {
    const error = await loadError(loadPlan('tfplan.cache', { cwd: fixture.dir, env: { PATH: emptyPath } }));
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.message).toContain('`tofu` and `terraform`');
    expect(error.hint).toContain('--tofu-bin');
  });

  it("includes the binary's stderr for a corrupt zip", async () => {
    await writeFile(path.join(fixture.dir, 'corrupt.cache'), Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from('not really a zip')]));
    const error = await loadError(
      loadPlan('corrupt.cache', { cwd: fixture.dir, env: { ...terraformEnv(), PATH: terraformOnlyPath } }),
    );
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.file).toBe('corrupt.cache');
    expect(error.message).toContain('`terraform show -json`');
    expect(error.message).toMatch(/Failed to read the given file as a state or plan file/);
    expect(error.message).toMatch(/\S$/); // stderr is trimmed
    expect(error.hint).toContain('init');
  });
});

describe.runIf(process.platform !== 'win32')('check --plan with a --tofu-bin that never finishes', () => {
  it('stops it after --show-timeout and exits 2 with a message, and refuses a bad --show-timeout', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-hang-'));
    try {
      await writeFile(path.join(dir, 'tfplan.cache'), Buffer.from('PK\u0003\u0004 stand-in plan', 'latin1'));
      await writeFile(path.join(dir, 'hang'), '#!/bin/sh\nsleep 300 &\nexec sleep 300\n');
      await chmod(path.join(dir, 'hang'), 0o755);
      const run = async (timeout: string): Promise<{ code: number; stderr: string }> => {
        const stderr = new BufferSink();
        const code = await runCli(['check', '--plan', 'tfplan.cache', '--tofu-bin', './hang', '--show-timeout', timeout], {
          cwd: dir, env: { PATH: process.env.PATH, CI_JOB_TOKEN: 'never-shown' }, stdout: new BufferSink(), stderr, stdin: process.stdin, stderrIsTTY: false,
        });
        return { code, stderr: stderr.text };
      };
      const stopped = await run('0.5');
      expect(stopped.code).toBe(2);
      expect(stopped.stderr).toMatch(/^error: tfplan\.cache: is a binary plan, and `\.\/hang show -json` .* did not finish within 0\.5 s; it was stopped\./);
      expect(await run('soon')).toMatchObject({ code: 2, stderr: expect.stringContaining('--show-timeout "soon" is not a positive number of seconds') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
