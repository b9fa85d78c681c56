import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { BUCKET_ARN, bucket, documentHolder, documentSource } from '../../test/support/policy-plans.js';
import { checkDeniesWhen, statementsTrusting, checkStatementHasIssuerCondition } from './policy.js';
import { checkPolicyAllows, checkPolicyDoesNotAllow, checkPolicyNotPublic } from './policy-access.js';
import { resourceSubject, type Subject } from './subject.js';

function subjectAt(resources: RawResource[], address: string): { subject: Subject; model: ReturnType<typeof planWith> } {
  const model = planWith(resources);
  const resource = model.resource(address);
  if (!resource) throw new Error(`no ${address}`);
  return { model, subject: resourceSubject(resource) };
}

const json = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('its policy allows / does not allow ACTION on RESOURCE', () => {
  const admin = json([{ Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }]);
  const scoped = json([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::acme/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }]);

  it('fails an admin grant, naming the statement', () => {
    const { model, subject } = subjectAt([{ address: 'aws_iam_policy.main', values: { policy: admin } }], 'aws_iam_policy.main');
    expect(checkPolicyDoesNotAllow(model, subject, 'policy', '*', '*')).toMatchObject({
      status: 'failed',
      message: 'aws_iam_policy.main: policy allows "*" on "*": Statement[0] (Sid "Admin") grants it; expected no Allow of "*" on "*"',
      actual: 'Statement[0] (Sid "Admin")',
    });
    expect(checkPolicyAllows(model, subject, 'policy', 'iam:PassRole', '*').status).toBe('passed');
  });

  it('reports the conditions of the Allow', () => {
    const { model, subject } = subjectAt([{ address: 'aws_s3_bucket_policy.main', values: { policy: scoped } }], 'aws_s3_bucket_policy.main');
    expect(checkPolicyDoesNotAllow(model, subject, 'policy', 's3:GetObject', 'arn:aws:s3:::acme/*').message).toBe(
      'aws_s3_bucket_policy.main: policy allows "s3:GetObject" on "arn:aws:s3:::acme/*": Statement[0] grants it under condition StringEquals aws:SourceVpce "vpce-1"; expected no Allow of "s3:GetObject" on "arn:aws:s3:::acme/*"',
    );
    expect(checkPolicyDoesNotAllow(model, subject, 'policy', 's3:*', '*').status).toBe('passed');
  });

  it('says which Deny takes the grant away when "allows" fails', () => {
    const policy = json([
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ]);
    const { model, subject } = subjectAt([{ address: 'aws_iam_role_policy.main', values: { policy } }], 'aws_iam_role_policy.main');
    expect(checkPolicyAllows(model, subject, 'policy', 's3:deletebucket', '*').message).toBe(
      'aws_iam_role_policy.main: policy does not allow "s3:deletebucket" on "*": Statement[0] grants it but Statement[1] (Sid "NoDelete") denies it; expected an Allow of "s3:deletebucket" on "*"',
    );
  });

  it('unknown, unreadable and absent policies never pass', () => {
    const cases: Array<[RawResource, string]> = [
      [{ address: 'aws_iam_policy.main', values: {}, unknown: { policy: true } }, 'indeterminate'],
      [{ address: 'aws_iam_policy.main', values: { policy: '{"Statement": [' } }, 'failed'],
      [{ address: 'aws_iam_policy.main', values: { policy: null } }, 'failed'],
    ];
    for (const [resource, status] of cases) {
      const { model, subject } = subjectAt([resource], 'aws_iam_policy.main');
      expect(checkPolicyDoesNotAllow(model, subject, 'policy', '*', '*').status).toBe(status);
      expect(checkPolicyAllows(model, subject, 'policy', '*', '*').status).toBe(status);
      expect(checkPolicyNotPublic(model, subject, 'policy').status).toBe(status);
    }
    const { model, subject } = subjectAt([cases[1]![0]], 'aws_iam_policy.main');
    expect(checkPolicyAllows(model, subject, 'policy', '*', '*', 'select').status).toBe('indeterminate');
  });
});

