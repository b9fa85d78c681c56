/**
 * The gate as one library call: check() loads, models, evaluates, applies waivers, writes the
 * reports and derives the exit code, and returns the report it rendered.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { check, GuardrailsError, type FindingsReport } from '../../src/index.js';
import { feature, plan, stateBucket, workspace } from './harness.js';

const kmsOnly = feature('kms-only', {
  KMS: ['Given the "aws_s3_bucket_server_side_encryption_configuration" resources', 'Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"'],
});
const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const waivers = `waivers:\n  - guardrail: kms-only\n    workload: payments\n    addresses: ['aws_s3_bucket_server_side_encryption_configuration.state']\n    reason: migration\n    owner: alice\n    expires: ${soon}\n`;

describe('check() as a library call', () => {
  it('returns the report it wrote and the exit code the verdict implies', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('AES256')), 'features/g.feature': kmsOnly });
    const result = await check({ plan: 'tfplan.json', cwd, features: ['features'], formats: ['json:out/report.json'] });
    expect(result.exitCode).toBe(1);
    expect(result.report.verdict).toBe('failed');
    expect(result.report.guardrails[0]).toMatchObject({ id: 'kms-only', status: 'failed' });
    const written = JSON.parse(await readFile(path.join(cwd, 'out', 'report.json'), 'utf8')) as FindingsReport;
    expect(written).toEqual(JSON.parse(JSON.stringify(result.report)));
  });

  it('applies waivers before deciding, and writes the summary to the stdout it is given', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('AES256')), 'features/g.feature': kmsOnly, 'waivers.yaml': waivers });
    const stdout = new BufferSink();
    // The waivers file is the central one here (in a gate, the one shipped with the package).
    const result = await check({ plan: 'tfplan.json', cwd, features: ['features'], formats: ['summary'], centralWaivers: path.join(cwd, 'waivers.yaml'), workload: 'payments', stdout });
    expect(result.exitCode).toBe(0);
    expect(result.report.guardrails[0]!.findings[0]!.status).toBe('waived');
    expect(stdout.text).toContain('Verdict: PASSED');
  });

  it('writes nothing when asked for no report, and refuses a report on stdout it was not given', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('aws:kms')), 'features/g.feature': kmsOnly });
    const quiet = await check({ plan: 'tfplan.json', cwd, features: ['features'] });
    expect([quiet.exitCode, quiet.report.verdict]).toEqual([0, 'passed']);
    const refused = check({ plan: 'tfplan.json', cwd, features: ['features'], formats: ['summary'] });
    await expect(refused).rejects.toBeInstanceOf(GuardrailsError);
    await expect(refused).rejects.toThrow(/no stdout/);
  });

  it('refuses waivers without a workload before reading anything', async () => {
    await expect(check({ plan: 'missing.json', cwd: workspace({}), waivers: 'waivers.yaml' })).rejects.toThrow(/--waivers needs --workload/);
  });
});
