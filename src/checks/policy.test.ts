import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import {
  checkDeniesAllExcept,
  checkDeniesUnless,
  checkDeniesUnlessArnOf,
  checkDeniesWhen,
  checkStatementAllows,
  checkStatementHasIssuerCondition,
  checkStatementIssuerValues,
  checkStatementNumericAtMost,
  checkStatementPrincipalsAreAccountRoots,
  checkStatementRequires,
  checkTrustsPrincipalType,
  statementsTrusting,
} from './policy.js';
import { selectByType } from './select.js';
import type { Subject } from './subject.js';
import type { Verdict } from './verdict.js';

type Status = Verdict['status'];
const ACCOUNT = '111122223333';
const KEY_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/0f1e`;
const BUCKET = 'arn:aws:s3:::acme-tfstate';

/** A resource of `type` whose `attribute` holds the document (a string is written as is, so invalid JSON stays invalid). */
function holder(type: string, attribute: string, document: unknown): RawResource {
  if (document === 'UNKNOWN') return { address: `${type}.main`, values: {}, unknown: { [attribute]: true } };
  return { address: `${type}.main`, values: { [attribute]: typeof document === 'string' ? document : JSON.stringify(document) } };
}

function subjectOf(resources: RawResource[], type: string): { subject: Subject; model: ReturnType<typeof planWith> } {
  const model = planWith(resources);
  return { model, subject: selectByType(model, type)[0]! };
}

const deny = (action: string, condition: Record<string, unknown>, principal: unknown = '*') => ({
  Effect: 'Deny',
  Principal: principal,
  Action: action,
  Resource: [BUCKET, `${BUCKET}/*`],
  Condition: condition,
});
const bucketPolicy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('policy documents that cannot be judged', () => {
  const cases: Array<[string, unknown, Status, string]> = [
    ['unknown until apply', 'UNKNOWN', 'indeterminate', 'policy is known only after apply, so its policy cannot be judged'],
    ['not valid JSON', '{"Statement": [', 'failed', 'policy is not a valid policy document: the policy is not valid JSON'],
    ['an empty string', '', 'failed', 'policy is not a valid policy document: the policy is an empty string'],
    ['a document without statements', { Version: '2012-10-17' }, 'failed', 'policy is not a valid policy document'],
  ];
  it.each(cases)('%s', (_name, document, status, message) => {
    const { subject, model } = subjectOf([holder('aws_s3_bucket_policy', 'policy', document)], 'aws_s3_bucket_policy');
    for (const result of [
      checkDeniesWhen(model, subject, 'policy', 's3:*', 'aws:SecureTransport', 'false'),
      checkDeniesUnless(model, subject, 'policy', 's3:PutObject', 's3:x-amz-server-side-encryption', 'aws:kms'),
      checkDeniesAllExcept(model, subject, 'policy', ['iam:*'], 'StringNotEquals', 'aws:RequestedRegion'),
    ]) {
      expect(result.status).toBe(status);
      expect(result.message).toContain(`aws_s3_bucket_policy.main: ${message}`);
    }
    // Selecting by trust cannot tell whether an unreadable policy's resource belongs: never a silent drop.
    expect(checkTrustsPrincipalType(model, subject, 'policy', 'AWS')).toMatchObject({ status: 'indeterminate' });
    expect(checkTrustsPrincipalType(model, subject, 'policy', 'AWS').message).toContain(`aws_s3_bucket_policy.main: ${message}`);
  });

  const trusting = (statement: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', ...statement }],
  });
  const unreadable: Array<[string, unknown, string]> = [
    ['"Condition": null', trusting({ Condition: null }), 'Statement[0].Condition is null; expected an object'],
    ['a bare object', {}, 'the policy has no "Statement" element'],
    ['an unknown statement element', trusting({ Conditions: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), 'unknown element "Conditions"'],
    ['invalid JSON', '{"Version": "2012-10-17", "Statement": [', 'the policy is not valid JSON'],
    ['Statement a string', { Version: '2012-10-17', Statement: 'Allow everyone' }, 'Statement[0] is "Allow everyone"; expected an object'],
  ];
  it.each(unreadable)('a trust policy with %s is indeterminate when selecting, failed when judged', (_name, document, reason) => {
    const { subject, model } = subjectOf([holder('aws_iam_role', 'assume_role_policy', document)], 'aws_iam_role');
    const selecting = checkTrustsPrincipalType(model, subject, 'assume_role_policy', 'AWS');
    expect(selecting.status).toBe('indeterminate');
    expect(selecting.message).toContain('aws_iam_role.main: assume_role_policy is not a valid policy document: ');
    expect(selecting.message).toContain(reason);
    const judged = statementsTrusting(model, subject, 'assume_role_policy', 'AWS');
    expect(judged.statements).toEqual([]);
    expect(judged.verdict).toMatchObject({ status: 'failed', path: 'assume_role_policy' });
  });

  it('a policy attribute holding a number is unreadable, not absent', () => {
    const { subject, model } = subjectOf([{ address: 'aws_iam_role.main', values: { assume_role_policy: 42 } }], 'aws_iam_role');
    expect(checkTrustsPrincipalType(model, subject, 'assume_role_policy', 'AWS')).toMatchObject({
      status: 'indeterminate',
      message: 'aws_iam_role.main: assume_role_policy is 42, not a policy document; expected a JSON policy document',
    });
    expect(checkDeniesWhen(model, subject, 'assume_role_policy', 's3:*', 'aws:SecureTransport', 'false').status).toBe('failed');
  });

  it('an absent attribute holds no policy document', () => {
    const { subject, model } = subjectOf([{ address: 'aws_s3_bucket_policy.main', values: { bucket: 'b' } }], 'aws_s3_bucket_policy');
    expect(checkDeniesWhen(model, subject, 'policy', 's3:*', 'aws:SecureTransport', 'false')).toMatchObject({
      status: 'failed',
      message: 'aws_s3_bucket_policy.main: policy holds no policy document',
    });
  });
});

describe('checkDeniesWhen (refuse plain HTTP)', () => {
  const cases: Array<[string, unknown, Status, string]> = [
    ['a Deny of s3:* for everyone when SecureTransport is false', bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } })), 'passed', 'has Statement[0]'],
    ['the condition written as a boolean and a list', bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': [false] } })), 'passed', ''],
    ['principal {"AWS": "*"} is everyone', bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } }, { AWS: '*' })), 'passed', ''],
    ['no such statement', bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'true' } })), 'failed', 'has no such statement'],
    ['the Deny covers only some actions', bucketPolicy(deny('s3:GetObject', { Bool: { 'aws:SecureTransport': 'false' } })), 'failed', 'has no such statement'],
    [
      'the Deny is limited to one principal',
      bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } }, { AWS: `arn:aws:iam::${ACCOUNT}:role/ci` })),
      'failed',
      'has the Deny only for some principals',
    ],
    ['an Allow is not a Deny', bucketPolicy({ ...deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } }), Effect: 'Allow' }), 'failed', 'has no such statement'],
  ];
  it.each(cases)('%s', (_name, document, status, message) => {
    const { subject, model } = subjectOf([holder('aws_s3_bucket_policy', 'policy', document)], 'aws_s3_bucket_policy');
    const result = checkDeniesWhen(model, subject, 'policy', 's3:*', 'aws:SecureTransport', 'false');
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });
});

describe('checkDeniesUnless (uploads must ask for SSE-KMS)', () => {
  const key = 's3:x-amz-server-side-encryption';
  const cases: Array<[string, unknown, Status, string]> = [
    ['StringNotEquals aws:kms', bucketPolicy(deny('s3:PutObject', { StringNotEquals: { [key]: 'aws:kms' } })), 'passed', ''],
    ['StringNotEqualsIfExists aws:kms is allowed', bucketPolicy(deny('s3:PutObject', { StringNotEqualsIfExists: { [key]: 'aws:kms' } })), 'passed', ''],
    [
      'StringNotEquals over aws:kms and AES256 lets AES256 in',
      bucketPolicy(deny('s3:PutObject', { StringNotEquals: { [key]: ['aws:kms', 'AES256'] } })),
      'failed',
      'unless s3:x-amz-server-side-encryption is one of ["AES256"]; expected only "aws:kms"',
    ],
    ['no Deny at all', bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } })), 'failed', 'has no such statement'],
  ];
  it.each(cases)('%s', (_name, document, status, message) => {
    const { subject, model } = subjectOf([holder('aws_s3_bucket_policy', 'policy', document)], 'aws_s3_bucket_policy');
    const result = checkDeniesUnless(model, subject, 'policy', 's3:PutObject', key, 'aws:kms');
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });
});

describe('checkDeniesUnlessArnOf (uploads must use the bucket key)', () => {
  const key = 's3:x-amz-server-side-encryption-aws-kms-key-id';
  const policy = holder('aws_s3_bucket_policy', 'policy', bucketPolicy(deny('s3:PutObject', { StringNotEquals: { [key]: KEY_ARN } })));
  const knownKey: RawResource = { address: 'aws_kms_key.state', actions: ['no-op'], values: { arn: KEY_ARN } };
  const cases: Array<[string, RawResource[], Status, string]> = [
    ['the ARN of a key in the plan', [policy, knownKey], 'passed', `denies s3:PutObject unless ${key} is ["${KEY_ARN}"]`],
    ['another key ARN', [policy, { ...knownKey, values: { arn: `${KEY_ARN}99` } }], 'failed', 'which is not the ARN of an aws_kms_key in this plan'],
    ['a key whose ARN is known only after apply', [policy, { address: 'aws_kms_key.state', values: {}, unknown: { arn: true } }], 'indeterminate', 'known only after apply'],
    ['no key in the plan', [policy], 'failed', 'which is not the ARN of an aws_kms_key in this plan'],
    ['a key planned for deletion does not count', [policy, { ...knownKey, actions: ['delete'] }], 'failed', 'not the ARN'],
    ['no such Deny', [holder('aws_s3_bucket_policy', 'policy', bucketPolicy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } }))), knownKey], 'failed', 'has no such statement'],
  ];
  it.each(cases)('%s', (_name, resources, status, message) => {
    const { subject, model } = subjectOf(resources, 'aws_s3_bucket_policy');
    const result = checkDeniesUnlessArnOf(model, subject, 'policy', 's3:PutObject', key, 'aws_kms_key');
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });
});

describe('checkDeniesAllExcept (region fence)', () => {
  const fence = (notActions: string[], operator = 'StringNotEquals') => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'RegionFence', Effect: 'Deny', NotAction: notActions, Resource: '*', Condition: { [operator]: { 'aws:RequestedRegion': ['eu-central-1'] } } }],
  });
  const cases: Array<[string, unknown, Status, string]> = [
    ['NotAction carves out the global services', fence(['iam:*', 'sts:*', 'cloudfront:*']), 'passed', 'denies all actions except'],
    ['a missing carve-out', fence(['iam:*']), 'failed', 'that does not carve out sts:*'],
    ['StringEquals instead of StringNotEquals', fence(['iam:*', 'sts:*'], 'StringEquals'), 'failed', 'has no Deny with NotAction under StringNotEquals aws:RequestedRegion'],
    ['an Action Deny is no fence', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-central-1' } } }] }, 'failed', 'has no Deny with NotAction'],
  ];
  it.each(cases)('%s', (_name, document, status, message) => {
    const { subject, model } = subjectOf([holder('aws_iam_role_policy', 'policy', document)], 'aws_iam_role_policy');
    const result = checkDeniesAllExcept(model, subject, 'policy', ['iam:*', 'sts:*'], 'StringNotEquals', 'aws:RequestedRegion');
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });
});

const trust = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const mfaStatement = (condition: Record<string, unknown>, principal: unknown = { AWS: `arn:aws:iam::${ACCOUNT}:root` }) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  Condition: condition,
});
const GOOD_MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } };

/** The statements of the role's trust policy that trust `type` principals (fails the test when the policy cannot be read). */
function statementsOf(document: unknown, type: 'AWS' | 'Federated' = 'AWS') {
  const { subject, model } = subjectOf([holder('aws_iam_role', 'assume_role_policy', document)], 'aws_iam_role');
  return statementsTrusting(model, subject, 'assume_role_policy', type);
}