describe('a document whose json is known only after apply is read from its configuration', () => {
  const readWrite = documentSource('state', [
    { actions: ['s3:GetObject', 's3:PutObject'], resources: [`${BUCKET_ARN}`], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }] },
    {
      effect: 'Deny',
      actions: ['s3:*'],
      resources: [BUCKET_ARN],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    },
  ]);

  it('decides what does not need the unknown ARN: Action, Principal, Condition', () => {
    const { model, subject } = subjectAt([bucket, readWrite, documentHolder('aws_s3_bucket_policy', 'policy', 'state', { bucket: 'acme-tfstate' })], 'aws_s3_bucket_policy.main');
    expect(checkPolicyDoesNotAllow(model, subject, 'policy', 's3:*', '*').status).toBe('passed');
    expect(checkPolicyNotPublic(model, subject, 'policy').status).toBe('passed');
    expect(checkDeniesWhen(model, subject, 'policy', 's3:*', 'aws:SecureTransport', 'false')).toMatchObject({ status: 'passed' });
  });

  it('stays indeterminate where the unknown ARN decides', () => {
    const { model, subject } = subjectAt([bucket, readWrite, documentHolder('aws_s3_bucket_policy', 'policy', 'state')], 'aws_s3_bucket_policy.main');
    expect(checkPolicyDoesNotAllow(model, subject, 'policy', 's3:GetObject', 'arn:aws:s3:::acme-tfstate')).toMatchObject({
      status: 'indeterminate',
      message:
        'aws_s3_bucket_policy.main: policy may allow "s3:GetObject" on "arn:aws:s3:::acme-tfstate" (rendered from data.aws_iam_policy_document.state): whether Statement[0] grants it depends on aws_s3_bucket.state.arn known only after apply',
    });
  });

  it('judges the data source itself by its json', () => {
    const { model, subject } = subjectAt([bucket, readWrite], 'data.aws_iam_policy_document.state');
    expect(checkPolicyDoesNotAllow(model, subject, 'json', 's3:*', '*').status).toBe('passed');
    expect(checkPolicyAllows(model, subject, 'json', 's3:PutObject', '*').status).toBe('indeterminate');
  });

  it('an unknown value in an element a Deny query reads stays indeterminate', () => {
    const fenced = documentSource('fence', [{ effect: 'Deny', actions: ['s3:*'], resources: ['*'], principals: [{ type: 'AWS', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }]);
    // The condition's value comes from a variable known only after apply.
    const values = fenced.values as { statement: Array<{ condition: Array<{ values: unknown }> }> };
    values.statement[0]!.condition[0]!.values = [null];
    const unknown = fenced.unknown as { statement: Array<Record<string, unknown>> };
    unknown.statement[0]!.condition = [{ values: [true] }];
    const { model, subject } = subjectAt([fenced, documentHolder('aws_s3_bucket_policy', 'policy', 'fence')], 'aws_s3_bucket_policy.main');
    expect(checkDeniesWhen(model, subject, 'policy', 's3:*', 'aws:SecureTransport', 'false')).toMatchObject({
      status: 'indeterminate',
      message: expect.stringContaining('rendered from the configuration of data.aws_iam_policy_document.fence, it holds a value known only after apply'),
    });
  });

  it('a statement whose federated principal is unknown is indeterminate for the issuer checks', () => {
    const trust = documentSource('trust', [{ actions: ['sts:AssumeRoleWithWebIdentity'], principals: [{ type: 'Federated', identifiers: ['x'] }], condition: [{ test: 'StringEquals', variable: 'gitlab.example.com:aud', values: ['sts.amazonaws.com'] }] }]);
    const values = trust.values as { statement: Array<{ principals: Array<{ identifiers: unknown }> }> };
    values.statement[0]!.principals[0]!.identifiers = [null];
    (trust.unknown as { statement: Array<Record<string, unknown>> }).statement[0]!.principals = [{ identifiers: [true] }];
    const { model, subject } = subjectAt([trust, documentHolder('aws_iam_role', 'assume_role_policy', 'trust')], 'aws_iam_role.main');
    const { statements } = statementsTrusting(model, subject, 'assume_role_policy', 'Federated');
    expect(statements).toHaveLength(1);
    expect(checkStatementHasIssuerCondition(statements[0]!, 'aud').status).toBe('indeterminate');
  });

  it('does not follow an attribute that also uses another value', () => {
    const holder = documentHolder('aws_iam_policy', 'policy', 'state');
    const expression = (holder.expressions as Record<string, { references: string[] }>).policy!;
    expression.references.push('var.extra');
    const { model, subject } = subjectAt([bucket, readWrite, holder], 'aws_iam_policy.main');
    expect(checkPolicyDoesNotAllow(model, subject, 'policy', 's3:*', '*')).toMatchObject({
      status: 'indeterminate',
      message: 'aws_iam_policy.main: policy is known only after apply, so its policy cannot be judged',
    });
  });
});
