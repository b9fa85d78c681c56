/**
 * The gate applies the central waivers file; a workload's own file only waives what the central
 * file allows it to (allow_local_waivers). Run with the real gate on a plan the account baseline fails.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { check } from '../../src/runner/check.js';
import { bundledCentralWaivers } from '../../src/waivers/central.js';
import { loadWaiversFile } from '../../src/waivers/load.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const plan = path.join(repoRoot, 'features', 'account-baseline', 'examples', 'violating-password-too-short', 'tfplan.json');
const features = [path.join(repoRoot, 'features', 'account-baseline')];
const today = new Date('2026-03-01T00:00:00Z');
let dir: string;

const waiver = (workload: string): string =>
  `  - guardrail: account-baseline\n    workload: ${workload}\n    addresses: [aws_iam_account_password_policy.strict]\n    reason: Policy rollout, SEC-9\n    owner: alice\n    expires: 2026-06-30\n`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gate-waivers-'));
  await writeFile(path.join(dir, 'central-none.yaml'), 'waivers: []\n');
  await writeFile(path.join(dir, 'central-waiving.yaml'), `waivers:\n${waiver('payments')}`);
  await writeFile(path.join(dir, 'central-allowing.yaml'), 'waivers: []\nallow_local_waivers:\n  - workload: payments\n    guardrails: [account-baseline]\n    reason: Team owns its password policy rollout\n    owner: security\n');
  await writeFile(path.join(dir, 'local.yaml'), `waivers:\n${waiver('payments')}`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function gate(options: { central: string | null; local?: string; workload?: string }) {
  const stdout = new BufferSink();
  const result = await check({
    plan,
    cwd: dir,
    features,
    workload: options.workload ?? 'payments',
    centralWaivers: options.central === null ? null : path.join(dir, options.central),
    ...(options.local === undefined ? {} : { waivers: options.local }),
    formats: ['summary:-', 'markdown:summary.md'],
    stdout,
    today,
  });
  return { ...result, summary: stdout.text };
}

describe('waivers in the gate', () => {
  it('fails without waivers', async () => {
    expect((await gate({ central: null })).exitCode).toBe(1);
  });

  it('applies the central file to the named workload without any --waivers', async () => {
    const result = await gate({ central: 'central-waiving.yaml' });
    expect(result.exitCode).toBe(0);
    expect(result.report.guardrails[0]?.findings[0]).toMatchObject({ status: 'waived', waiver: { owner: 'alice' } });
    expect((await gate({ central: 'central-waiving.yaml', workload: 'identity' })).exitCode).toBe(1);
  });

  it("ignores the workload's own waiver that the central file does not allow, and says so", async () => {
    const result = await gate({ central: 'central-none.yaml', local: 'local.yaml' });
    expect(result.exitCode).toBe(1);
    expect(result.report.ignoredWaivers).toEqual([
      { guardrail: 'account-baseline', workload: 'payments', addresses: ['aws_iam_account_password_policy.strict'], reason: 'Policy rollout, SEC-9', file: 'local.yaml' },
    ]);
    expect(result.summary).toContain('Ignored waiver: account-baseline for payments in local.yaml: the central waivers file does not allow this workload to waive it');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('**Ignored waivers** (the central waivers file does not allow this workload to waive these guardrails):');
  });

  it('applies a local waiver the central file allows for that workload and guardrail only', async () => {
    const allowed = await gate({ central: 'central-allowing.yaml', local: 'local.yaml' });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.report.ignoredWaivers).toBeUndefined();
    // The grant is for payments: the same local file in another workload's gate waives nothing.
    await writeFile(path.join(dir, 'local-any.yaml'), `waivers:\n${waiver("'*'")}`);
    const other = await gate({ central: 'central-allowing.yaml', local: 'local-any.yaml', workload: 'identity' });
    expect(other.exitCode).toBe(1);
    expect(other.report.ignoredWaivers?.map((w) => w.guardrail)).toEqual(['account-baseline']);
  });

  it('treats --waivers naming the central file itself as the central file', async () => {
    const result = await gate({ central: 'central-waiving.yaml', local: 'central-waiving.yaml' });
    expect(result.exitCode).toBe(0);
    expect(result.report.ignoredWaivers).toBeUndefined();
  });
});

describe('the central file', () => {
  it('is the repository waivers.yaml, shipped in the package', async () => {
    expect(bundledCentralWaivers()).toBe(path.join(repoRoot, 'waivers.yaml'));
    const packageJson = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(packageJson.files).toContain('waivers.yaml');
  });

  it.each([
    ['a grant with a glob guardrail', 'waivers: []\nallow_local_waivers:\n  - { workload: pay, guardrails: ["*"], reason: r, owner: o }\n', /allow_local_waivers #1: `guardrails` must be a non-empty list of guardrail ids \(exact ids, no globs/],
    ['a grant without a reason', 'waivers: []\nallow_local_waivers:\n  - { workload: pay, guardrails: [a], owner: o }\n', /allow_local_waivers #1: `reason` is missing/],
    ['an unknown top-level key', 'waivers: []\ndelegate: []\n', /unknown top-level key `delegate`/],
  ])('refuses %s', async (_label, text, message) => {
    await writeFile(path.join(dir, 'bad.yaml'), text);
    await expect(loadWaiversFile('bad.yaml', { today, cwd: dir })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
  });
});