describe('trust policies: selecting statements', () => {
  it('checkTrustsPrincipalType passes for a trusting Allow and fails otherwise', () => {
    const { subject, model } = subjectOf([holder('aws_iam_role', 'assume_role_policy', trust(mfaStatement(GOOD_MFA)))], 'aws_iam_role');
    expect(checkTrustsPrincipalType(model, subject, 'assume_role_policy', 'AWS').status).toBe('passed');
    expect(checkTrustsPrincipalType(model, subject, 'assume_role_policy', 'Federated')).toMatchObject({ status: 'failed', message: 'aws_iam_role.main: assume_role_policy trusts no Federated principals' });
  });

  it('statementsTrusting names each statement after its resource, attribute and index', () => {
    const found = statementsOf(trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { ...mfaStatement(GOOD_MFA), Sid: 'Humans' }));
    expect(found.verdict).toBeUndefined();
    // Address first: the resource, then which statement of which attribute.
    expect(found.statements.map((statement) => [statement.address, statement.label])).toEqual([['aws_iam_role.main', 'assume_role_policy:Statement[1] (Sid "Humans")']]);
    const judged = checkStatementPrincipalsAreAccountRoots(found.statements[0]!);
    expect(judged.message).toBe('aws_iam_role.main: assume_role_policy:Statement[1] (Sid "Humans").Principal.AWS names only account roots');
  });

  it('statementsTrusting fails a policy without such a statement and is indeterminate for an unknown one', () => {
    expect(statementsOf(trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })).verdict).toMatchObject({
      status: 'failed',
      message: 'aws_iam_role.main: assume_role_policy has no Allow statement for AWS principals',
    });
    const unknown = statementsOf('UNKNOWN');
    expect(unknown.statements).toEqual([]);
    expect(unknown.verdict?.status).toBe('indeterminate');
  });
});

