import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyWaivers } from '../../src/waivers/apply.js';
import { loadWaivers } from '../../src/waivers/load.js';
import { addressMatcher, workloadMatcher } from '../../src/waivers/match.js';
import type { Waiver } from '../../src/waivers/types.js';
import { fakeReport } from '../observe/report-fixture.js';

const today = new Date('2026-03-01T10:00:00Z');
const quotedAddress = 'module.a["x"].aws_s3_bucket.b';

function waiver(overrides: Partial<Waiver> = {}): Waiver {
  return {
    index: 0,
    file: 'waivers.yaml',
    guardrail: 'state-kms',
    workload: 'pay*',
    addresses: [quotedAddress],
    reason: 'Key migration, SEC-1',
    owner: 'alice',
    expires: '2026-06-30',
    ...overrides,
  };
}

describe('address globs', () => {
  it.each([
    [quotedAddress, quotedAddress, true],
    [quotedAddress, 'module.ax.aws_s3_bucket.b', false],
    [quotedAddress, 'module.a["y"].aws_s3_bucket.b', false],
    ['module.a[*].aws_s3_bucket.*', quotedAddress, true],
    ['module.a[*].aws_s3_bucket.*', 'module.a["a/b"].aws_s3_bucket.c', true],
    ['module.a["x"].*', quotedAddress, true],
    ['module.a["x"].*', 'module.a["y"].aws_s3_bucket.b', false],
    ['aws_s3_bucket.b[0]', 'aws_s3_bucket.b[0]', true],
    ['aws_s3_bucket.b[0]', 'aws_s3_bucket.b0', false],
    ['aws_s3_bucket.*', quotedAddress, false],
    ['aws_s3_bucket.*', 'aws_s3_bucket.b[0]', true],
    ['module.*.aws_s3_bucket.*', 'module.a.module.b["k"].aws_s3_bucket.c', true],
    ['aws_s3_bucket.b?', 'aws_s3_bucket.b1', true],
    ['module.a["*"].b', 'module.a["*"].b', true],
    ['module.a["*"].b', 'module.a["x"].b', false],
    ['aws_s3_bucket.b\\*', 'aws_s3_bucket.b*', true],
    ['aws_s3_bucket.b\\*', 'aws_s3_bucket.bc', false],
  ])('%s matches %s: %s', (glob, address, expected) => {
    expect(addressMatcher([glob])(address)).toBe(expected);
  });

  it('a glob of many stars against a long address that does not match finishes (linear-time matching)', () => {
    // picomatch compiled this to a backtracking RegExp that did not finish.
    const glob = `${'*a'.repeat(12)}*b`;
    expect(addressMatcher([glob])(`module.${'a'.repeat(5000)}.c`)).toBe(false);
    expect(workloadMatcher(glob)('a'.repeat(5000))).toBe(false);
  });
});

