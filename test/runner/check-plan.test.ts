import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/runner/check-plan.js';
import { evaluateGuardrails } from '../../src/runner/run.js';
import { modelOf, rawPlan } from '../support/raw-plan.js';
import { feature, stateBucket, workspace } from './harness.js';

const SSE = 'aws_s3_bucket_server_side_encryption_configuration';
const KMS_ONLY = [`Given the "${SSE}" resources`, `Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"`];
const loaded = (algorithm: string) => ({ displayPath: 'tfplan.json', raw: rawPlan({ resources: stateBucket(algorithm) }), bytes: 1, origin: 'json' as const });

describe('checkPlan', () => {
  const cwd = workspace({ 'features/kms.feature': feature('kms-only', { 'KMS': KMS_ONLY }, { tags: '@enforce' }) });
  const options = { sourceDir: undefined, features: ['features'], onIndeterminate: 'fail' as const, cwd, env: {} };

  it('as tagged, an enforced failure fails the report', async () => {
    const report = await checkPlan(loaded('AES256'), { ...options, mode: 'as-tagged' });
    expect(report.verdict).toBe('failed');
    expect(report.plan).toEqual({ path: 'tfplan.json', formatVersion: '1.2', terraformVersion: '1.9.8' });
  });

  it('in observe-all mode every guardrail is observed, so nothing fails the report, and the workload is named', async () => {
    const report = await checkPlan(loaded('AES256'), { ...options, mode: 'observe-all', workload: 'payments' });
    expect(report.verdict).toBe('passed');
    expect(report.workload).toBe('payments');
    expect(report.guardrails[0]).toMatchObject({ enforcement: 'observe', status: 'failed' });
    expect(report.guardrails[0]!.scenarios[0]!.enforcement).toBe('observe');
  });
});

describe('evaluateGuardrails', () => {
  it('runs feature files given by absolute path from any working directory, with URIs shown absolute outside it', async () => {
    const dir = workspace({ 'kms.feature': feature('kms-only', { 'KMS': KMS_ONLY }) });
    const elsewhere = workspace({});
    const results = await evaluateGuardrails({ plan: modelOf(rawPlan({ resources: stateBucket('aws:kms') })), sources: undefined, features: [path.join(dir, 'kms.feature')], mode: 'as-tagged', cwd: elsewhere });
    expect(results.map((result) => [result.id, result.status, result.uri])).toEqual([['kms-only', 'passed', path.join(dir, 'kms.feature')]]);
  });

  it('two runs in one process see their own plans', async () => {
    const cwd = workspace({ 'kms.feature': feature('kms-only', { 'KMS': KMS_ONLY }) });
    const run = (algorithm: string) =>
      evaluateGuardrails({ plan: modelOf(rawPlan({ resources: stateBucket(algorithm) })), sources: undefined, features: ['kms.feature'], mode: 'as-tagged', cwd });
    const [good, bad] = await Promise.all([run('aws:kms'), run('AES256')]);
    expect(good[0]!.status).toBe('passed');
    expect(bad[0]!.status).toBe('failed');
  });
});