describe('trust policy statements', () => {
  const one = (document: unknown, type: 'AWS' | 'Federated' = 'AWS') => {
    const found = statementsOf(document, type);
    expect(found.statements).toHaveLength(1);
    return found.statements[0]!;
  };

  const requires: Array<[string, Record<string, unknown>, Status, string]> = [
    ['Bool true', GOOD_MFA, 'passed', 'Condition.Bool.aws:MultiFactorAuthPresent is "true"'],
    ['BoolIfExists lets requests without the key in', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, 'failed', 'expected Bool "true" (without IfExists)'],
    ['no MFA condition', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, 'failed', 'is absent; expected Bool "true"'],
    ['condition key case does not matter', { Bool: { 'aws:multifactorauthpresent': 'true' } }, 'passed', ''],
  ];
  it.each(requires)('checkStatementRequires: %s', (_name, condition, status, message) => {
    const result = checkStatementRequires(one(trust(mfaStatement(condition))), 'Bool', 'aws:MultiFactorAuthPresent', 'true');
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });

  const age: Array<[string, Record<string, unknown>, Status, string]> = [
    ['NumericLessThan 3600', GOOD_MFA, 'passed', 'is NumericLessThan 3600'],
    ['NumericLessThanEquals 900', { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 900 } }, 'passed', ''],
    ['twelve hours', { NumericLessThan: { 'aws:MultiFactorAuthAge': '43200' } }, 'failed', 'is NumericLessThan 43200; expected NumericLessThan or NumericLessThanEquals at most 3600'],
    ['unbounded', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 'failed', 'is not bounded'],
    ['IfExists', { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, 'failed', 'which lets requests without the key in'],
    ['not a number', { NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } }, 'failed', 'has the non-numeric value "an hour"'],
  ];
  it.each(age)('checkStatementNumericAtMost: %s', (_name, condition, status, message) => {
    const result = checkStatementNumericAtMost(one(trust(mfaStatement(condition))), 'aws:MultiFactorAuthAge', 3600);
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });

  const principals: Array<[string, unknown, Status]> = [
    ['the account root', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, 'passed'],
    ['a bare account id means its root', { AWS: ACCOUNT }, 'passed'],
    ['a user', { AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:user/alice`] }, 'failed'],
  ];
  it.each(principals)('checkStatementPrincipalsAreAccountRoots: %s', (_name, principal, status) => {
    const result = checkStatementPrincipalsAreAccountRoots(one(trust(mfaStatement(GOOD_MFA, principal))));
    expect(result.status).toBe(status);
    if (status === 'failed') expect(result.message).toContain('user/alice');
  });

  const ISSUER = 'gitlab.com';
  const oidc = (action: string, condition: Record<string, unknown>) =>
    trust({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}` }, Action: action, Condition: condition });
  const goodOidc = { StringEquals: { [`${ISSUER}:aud`]: 'https://gitlab.com' }, StringLike: { [`${ISSUER}:sub`]: 'project_path:acme/infra:ref_type:branch:ref:main' } };

  it('checkStatementAllows: the web-identity action, and not plain AssumeRole', () => {
    expect(checkStatementAllows(one(oidc('sts:AssumeRoleWithWebIdentity', goodOidc), 'Federated'), 'sts:AssumeRoleWithWebIdentity').status).toBe('passed');
    const wrong = checkStatementAllows(one(oidc('sts:AssumeRole', goodOidc), 'Federated'), 'sts:AssumeRoleWithWebIdentity');
    expect(wrong.status).toBe('failed');
    expect(wrong.message).toContain('does not allow sts:AssumeRoleWithWebIdentity; it is Allow of ["sts:AssumeRole"]');
  });

  const claims: Array<[string, Record<string, unknown>, string, Status]> = [
    ['aud present', goodOidc, 'aud', 'passed'],
    ['sub present', goodOidc, 'sub', 'passed'],
    ['aud missing', { StringLike: goodOidc.StringLike }, 'aud', 'failed'],
    ['sub missing', { StringEquals: goodOidc.StringEquals }, 'sub', 'failed'],
  ];
  it.each(claims)('checkStatementHasIssuerCondition: %s', (_name, condition, claim, status) => {
    const result = checkStatementHasIssuerCondition(one(oidc('sts:AssumeRoleWithWebIdentity', condition), 'Federated'), claim);
    expect(result.status).toBe(status);
    expect(result.path).toBe(`assume_role_policy:Statement[0].Condition.${ISSUER}:${claim}`);
  });

  const subs: Array<[string, unknown, Status]> = [
    ['main branch only', 'project_path:acme/infra:ref_type:branch:ref:main', 'passed'],
    ['merge-request ref type', ['project_path:acme/infra:ref_type:branch:ref:main', 'project_path:acme/infra:ref_type:mr:ref:*'], 'failed'],
  ];
  it.each(subs)('checkStatementIssuerValues: %s', (_name, sub, status) => {
    const statement = one(oidc('sts:AssumeRoleWithWebIdentity', { ...goodOidc, StringLike: { [`${ISSUER}:sub`]: sub } }), 'Federated');
    const result = checkStatementIssuerValues(statement, 'sub', (value) => value.includes('ref_type:mr'), 'contains "ref_type:mr"');
    expect(result.status).toBe(status);
    if (status === 'failed') expect(result.message).toContain('has ["project_path:acme/infra:ref_type:mr:ref:*"]; expected no value that contains "ref_type:mr"');
  });

  it('statement checks fail a subject that is not a statement, telling how to select statements', () => {
    const { subject } = subjectOf([holder('aws_iam_role', 'assume_role_policy', trust(mfaStatement(GOOD_MFA)))], 'aws_iam_role');
    for (const result of [
      checkStatementAllows(subject, 'sts:AssumeRole'),
      checkStatementRequires(subject, 'Bool', 'aws:MultiFactorAuthPresent', 'true'),
      checkStatementNumericAtMost(subject, 'aws:MultiFactorAuthAge', 3600),
      checkStatementPrincipalsAreAccountRoots(subject),
      checkStatementHasIssuerCondition(subject, 'aud'),
    ]) {
      expect(result.status).toBe('failed');
      expect(result.message).toContain('is not a policy statement');
    }
  });
});
