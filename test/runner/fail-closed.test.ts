import { describe, expect, it } from 'vitest';
import { checkJson, cli, feature, plan, workspace } from './harness.js';

/** Runs check with one feature file against a plan of the given resources. */
async function check(resources: Parameters<typeof plan>[0], scenarios: Record<string, string[]>) {
  const cwd = workspace({ 'tfplan.json': plan(resources), 'features/g.feature': feature('g', scenarios, { tags: '@enforce' }) });
  return checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features/g.feature']);
}

describe('set means set: null, "", [] and {} are not set in every step that asks', () => {
  const trail = (kms: unknown) => [{ address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: kms } }];

  it('`is set` fails on kms_key_id = ""', async () => {
    const { code, report } = await check(trail(''), { KMS: ['Given the "aws_cloudtrail" resources', 'Then its "kms_key_id" is set'] });
    expect(code).toBe(1);
    expect(report.guardrails[0]!.status).toBe('failed');
    expect(report.guardrails[0]!.findings[0]!.message).toContain('aws_cloudtrail.main: kms_key_id is "", which is not set');
  });

  it('`none of its ... is set` passes on "" and []', async () => {
    const resources = [{ address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: '', event_selector: [] } }];
    const { code, report } = await check(resources, { None: ['Given the "aws_cloudtrail" resources', 'Then none of its "kms_key_id", "event_selector" is set'] });
    expect(code).toBe(0);
    expect(report.guardrails[0]!.status).toBe('passed');
  });

  it('narrowing `those whose ... is set` drops a resource whose value is {}', async () => {
    const resources = [
      { address: 'aws_cloudtrail.a', values: { name: 'a', tags: {} } },
      { address: 'aws_cloudtrail.b', values: { name: 'b', tags: { team: 'x' } } },
    ];
    const { report } = await check(resources, {
      Tagged: ['Given the "aws_cloudtrail" resources', 'And those whose "tags" is set', 'Then its "name" is "a"'],
    });
    expect(report.guardrails[0]!.findings.map((finding) => finding.address)).toEqual(['aws_cloudtrail.b']);
  });
});

describe('duplicate addresses are an input error', () => {
  it('check exits 2 naming the file and the address when resource_changes lists an address twice', async () => {
    const resources = [
      { address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k' } },
      { address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: null } },
    ];
    const cwd = workspace({
      'tfplan.json': plan(resources),
      'features/g.feature': feature('g', { KMS: ['Given the "aws_cloudtrail" resources', 'Then its "kms_key_id" is set'] }),
    });
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features/g.feature']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tfplan.json');
    expect(run.stderr).toContain('resource_changes lists aws_cloudtrail.main more than once');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('unreadable is never absent', () => {
  const role = (policy: string) => [
    { address: 'aws_iam_role.admin', values: { name: 'InfraAdmin', max_session_duration: 3600, assume_role_policy: policy } },
  ];
  const trust = (condition: unknown) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: condition }],
    });
  const scenarios = {
    'Sessions last at most one hour': [
      'Given the "aws_iam_role" resources',
      'And those whose "assume_role_policy" policy trusts "AWS" principals',
      'Then its "max_session_duration" is at most 3600',
    ],
  };

  it('a trust policy with "Condition": null keeps the role as an indeterminate finding instead of dropping it', async () => {
    const { code, report } = await check(role(trust(null)), scenarios);
    expect(code).toBe(1);
    const guardrail = report.guardrails[0]!;
    expect(guardrail.status).toBe('indeterminate');
    expect(guardrail.findings).toEqual([
      expect.objectContaining({
        address: 'aws_iam_role.admin',
        status: 'indeterminate',
        path: 'assume_role_policy',
        message: expect.stringContaining('aws_iam_role.admin: cannot tell whether it is selected, because assume_role_policy is not a valid policy document: Statement[0].Condition is null'),
      }),
    ]);
  });

  it('a readable trust policy still selects the role', async () => {
    const { code, report } = await check(role(trust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })), scenarios);
    expect(code).toBe(0);
    expect(report.guardrails[0]!.status).toBe('passed');
  });
});
