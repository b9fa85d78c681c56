/**
 * The policy-grant steps end to end (`guardrails check` on a plan and a feature): each with a
 * violating, a compliant, an indeterminate and a not-applicable plan, and the policies rendered
 * from an `aws_iam_policy_document` whose json is known only after apply.
 */
import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { BUCKET_ARN, bucket, documentHolder, documentSource } from '../support/policy-plans.js';
import { checkJson, feature, plan, workspace } from './harness.js';

const json = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const adminPolicy = json([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const readOnlyPolicy = json([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }]);
const publicRead = json([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-site/*' }]);
const orgRead = json([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-site/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }]);

async function outcome(resources: RawResource[], steps: string[]): Promise<{ status: string; messages: string[] }> {
  const cwd = workspace({ 'tfplan.json': plan(resources), 'features/g.feature': feature('g', { rule: steps }) });
  const { report } = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features']);
  const guardrail = report.guardrails[0]!;
  return { status: guardrail.status, messages: guardrail.scenarios.flatMap((scenario) => scenario.findings.map((finding) => finding.message)) };
}

const policy = (type: string, value: string | 'UNKNOWN'): RawResource =>
  value === 'UNKNOWN' ? { address: `${type}.main`, values: {}, unknown: { policy: true } } : { address: `${type}.main`, values: { policy: value } };

describe('Then its "policy" policy does not allow ACTION on RESOURCE', () => {
  const steps = ['Given the "aws_iam_policy" resources', 'Then its "policy" policy does not allow "*" on "*"'];
  it.each([
    ['violating: an admin grant', [policy('aws_iam_policy', adminPolicy)], 'failed'],
    ['compliant: read-only', [policy('aws_iam_policy', readOnlyPolicy)], 'passed'],
    ['indeterminate: a policy known only after apply', [policy('aws_iam_policy', 'UNKNOWN')], 'indeterminate'],
    ['not-applicable: no IAM policy', [policy('aws_iam_role_policy', adminPolicy)], 'not-applicable'],
  ] as const)('%s', async (_name, resources, status) => {
    expect((await outcome([...resources], steps)).status).toBe(status);
  });

  it('the finding names the resource, the statement and the grant', async () => {
    const result = await outcome([policy('aws_iam_policy', adminPolicy)], steps);
    expect(result.messages).toEqual(['aws_iam_policy.main: policy allows "*" on "*": Statement[0] grants it; expected no Allow of "*" on "*"']);
  });
});

describe('Then its "policy" policy allows ACTION on RESOURCE, and the narrowing form', () => {
  it.each([
    ['violating: the action is not granted', readOnlyPolicy, 'failed'],
    ['compliant: it is', adminPolicy, 'passed'],
    ['indeterminate', 'UNKNOWN', 'indeterminate'],
  ] as const)('%s', async (_name, value, status) => {
    const steps = ['Given the "aws_iam_role_policy" resources', 'Then its "policy" policy allows "s3:PutObject" on "arn:aws:s3:::acme/*"'];
    expect((await outcome([policy('aws_iam_role_policy', value)], steps)).status).toBe(status);
  });

  it.each([
    ['violating: a policy that passes roles on also grants iam:*', adminPolicy, 'failed'],
    ['not-applicable: no policy passes roles on', readOnlyPolicy, 'not-applicable'],
    ['indeterminate: cannot tell whether it is selected', 'UNKNOWN', 'indeterminate'],
  ] as const)('those whose ... allows: %s', async (_name, value, status) => {
    const steps = [
      'Given the "aws_iam_policy" resources',
      'And those whose "policy" policy allows "iam:PassRole" on "*"',
      'Then its "policy" policy does not allow "iam:*" on "*"',
    ];
    expect((await outcome([policy('aws_iam_policy', value)], steps)).status).toBe(status);
  });
});

describe('Then its "policy" policy does not allow public access', () => {
  const steps = ['Given the "aws_s3_bucket_policy" resources', 'Then its "policy" policy does not allow public access'];
  it.each([
    ['violating: Principal "*" without a limiting condition', policy('aws_s3_bucket_policy', publicRead), 'failed'],
    ['compliant: limited to the organisation', policy('aws_s3_bucket_policy', orgRead), 'passed'],
    ['indeterminate', policy('aws_s3_bucket_policy', 'UNKNOWN'), 'indeterminate'],
    ['not-applicable: no bucket policy', policy('aws_sqs_queue_policy', publicRead), 'not-applicable'],
  ] as const)('%s', async (_name, resource, status) => {
    expect((await outcome([resource], steps)).status).toBe(status);
  });
});

describe('a bucket policy rendered from an aws_iam_policy_document whose json is known only after apply', () => {
  const document = documentSource('state', [
    { actions: ['s3:GetObject'], resources: [BUCKET_ARN], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }] },
    { effect: 'Deny', actions: ['s3:*'], resources: [BUCKET_ARN], principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] },
  ]);
  const resources = [bucket, document, documentHolder('aws_s3_bucket_policy', 'policy', 'state', { bucket: 'acme-tfstate' })];

  it('decides Action, Principal and Condition checks', async () => {
    const steps = [
      'Given the "aws_s3_bucket_policy" resources',
      'Then its "policy" policy does not allow "s3:*" on "*"',
      'And its "policy" policy does not allow public access',
      'And its "policy" policy denies "s3:*" when "aws:SecureTransport" is "false"',
    ];
    expect(await outcome(resources, steps)).toEqual({ status: 'passed', messages: [] });
  });

  it('a check that needs the unknown ARN stays indeterminate, naming it', async () => {
    const steps = ['Given the "aws_s3_bucket_policy" resources', 'Then its "policy" policy does not allow "s3:GetObject" on "arn:aws:s3:::acme-tfstate/key"'];
    const result = await outcome(resources, steps);
    expect(result.status).toBe('indeterminate');
    expect(result.messages[0]).toContain('depends on aws_s3_bucket.state.arn known only after apply');
  });
});