describe('applyWaivers', () => {
  const report = fakeReport('plans/payments/tfplan.json', {
    'state-kms': { findings: [{ address: quotedAddress, status: 'failed' }] },
    'other': 'failed',
  });

  it('waives a finding under an active waiver and re-derives the statuses', () => {
    const out = applyWaivers(report, [waiver()], { workload: 'payments', today });
    const guardrail = out.guardrails[0]!;
    expect(guardrail.findings[0]).toMatchObject({ status: 'waived', waiver: { owner: 'alice', expired: false, expires: '2026-06-30' } });
    expect(guardrail.status).toBe('passed');
    expect(guardrail.scenarios[0]!.status).toBe('passed');
    expect(out.guardrails[1]!.status).toBe('failed');
    expect(out.summary).toEqual({ passed: 1, failed: 1, indeterminate: 0, 'not-applicable': 0 });
    expect(out.unusedWaivers).toBeUndefined();
    // The input is untouched.
    expect(report.guardrails[0]!.status).toBe('failed');
  });

  it('keeps an expired waiver\'s finding failed and says so', () => {
    const out = applyWaivers(report, [waiver({ expires: '2026-02-28' })], { workload: 'payments', today });
    const finding = out.guardrails[0]!.findings[0]!;
    expect(finding.status).toBe('failed');
    expect(finding.waiver).toMatchObject({ expired: true });
    expect(finding.message).toContain('waiver by alice expired on 2026-02-28');
    expect(out.guardrails[0]!.status).toBe('failed');
  });

  it('treats the expiry day itself as still covered', () => {
    const out = applyWaivers(report, [waiver({ expires: '2026-03-01' })], { workload: 'payments', today });
    expect(out.guardrails[0]!.status).toBe('passed');
  });

  it('leaves a guardrail failed while one finding is not waived, and indeterminate when only that remains', () => {
    const mixed = fakeReport('p.json', {
      'state-kms': { findings: [{ address: quotedAddress, status: 'failed' }, { address: 'aws_s3_bucket.other', status: 'indeterminate' }] },
    });
    const out = applyWaivers(mixed, [waiver()], { workload: 'payments', today });
    expect(out.guardrails[0]!.status).toBe('indeterminate');
  });

  it('flips the verdict of an enforced guardrail', () => {
    const enforced = fakeReport('p.json', { 'state-kms': { findings: [{ address: quotedAddress, status: 'failed' }] } });
    // Enforcement is the scenario's (the fixture is observed throughout): the verdict follows the scenario.
    enforced.guardrails[0]!.enforcement = 'enforce';
    enforced.guardrails[0]!.scenarios[0]!.enforcement = 'enforce';
    enforced.verdict = 'failed';
    expect(applyWaivers(enforced, [waiver()], { workload: 'payments', today }).verdict).toBe('passed');
    expect(applyWaivers(enforced, [waiver({ expires: '2026-01-01' })], { workload: 'payments', today }).verdict).toBe('failed');
  });

  it('ignores waivers for other workloads or guardrails and lists unused ones', () => {
    const out = applyWaivers(report, [waiver({ workload: 'identity' }), waiver({ guardrail: 'nope', index: 1 })], { workload: 'payments', today });
    expect(out.guardrails[0]!.status).toBe('failed');
    expect(out.unusedWaivers).toEqual([{ guardrail: 'nope', workload: 'pay*', addresses: [quotedAddress], reason: 'Key migration, SEC-1' }]);
  });

  it('leaves not-applicable alone', () => {
    const na = fakeReport('p.json', { 'state-kms': 'not-applicable' });
    expect(applyWaivers(na, [waiver()], { workload: 'payments', today }).guardrails[0]!.status).toBe('not-applicable');
  });
});

describe('loadWaivers', () => {
  async function write(text: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'waivers-'));
    const file = path.join(dir, 'waivers.yaml');
    await writeFile(file, text);
    return file;
  }
  const entry = (extra: string): string => `waivers:
  - guardrail: state-kms
    workload: payments
    addresses: ['module.a["x"].aws_s3_bucket.b']
${extra}`;

  it('reads a valid file', async () => {
    const file = await write(entry('    reason: migration\n    owner: alice\n    expires: 2026-12-31\n'));
    expect(await loadWaivers(file, { today })).toEqual([
      { index: 0, file, guardrail: 'state-kms', workload: 'payments', addresses: [quotedAddress], reason: 'migration', owner: 'alice', expires: '2026-12-31' },
    ]);
  });

  it('accepts an empty list', async () => {
    expect(await loadWaivers(await write('waivers: []\n'), { today })).toEqual([]);
  });

  it('accepts the repository example', async () => {
    expect(await loadWaivers('waivers.yaml', { today, cwd: path.resolve(import.meta.dirname, '..', '..') })).toEqual([]);
  });

  it.each([
    ['no reason', '    owner: alice\n    expires: 2026-12-31\n', /waiver #1 \(state-kms\): `reason` is missing; expected a non-empty string/],
    ['no owner', '    reason: r\n    expires: 2026-12-31\n', /`owner` is missing/],
    ['no expiry', '    reason: r\n    owner: alice\n', /`expires` is missing/],
    ['bad date', '    reason: r\n    owner: alice\n    expires: 2026-02-30\n', /`expires` is "2026-02-30"; expected a date written YYYY-MM-DD/],
    ['too far ahead', '    reason: r\n    owner: alice\n    expires: 2027-03-02\n', /`expires` is 2027-03-02, more than a year ahead; expected 2027-03-01 at the latest/],
    ['unknown field', '    reason: r\n    owner: alice\n    expires: 2026-12-31\n    ownr: bob\n', /`ownr` is not a waiver field/],
  ])('rejects %s', async (_name, extra, message) => {
    const file = await write(entry(extra));
    const error = await loadWaivers(file, { today }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GuardrailsError', code: 'CONFIG_INVALID', file, exitCode: 2 });
    expect((error as Error).message).toMatch(message);
  });

  it('names a missing file', async () => {
    await expect(loadWaivers('nope.yaml', { today, cwd: os.tmpdir() })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', file: 'nope.yaml' });
  });
});
