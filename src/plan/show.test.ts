/**
 * `show -json` through stand-in binaries (small shell scripts), so the child-process handling
 * is tested without OpenTofu: binary choice, arguments, failures, and very large output.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createWriteStream, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGuardrailsError, type GuardrailsError } from '../errors.js';
import { loadPlan } from './load.js';

const ZIP_HEAD = Buffer.from('PK\u0003\u0004 stand-in plan', 'latin1');
const SMALL_PLAN = JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} }, resource_changes: [] });

// The stand-in scripts need only the system tools (cat, printf) from PATH.
const childEnv = { PATH: process.env.PATH };
let dir: string;
let binDir: string;

async function script(name: string, body: string): Promise<string> {
  const file = path.join(binDir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

async function errorOf(promise: Promise<unknown>): Promise<GuardrailsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
  return error;
}

describe.runIf(process.platform !== 'win32')('binary plans through show -json', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-show-'));
    binDir = path.join(dir, 'bin');
    await mkdir(binDir);
    await writeFile(path.join(dir, 'tfplan.cache'), ZIP_HEAD);
    await writeFile(path.join(dir, 'plan.json'), SMALL_PLAN);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs `<bin> show -json -no-color <absolute plan path>` in chdir, without a shell', async () => {
    const planName = 'odd $(name); `x` & "y".cache';
    await writeFile(path.join(dir, planName), ZIP_HEAD);
    await mkdir(path.join(dir, 'config'), { recursive: true });
    const recorder = await script('recorder', `printf '%s\\n' "$PWD" "$@" > "${dir}/args.txt"\ncat "${dir}/plan.json"`);
    const loaded = await loadPlan(planName, { cwd: dir, chdir: 'config', tofuBin: recorder, env: childEnv });
    expect(loaded.origin).toBe('binary');
    expect(loaded.bytes).toBe(SMALL_PLAN.length);
    const args = (await readFile(path.join(dir, 'args.txt'), 'utf8')).split('\n');
    expect(args.slice(0, 5)).toEqual([path.join(dir, 'config'), 'show', '-json', '-no-color', path.join(dir, planName)]);
  });

  it('prefers tofu over terraform on the PATH given in env', async () => {
    const both = path.join(dir, 'both');
    await mkdir(both, { recursive: true });
    for (const name of ['tofu', 'terraform']) {
      await writeFile(path.join(both, name), `#!/bin/sh\necho ${name} >&2\nexit 9\n`);
      await chmod(path.join(both, name), 0o755);
    }
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, env: { PATH: both } }));
    expect(error.message).toContain('`tofu show -json`');
    expect(error.message).toMatch(/exited with 9 and said: tofu$/);
  });

  it('passes only the allowlisted environment to the binary: no tokens, secrets or credentials', async () => {
    const names = ['TF_DATA_DIR', 'LANG', 'GUARDRAILS_GITLAB_TOKEN', 'CI_JOB_TOKEN', 'CI_REGISTRY_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'TF_TOKEN_app_terraform_io', 'MY_API_SECRET', 'TF_CLI_ARGS'];
    const echo = await script('env-echo', `${names.map((name) => `echo "${name}=\${${name}:-unset}" >&2`).join('\n')}\nexit 1`);
    const env = { ...childEnv, ...Object.fromEntries(names.map((name) => [name, `value-of-${name}`])) };
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: echo, env }));
    expect(error.message).toContain('TF_DATA_DIR=value-of-TF_DATA_DIR LANG=value-of-LANG');
    for (const name of names.slice(2)) expect(error.message).toContain(`${name}=unset`);
    expect(error.message).not.toMatch(/value-of-(?!TF_DATA_DIR|LANG)/);
  });

  it('stops a binary that hangs, with its process group, after the timeout', async () => {
    const hang = await script('hang', `sleep 300 &\necho $! > "${dir}/hang.pid"\nexec sleep 300`);
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: hang, env: childEnv, showTimeoutMs: 500 }));
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('did not finish within 0.5 s; it was stopped');
    expect(error.hint).toContain('--show-timeout');
    const grandchild = Number(await readFile(path.join(dir, 'hang.pid'), 'utf8'));
    await expect.poll(() => isAlive(grandchild)).toBe(false);
  }, 20_000);

  it('does not wait forever for a process the binary left holding its output', async () => {
    const leaves = await script('leaves-child', `sleep 300 &\ncat "${dir}/plan.json"`);
    const loaded = await loadPlan('tfplan.cache', { cwd: dir, tofuBin: leaves, env: childEnv });
    expect(loaded.bytes).toBe(SMALL_PLAN.length);
  }, 20_000);

  it('does not wait forever for an escaped process holding its output', async () => {
    const escapes = await script('escapes', `setsid sleep 300 &\necho $! > "${dir}/escaped.pid"\ncat "${dir}/plan.json"`);
    try {
      const loaded = await loadPlan('tfplan.cache', { cwd: dir, tofuBin: escapes, env: childEnv });
      expect(loaded.bytes).toBe(SMALL_PLAN.length);
    } finally {
      const pid = Number(await readFile(path.join(dir, 'escaped.pid'), 'utf8').catch(() => '0'));
      if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 20_000);

  it('reports a failing binary with its trimmed stderr and what to check', async () => {
    const failing = await script(
      'failing',
      'printf "\\n\\342\\225\\267\\n\\342\\224\\202 Error: Inconsistent dependency lock file\\n\\342\\224\\202\\n\\342\\224\\202   run init  \\n\\342\\225\\265\\n\\n" >&2\nexit 1',
    );
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: failing, env: childEnv }));
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/exited with 1 and said: Error: Inconsistent dependency lock file run init$/);
    expect(error.hint).toMatch(/init.*--chdir.*--tofu-bin/s);
  });

  it('says so when a failing binary printed nothing', async () => {
    const silent = await script('silent', 'exit 4');
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: silent, env: childEnv }));
    expect(error.message).toContain('exited with 4 and printed nothing on stderr');
  });

  it('reports a binary that cannot be executed', async () => {
    const notExecutable = path.join(binDir, 'not-executable');
    await writeFile(notExecutable, '#!/bin/sh\n');
    await chmod(notExecutable, 0o644);
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: notExecutable, env: childEnv }));
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.message).toContain('EACCES');
  });

  it('reports a configuration directory that does not exist', async () => {
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, chdir: 'no-such-dir', env: childEnv }));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain(path.join(dir, 'no-such-dir'));
    expect(error.hint).toContain('--chdir');
  });

  it('does not claim a PATH search for a binary given by path', async () => {
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: path.join(binDir, 'absent'), env: childEnv }));
    expect(error.code).toBe('SHOW_FAILED');
    expect(error.message).toMatch(/no binary to render it was found \(tried `[^`]+absent`\)\.$/);
  });

  it('parses what the binary printed with the usual diagnostics', async () => {
    const wrapper = await script('wrapper', `echo "[command]/usr/bin/terraform-bin show -json tfplan.cache"\ncat "${dir}/plan.json"`);
    const error = await errorOf(loadPlan('tfplan.cache', { cwd: dir, tofuBin: wrapper, env: childEnv }));
    expect(error.code).toBe('NOT_JSON');
    expect(error.file).toBe('tfplan.cache');
    expect(error.hint).toContain('terraform_wrapper: false');
  });

  it('collects more than 100 MB of output', async () => {
    const big = path.join(dir, 'big.json');
    await writeBigPlan(big, 110 * 1024 * 1024);
    const cat = await script('cat-big', `exec cat "${big}"`);
    const loaded = await loadPlan('tfplan.cache', { cwd: dir, tofuBin: cat, env: childEnv });
    expect(loaded.bytes).toBeGreaterThan(110 * 1024 * 1024);
    expect((loaded.raw.resource_changes as unknown[]).length).toBeGreaterThan(100_000);
  }, 120_000);
});

/** True while the process runs; a killed process nobody reaped yet (a zombie) does not count. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readStat(pid);
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Streams a plan of at least `minBytes` to a file, without building it in memory as one string. */
async function writeBigPlan(file: string, minBytes: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[');
  const padding = 'x'.repeat(600);
  let bytes = 0;
  for (let i = 0; bytes < minBytes; i++) {
    const change = JSON.stringify({
      address: `terraform_data.r[${i}]`,
      mode: 'managed',
      type: 'terraform_data',
      name: 'r',
      index: i,
      change: { actions: ['create'], before: null, after: { input: { id: i, padding } }, after_unknown: { id: true } },
    });
    await write(i === 0 ? change : `,${change}`);
    bytes += change.length + 1;
  }
  await write(']}');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
