import { describe, expect, it } from 'vitest';
import { evaluateAccess, publicStatements, type Tri } from './access.js';
import { parsePolicy, type PolicyDocument } from './policy.js';

const BUCKET = 'arn:aws:s3:::acme-artifacts';

function doc(...statements: Array<Record<string, unknown>>): PolicyDocument {
  const result = parsePolicy({ Version: '2012-10-17', Statement: statements });
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

const allow = (action: unknown, resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: unknown, resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

describe('evaluateAccess: does the policy allow ACTION on RESOURCE', () => {
  const cases: Array<[string, PolicyDocument, string, string, Tri]> = [
    ['an exact grant', doc(allow('s3:GetObject', `${BUCKET}/*`)), 's3:GetObject', `${BUCKET}/report.csv`, 'yes'],
    ['actions ignore case (service and name)', doc(allow('S3:getobject', `${BUCKET}/*`)), 's3:GetObject', `${BUCKET}/x`, 'yes'],
    ['resources keep case', doc(allow('s3:GetObject', 'arn:aws:s3:::ACME-artifacts/*')), 's3:GetObject', `${BUCKET}/x`, 'no'],
    ['a service wildcard covers one action', doc(allow('s3:*')), 's3:DeleteBucket', BUCKET, 'yes'],
    ['a prefix wildcard covers matching actions only', doc(allow('s3:Get*')), 's3:PutObject', BUCKET, 'no'],
    ['"?" matches one character', doc(allow('s3:GetObjec?')), 's3:GetObject', BUCKET, 'yes'],
    ['a pattern target needs all of it: s3:Get* does not grant s3:*', doc(allow('s3:Get*')), 's3:*', '*', 'no'],
    ['"*" grants every action', doc(allow('*')), 'iam:*', '*', 'yes'],
    ['a resource pattern target needs all of it', doc(allow('s3:*', `${BUCKET}/*`)), 's3:*', '*', 'no'],
    ['NotAction grants what it leaves in', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 's3:*', '*', 'yes'],
    ['NotAction does not grant what it names', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'iam:CreateUser', '*', 'no'],
    ['NotAction does not grant "*" (it leaves iam out)', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), '*', '*', 'no'],
    ['NotResource grants what it leaves in', doc({ Effect: 'Allow', Action: 's3:*', NotResource: `${BUCKET}/*` }), 's3:GetObject', 'arn:aws:s3:::other/x', 'yes'],
    ['NotResource does not grant what it names', doc({ Effect: 'Allow', Action: 's3:*', NotResource: `${BUCKET}/*` }), 's3:GetObject', `${BUCKET}/x`, 'no'],
    ['an unconditional Deny of all of it wins', doc(allow('s3:*'), deny('s3:*')), 's3:*', '*', 'no'],
    ['a Deny with NotAction covering it wins', doc(allow('s3:*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }), 's3:*', '*', 'no'],
    ['a Deny of part of the target leaves the grant', doc(allow('s3:*'), deny('s3:DeleteBucket')), 's3:*', '*', 'yes'],
    ['a Deny of the exact action wins', doc(allow('s3:*'), deny('s3:DeleteBucket')), 's3:DeleteBucket', '*', 'no'],
    ['a conditional Deny leaves the grant', doc(allow('s3:*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), 's3:*', '*', 'yes'],
    ['a conditional Allow is still an Allow', doc(allow('s3:*', '*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), 's3:GetObject', '*', 'yes'],
    ['a Deny for everyone wins over an Allow for one principal', doc(allow('s3:*', '*', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), deny('s3:*', '*', { Principal: '*' })), 's3:*', '*', 'no'],
    ['a Deny for one principal leaves an Allow for everyone', doc(allow('s3:*', '*', { Principal: '*' }), deny('s3:*', '*', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), 's3:*', '*', 'yes'],
    ['a Deny listing the Allow\'s principal wins', doc(allow('s3:*', '*', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), deny('s3:*', '*', { Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] } })), 's3:*', '*', 'no'],
    ['no Allow at all', doc(deny('s3:*')), 's3:GetObject', '*', 'no'],
    ['a trust policy (no Resource) applies to its holder', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'sts:AssumeRole', '*', 'yes'],
  ];
  it.each(cases)('%s', (_name, document, action, resource, expected) => {
    expect(evaluateAccess(document, action, resource).allows).toBe(expected);
  });

  it('reports the conditions of the Allow and a conditional Deny beside it', () => {
    const answer = evaluateAccess(
      doc(allow('s3:*', '*', { Sid: 'Read', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
      's3:GetObject',
      '*',
    );
    expect(answer.statements).toHaveLength(1);
    expect(answer.statements[0]!.statement.conditions.map((c) => c.key)).toEqual(['aws:SourceVpce']);
    expect(answer.statements[0]!.conditionalDenies.map((d) => d.index)).toEqual([1]);
  });
});

describe('publicStatements: does the policy let everyone in', () => {
  const cases: Array<[string, PolicyDocument, Tri]> = [
    ['Principal "*"', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*' })), 'yes'],
    ['{"AWS": "*"}', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: ['*'] } })), 'yes'],
    ['an account principal', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: '111122223333' } })), 'no'],
    ['a service principal', doc(allow('s3:PutObject', `${BUCKET}/*`, { Principal: { Service: 'cloudtrail.amazonaws.com' } })), 'no'],
    ['"*" limited to the organisation', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } })), 'no'],
    ['"*" limited to a VPC endpoint', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*', Condition: { StringEquals: { 'aws:sourcevpce': 'vpce-1' } } })), 'no'],
    ['"*" under a condition that does not limit who', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), 'yes'],
    ['"*" under an IfExists limit (absent key lets in)', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*', Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } })), 'yes'],
    ['"*" under a wildcard StringLike', doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*', Condition: { StringLike: { 'aws:PrincipalArn': '*' } } })), 'yes'],
    ['"*" under an ArnLike on one account', doc(allow('sns:Publish', '*', { Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-*' } } })), 'no'],
    ['"*" from every address', doc(allow('s3:GetObject', '*', { Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })), 'yes'],
    ['"*" from one network', doc(allow('s3:GetObject', '*', { Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), 'no'],
    ['a Deny for everyone is not an opening', doc(deny('s3:*', '*', { Principal: '*' })), 'no'],
  ];
  it.each(cases)('%s', (_name, document, expected) => {
    expect(publicStatements(document).public).toBe(expected);
  });
});
