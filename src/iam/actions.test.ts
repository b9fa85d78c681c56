import { describe, expect, it } from 'vitest';
import {
  actionPatternCovers,
  actionPatternsOverlap,
  notActionExcludes,
  notActionListsEntry,
  statementCoversAction,
} from './actions.js';
import { parsePolicy, type NormalizedStatement } from './policy.js';

function statement(raw: Record<string, unknown>): NormalizedStatement {
  const result = parsePolicy({ Version: '2012-10-17', Statement: raw });
  if (!result.ok) throw new Error(result.reason);
  const first = result.document.statements[0];
  if (!first) throw new Error('no statement');
  return first;
}

describe('actionPatternCovers', () => {
  it.each([
    // general, specific, covered
    ['*', 's3:PutObject', true],
    ['*', 'iam:*', true],
    ['*', '*', true],
    ['s3:*', 's3:PutObject', true],
    ['s3:Put*', 's3:PutObject', true],
    ['s3:Put*', 's3:PutObjectAcl', true],
    ['s3:Put*', 's3:GetObject', false],
    ['s3:*', 's3:*', true],
    ['S3:*', 's3:putobject', true],
    ['s3:putobject', 'S3:PutObject', true],
    ['s3:PutObject', 's3:PutObjectAcl', false],
    ['s3:PutObject', 's3:Put*', false],
    ['s3:Put*', 's3:*', false],
    ['iam:*', '*', false],
    ['iam:*', 'iam:*', true],
    ['IAM:*', 'iam:*', true],
    ['iam:Get*', 'iam:*', false],
    ['iam:*', 'iam:Get*', true],
    ['s3:?etObject', 's3:GetObject', true],
    ['s3:?etObject', 's3:etObject', false],
    ['s3:?etObject', 's3:?etObject', true],
    ['s3:*Object', 's3:?etObject', true],
    ['s3:?etObject', 's3:*etObject', false],
    ['*Object', 's3:Put*Object', true],
    ['s3:*', 'sts:AssumeRole', false],
    ['sts:AssumeRole*', 'sts:AssumeRoleWithWebIdentity', true],
    ['', '', true],
    ['', 's3:GetObject', false],
    ['*', '', true],
  ])('%s covers %s: %s', (general, specific, covered) => {
    expect(actionPatternCovers(general, specific)).toBe(covered);
  });

  // Timing is measured in bench/; here a backtracking matcher would exceed the test timeout.
  it('finishes on adversarial patterns from an untrusted plan', () => {
    const pattern = `${'*a'.repeat(200)}*b`;
    const action = 'a'.repeat(5000);
    expect(actionPatternCovers(pattern, action)).toBe(false);
    expect(actionPatternsOverlap(pattern, action)).toBe(false);
  });
});

describe('actionPatternsOverlap', () => {
  it.each([
    ['s3:Put*', 's3:*Object', true],
    ['iam:*', 'sts:*', false],
    ['iam:*', '*', true],
    ['*', 'ec2:RunInstances', true],
    ['ec2:*', 'ec2:RunInstances', true],
    ['EC2:run*', 'ec2:RunInstances', true],
    ['ec2:Describe*', 'ec2:RunInstances', false],
    ['s3:?et*', 's3:G*', true],
    ['s3:?et*', 's3:Put*', false],
    ['cloudfront:*', 'route53:*', false],
    ['a*b', 'ab', true],
    ['a?b', 'ab', false],
    ['a*', '*b', true],
  ])('%s and %s overlap: %s', (a, b, overlap) => {
    expect(actionPatternsOverlap(a, b)).toBe(overlap);
    expect(actionPatternsOverlap(b, a)).toBe(overlap);
  });
});

describe('statementCoversAction', () => {
  const actionStatement = statement({ Effect: 'Deny', Action: ['s3:Put*', 's3:DeleteObject'], Resource: '*' });
  const wildcard = statement({ Effect: 'Deny', Action: '*', Resource: '*' });
  const fence = statement({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'cloudfront:*', 'route53:*', 'organizations:*', 'support:*'], Resource: '*' });
  const nothing = statement({ Effect: 'Deny', NotAction: '*', Resource: '*' });
  it.each([
    ['Action list', actionStatement, 's3:PutObject', true],
    ['Action list, case-insensitive', actionStatement, 'S3:putobject', true],
    ['Action list, other action', actionStatement, 's3:GetObject', false],
    ['Action list, pattern target not fully covered', actionStatement, 's3:*', false],
    ['Action list, pattern target covered', actionStatement, 's3:Put*', true],
    ['Action *', wildcard, 's3:*', true],
    ['Action *', wildcard, 'iam:CreateUser', true],
    ['NotAction applies to an action outside the list', fence, 'ec2:RunInstances', true],
    ['NotAction does not apply to a listed service', fence, 'iam:CreateUser', false],
    ['NotAction does not apply to a listed service, case-insensitive', fence, 'STS:AssumeRole', false],
    ['NotAction applies to a whole unlisted service', fence, 's3:*', true],
    ['NotAction does not apply to every action when it lists some', fence, '*', false],
    ['NotAction * applies to nothing', nothing, 'ec2:RunInstances', false],
  ])('%s: %s', (_name, s, target, expected) => {
    expect(statementCoversAction(s, target)).toBe(expected);
  });
});

describe('NotAction carve-outs: notActionExcludes (coverage) and notActionListsEntry (literal)', () => {
  it.each([
    // NotAction list, target, excluded (coverage), listed literally
    [['iam:*', 'sts:*'], 'iam:*', true, true],
    [['IAM:*', 'sts:*'], 'iam:*', true, true],
    [['*'], 'iam:*', true, false],
    [['iam:Get*', 'iam:List*'], 'iam:*', false, false],
    [['iam:*'], 'iam:CreateRole', true, false],
    [['iam:*'], 'sts:*', false, false],
    [['sts:AssumeRole*'], 'sts:*', false, false],
  ])('NotAction %j, %s → excluded %s, listed %s', (notAction, target, excluded, listed) => {
    const s = statement({ Effect: 'Deny', NotAction: notAction, Resource: '*' });
    expect(notActionExcludes(s, target)).toBe(excluded);
    expect(notActionListsEntry(s, target)).toBe(listed);
  });

  it('an Action statement excludes nothing', () => {
    const s = statement({ Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    expect(notActionExcludes(s, 'iam:*')).toBe(false);
    expect(notActionListsEntry(s, 'iam:*')).toBe(false);
  });
});
