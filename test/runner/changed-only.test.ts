import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { checkJson, cli, feature, plan, workspace } from './harness.js';

const group = (name: string, actions: RawResource['actions'], cidrs: string[]): RawResource => ({
  address: `aws_security_group.${name}`,
  actions,
  values: { name, ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: cidrs }] },
});

const noSsh = feature('no-ssh', {
  'no SSH from the internet': [
    'Given the "aws_security_group" resources',
    'When I take the items of its "ingress"',
    'And those whose "cidr_blocks" contains "0.0.0.0/0"',
    'Then no resource has any of them',
  ],
});

describe('check --changed-only', () => {
  const dir = workspace({ 'tfplan.json': plan([group('bastion', ['no-op'], ['0.0.0.0/0']), group('web', ['create'], ['10.0.0.0/8'])]), 'no-ssh.feature': noSsh });

  it('judges what the plan changes, and reports the untouched resources it left out', async () => {
    const whole = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'no-ssh.feature']);
    expect(whole.report.guardrails[0]!.status).toBe('failed');
    expect(whole.report.changedOnly).toBeUndefined();
    const changed = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'no-ssh.feature', '--changed-only']);
    expect(changed.code).toBe(0);
    expect(changed.report.guardrails[0]!.status).toBe('passed');
    expect(changed.report.changedOnly).toEqual({ judged: 1, untouched: ['aws_security_group.bastion'] });
  });

  it('says so in the summary', async () => {
    const run = await cli(dir, ['check', '--plan', 'tfplan.json', '--features', 'no-ssh.feature', '--changed-only']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Changed only: 1 resource instance judged; 1 untouched, not judged: aws_security_group.bastion');
  });

  it('still fails a violating change, and is not-applicable when only untouched resources match', async () => {
    const violating = workspace({ 'tfplan.json': plan([group('web', ['update'], ['0.0.0.0/0'])]), 'no-ssh.feature': noSsh });
    const failed = await checkJson(violating, ['--plan', 'tfplan.json', '--features', 'no-ssh.feature', '--changed-only']);
    expect(failed.code).toBe(1);
    expect(failed.report.guardrails[0]!.findings.map((finding) => finding.address)).toEqual(['aws_security_group.web']);
    const untouched = workspace({ 'tfplan.json': plan([group('bastion', ['no-op'], ['0.0.0.0/0'])]), 'no-ssh.feature': noSsh });
    const notApplicable = await checkJson(untouched, ['--plan', 'tfplan.json', '--features', 'no-ssh.feature', '--changed-only']);
    expect(notApplicable.report.guardrails[0]!.status).toBe('not-applicable');
  });

  it("sees a companion's deletion: the untouched bucket whose public access block is deleted is judged, and fails", async () => {
    const bucketRef = { bucket: { references: ['aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'] } };
    const companion = workspace({
      'tfplan.json': plan([
        { address: 'aws_s3_bucket.logs', actions: ['no-op'], values: { bucket: 'logs' }, expressions: { bucket: { constant_value: 'logs' } } },
        { address: 'aws_s3_bucket_public_access_block.logs', actions: ['delete'], values: { bucket: 'logs', block_public_acls: true }, expressions: bucketRef },
      ]),
      'blocked.feature': feature('blocked', {
        'public access is blocked': [
          'Given the "aws_s3_bucket" resources',
          'When I take the "aws_s3_bucket_public_access_block" resources whose "bucket" references it',
          'Then its "block_public_acls" is true',
        ],
      }),
    });
    const result = await checkJson(companion, ['--plan', 'tfplan.json', '--features', 'blocked.feature', '--changed-only']);
    expect(result.report.guardrails[0]!.status).toBe('failed');
    expect(result.report.guardrails[0]!.findings[0]!.message).toBe('aws_s3_bucket.logs: no aws_s3_bucket_public_access_block whose bucket references it; expected one');
    expect(result.report.changedOnly).toEqual({ judged: 2, untouched: [] });
  });
});

describe('check --changed-only with plan-wide selections', () => {
  it('leaves untouched resources out of "the resources that support tags" and "the plan has no ... resources"', async () => {
    const dir = workspace({
      'tfplan.json': plan([
        { address: 'aws_s3_bucket.old', actions: ['no-op'], values: { bucket: 'old', tags: null, tags_all: {} } },
        { address: 'aws_iam_access_key.old', actions: ['no-op'], values: { user: 'ci' } },
        { address: 'aws_s3_bucket.new', actions: ['create'], values: { bucket: 'new', tags: { Owner: 'a' }, tags_all: { Owner: 'a' } } },
      ]),
      'rules.feature': feature('rules', {
        'tagged': ['Given the resources that support tags', 'Then its "tags" is set'],
        'no keys': ['Then the plan has no "aws_iam_access_key" resources'],
      }),
    });
    const whole = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'rules.feature']);
    expect(whole.report.guardrails[0]!.scenarios.map((scenario) => scenario.status)).toEqual(['failed', 'failed']);
    const changed = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'rules.feature', '--changed-only']);
    expect(changed.report.guardrails[0]!.scenarios.map((scenario) => scenario.status)).toEqual(['passed', 'passed']);
    expect(changed.report.changedOnly!.untouched).toEqual(['aws_s3_bucket.old', 'aws_iam_access_key.old']);
  });
});
