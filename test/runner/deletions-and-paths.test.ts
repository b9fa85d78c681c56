import { describe, expect, it } from 'vitest';
import { checkJson, feature, plan, workspace } from './harness.js';

describe('resources planned for deletion', () => {
  it('a scenario that can only judge deleted resources is not-applicable, not passed', async () => {
    const dir = workspace({
      'tfplan.json': plan([{ address: 'aws_s3_bucket.old', actions: ['delete'], values: { bucket: 'old-logs' } }]),
      'deleted.feature': feature('deleted-only', { 'versioned buckets': ['Given the "aws_s3_bucket" resources', 'Then its "bucket" is set'] }),
    });
    const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'deleted.feature']);
    const scenario = report.guardrails[0]!.scenarios[0]!;
    expect(scenario.status).toBe('not-applicable');
    expect(scenario.reason).toMatch(/all planned for deletion/);
  });

  it('a deleted resource beside a kept one is skipped, and the kept one is judged', async () => {
    const dir = workspace({
      'tfplan.json': plan([
        { address: 'aws_s3_bucket.old', actions: ['delete'], values: { bucket: 'old-logs' } },
        { address: 'aws_s3_bucket.new', values: { bucket: 'new-logs', force_destroy: true } },
      ]),
      'kept.feature': feature('kept', { 'no force destroy': ['Given the "aws_s3_bucket" resources', 'Then its "force_destroy" is false'] }),
    });
    const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'kept.feature']);
    expect(report.guardrails[0]!.status).toBe('failed');
    expect(report.guardrails[0]!.findings.map((finding) => finding.address)).toEqual(['aws_s3_bucket.new']);
  });
});

describe('attribute paths in feature files', () => {
  it('a map key with dots and slashes is written quoted, with escaped quotes', async () => {
    const dir = workspace({
      'tfplan.json': plan([{ address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate', tags: { 'kubernetes.io/role': 'state' } } }]),
      'tags.feature': feature('tags', {
        'role tag': ['Given the "aws_s3_bucket" resources', 'Then its "tags[\\"kubernetes.io/role\\"]" is "state"'],
        'missing tag': ['Given the "aws_s3_bucket" resources', 'Then its "tags[\\"team.example.com/owner\\"]" is set'],
      }),
    });
    const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'tags.feature']);
    const [role, missing] = report.guardrails[0]!.scenarios;
    expect(role!.status).toBe('passed');
    expect(missing!.status).toBe('failed');
    expect(missing!.findings[0]!.message).toBe('aws_s3_bucket.state: tags["team.example.com/owner"] is not set; expected a value');
  });
});

describe('counting the selection', () => {
  it('fails with the count when there are more or fewer than allowed, and ignores deleted resources', async () => {
    const dir = workspace({
      'tfplan.json': plan([
        { address: 'aws_s3_bucket.a', values: { bucket: 'a' } },
        { address: 'aws_s3_bucket.b', values: { bucket: 'b' } },
        { address: 'aws_s3_bucket.gone', actions: ['delete'], values: { bucket: 'gone' } },
      ]),
      'count.feature': feature('count', {
        'at most one': ['Given the "aws_s3_bucket" resources', 'Then there are at most 1 of them'],
        'at least two': ['Given the "aws_s3_bucket" resources', 'Then there are at least 2 of them'],
      }),
    });
    const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'count.feature']);
    const [atMost, atLeast] = report.guardrails[0]!.scenarios;
    expect(atMost!.status).toBe('failed');
    expect(atMost!.findings[0]!.message).toBe('aws_s3_bucket: 2 aws_s3_bucket resources in this plan; expected at most 1');
    expect(atLeast!.status).toBe('passed');
  });
});
