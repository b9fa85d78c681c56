/**
 * The policies of the posture (operator role trust and region fence, GitLab OIDC trust), as
 * `jsonencode` renders them in a plan, queried the way the guardrails do, each beside variants
 * that break one rule.
 */
import { describe, expect, it } from 'vitest';
import { notActionExcludes, statementCoversAction } from './actions.js';
import { conditionValues, numericUpperBound, requiresConditionValue } from './conditions.js';
import { findDenyConditions } from './deny.js';
import { parsePolicy, statementsByEffect, type NormalizedStatement, type PolicyDocument } from './policy.js';
import { awsPrincipals, federatedPrincipals, isAccountRoot, webIdentityIssuer } from './principals.js';

function parsed(text: string): PolicyDocument {
  const result = parsePolicy(text);
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

const OPERATOR_TRUST =
  '{"Statement":[{"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}},"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Sid":"OperatorsWithMfa"}],"Version":"2012-10-17"}';

/** What the operator-role guardrail asks of a trust statement, from the helpers. */
function operatorTrustProblems(statement: NormalizedStatement): string[] {
  const problems: string[] = [];
  const principals = awsPrincipals(statement);
  if (principals.length === 0 || !principals.every(isAccountRoot)) problems.push(`principals ${JSON.stringify(principals)}`);
  if (!requiresConditionValue(statement, 'aws:MultiFactorAuthPresent', ['Bool'], 'true')) problems.push('no MFA');
  const age = numericUpperBound(statement, 'aws:MultiFactorAuthAge');
  if (age.kind !== 'bound' || age.ifExists || age.limit > 3600) problems.push(`MFA age ${age.kind === 'bound' ? age.limit : age.kind}`);
  return problems;
}

describe('operator role trust policy', () => {
  const base = JSON.parse(OPERATOR_TRUST) as { Statement: Array<Record<string, unknown>> };
  const variant = (override: Record<string, unknown>): string =>
    JSON.stringify({ ...base, Statement: [{ ...base.Statement[0], ...override }] });
  it.each([
    ['compliant, as planned', OPERATOR_TRUST, []],
    ['bare account id (IAM stores it as the root ARN)', variant({ Principal: { AWS: '111122223333' } }), []],
    ['NumericLessThanEquals 3600, booleans as JSON', variant({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': true }, NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 3600 } } }), []],
    ['a role instead of the root', variant({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Jump' } }), ['principals ["arn:aws:iam::111122223333:role/Jump"]']],
    ['anyone', variant({ Principal: { AWS: '*' } }), ['principals ["*"]']],
    ['no MFA condition', variant({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }), ['no MFA']],
    ['BoolIfExists MFA', variant({ Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }), ['no MFA']],
    ['MFA age 12 hours', variant({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '43200' } } }), ['MFA age 43200']],
    ['MFA age unbounded', variant({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), ['MFA age none']],
  ])('%s', (_name, text, problems) => {
    const [statement] = statementsByEffect(parsed(text), 'Allow');
    expect(statement && statementCoversAction(statement, 'sts:AssumeRole')).toBe(true);
    expect(operatorTrustProblems(statement as NormalizedStatement)).toEqual(problems);
  });
});

const REGION_FENCE =
  '{"Statement":[{"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}},"Effect":"Deny","NotAction":["cloudfront:*","iam:*","organizations:*","route53:*","sts:*","support:*"],"Resource":"*","Sid":"DenyOutsideAllowedRegions"}],"Version":"2012-10-17"}';

/** The region fence as the operator-role guardrail looks for it: regions fenced, carve-outs present, still biting. */
function regionFence(document: PolicyDocument): { regions: string[]; carvesOutIamSts: boolean; bites: boolean } | undefined {
  const [match] = findDenyConditions(document, { key: 'aws:RequestedRegion', operators: ['StringNotEquals'] }).filter(
    (m) => m.statement.notActions !== undefined,
  );
  if (!match) return undefined;
  return {
    regions: match.condition.values,
    carvesOutIamSts: notActionExcludes(match.statement, 'iam:*') && notActionExcludes(match.statement, 'sts:*'),
    bites: statementCoversAction(match.statement, 'ec2:RunInstances'),
  };
}

describe('operator role region fence (inline policy)', () => {
  const base = JSON.parse(REGION_FENCE) as { Statement: Array<Record<string, unknown>> };
  const variant = (override: Record<string, unknown>): string =>
    JSON.stringify({ ...base, Statement: [{ ...base.Statement[0], ...override }] });
  it.each([
    ['compliant, as planned', REGION_FENCE, { regions: ['eu-west-1', 'eu-central-1'], carvesOutIamSts: true, bites: true }],
    ['NotAction in other case', variant({ NotAction: ['IAM:*', 'STS:*'] }), { regions: ['eu-west-1', 'eu-central-1'], carvesOutIamSts: true, bites: true }],
    ['no carve-out for STS', variant({ NotAction: ['iam:*', 'cloudfront:*'] }), { regions: ['eu-west-1', 'eu-central-1'], carvesOutIamSts: false, bites: true }],
    ['only part of IAM carved out', variant({ NotAction: ['iam:Get*', 'iam:List*', 'sts:*'] }), { regions: ['eu-west-1', 'eu-central-1'], carvesOutIamSts: false, bites: true }],
    ['NotAction * carves out everything: the fence denies nothing', variant({ NotAction: '*' }), { regions: ['eu-west-1', 'eu-central-1'], carvesOutIamSts: true, bites: false }],
    ['Action instead of NotAction (locks the role out of IAM)', variant({ NotAction: undefined, Action: '*' }), undefined],
    ['StringEquals fences the wrong way', variant({ Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }), undefined],
    ['Allow instead of Deny', variant({ Effect: 'Allow' }), undefined],
  ])('%s', (_name, text, expected) => {
    expect(regionFence(parsed(text))).toEqual(expected);
  });
});

const GITLAB_TRUST =
  '{"Statement":[{"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"gitlab.example.com:aud":"https://gitlab.example.com"},"StringLike":{"gitlab.example.com:sub":"project_path:platform/infra:ref_type:branch:ref:main"}},"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/gitlab.example.com"}}],"Version":"2012-10-17"}';

/** The token claims a web-identity trust statement pins, read through the issuer of its federated principal. */
function oidcClaims(statement: NormalizedStatement): { issuer: string | undefined; aud: string[]; sub: string[] } {
  const issuer = federatedPrincipals(statement).map(webIdentityIssuer).find((value) => value !== undefined);
  const operators = ['StringEquals', 'StringLike'];
  return {
    issuer,
    aud: issuer ? conditionValues(statement, `${issuer}:aud`, operators) : [],
    sub: issuer ? conditionValues(statement, `${issuer}:sub`, operators) : [],
  };
}

describe('GitLab OIDC trust policy', () => {
  const base = JSON.parse(GITLAB_TRUST) as { Statement: Array<Record<string, unknown>> };
  const withCondition = (condition: Record<string, unknown>): string =>
    JSON.stringify({ ...base, Statement: [{ ...base.Statement[0], Condition: condition }] });
  it.each([
    ['compliant, as planned', GITLAB_TRUST, ['https://gitlab.example.com'], ['project_path:platform/infra:ref_type:branch:ref:main']],
    [
      'several refs, key case differs',
      withCondition({ StringEquals: { 'GITLAB.EXAMPLE.COM:AUD': 'https://gitlab.example.com' }, StringLike: { 'gitlab.example.com:SUB': ['project_path:platform/infra:ref_type:branch:ref:main', 'project_path:platform/infra:ref_type:tag:ref:v*'] } }),
      ['https://gitlab.example.com'],
      ['project_path:platform/infra:ref_type:branch:ref:main', 'project_path:platform/infra:ref_type:tag:ref:v*'],
    ],
    ['merge-request ref type (never true)', withCondition({ StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com' }, StringLike: { 'gitlab.example.com:sub': 'project_path:platform/infra:ref_type:mr:ref:*' } }), ['https://gitlab.example.com'], ['project_path:platform/infra:ref_type:mr:ref:*']],
    ['sub missing', withCondition({ StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com' } }), ['https://gitlab.example.com'], []],
    ['conditions on another issuer do not count', withCondition({ StringEquals: { 'gitlab.com:aud': 'https://gitlab.com', 'gitlab.com:sub': 'project_path:x/y:ref_type:branch:ref:main' } }), [], []],
  ])('%s', (_name, text, aud, sub) => {
    const [statement] = parsed(text).statements;
    expect(statement && statementCoversAction(statement, 'sts:AssumeRoleWithWebIdentity')).toBe(true);
    expect(statement && statementCoversAction(statement, 'sts:AssumeRole')).toBe(false);
    expect(oidcClaims(statement as NormalizedStatement)).toEqual({ issuer: 'gitlab.example.com', aud, sub });
  });
});
