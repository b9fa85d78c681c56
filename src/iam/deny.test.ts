/**
 * The Deny queries against the state bucket policy the posture requires, written as `jsonencode`
 * renders it in a plan (compact, keys sorted), and variants that each break one thing.
 */
import { describe, expect, it } from 'vitest';
import { findDenyConditions, findDenyUnlessEquals, findDenyWhenBool } from './deny.js';
import { parsePolicy, statementLabel, type PolicyDocument } from './policy.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab';
const SSE = 's3:x-amz-server-side-encryption';
const SSE_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';

type Statement = Record<string, unknown>;

const secureTransport: Statement = {
  Action: 's3:*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  Effect: 'Deny',
  Principal: '*',
  Resource: ['arn:aws:s3:::acme-tfstate', 'arn:aws:s3:::acme-tfstate/*'],
  Sid: 'DenyInsecureTransport',
};
const kmsOnly: Statement = {
  Action: 's3:PutObject',
  Condition: { StringNotEquals: { [SSE]: 'aws:kms' } },
  Effect: 'Deny',
  Principal: '*',
  Resource: 'arn:aws:s3:::acme-tfstate/*',
  Sid: 'DenyNonKmsUploads',
};
const bucketKeyOnly: Statement = {
  Action: 's3:PutObject',
  Condition: { StringNotEquals: { [SSE_KEY]: KEY_ARN } },
  Effect: 'Deny',
  Principal: '*',
  Resource: 'arn:aws:s3:::acme-tfstate/*',
  Sid: 'DenyOtherKmsKeys',
};

/** The compliant bucket policy as a plan carries it, with statements overridden per case. */
function bucketPolicy(overrides: { transport?: Statement; kms?: Statement; key?: Statement } = {}): PolicyDocument {
  const text = JSON.stringify({
    Statement: [overrides.transport ?? secureTransport, overrides.kms ?? kmsOnly, overrides.key ?? bucketKeyOnly],
    Version: '2012-10-17',
  });
  const result = parsePolicy(text);
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

describe('deny any request without TLS: findDenyWhenBool(s3:*, aws:SecureTransport, "false")', () => {
  const query = { action: 's3:*', key: 'aws:SecureTransport', value: 'false' } as const;
  it.each([
    ['compliant', {}, [0], true],
    ['JSON boolean false', { Condition: { Bool: { 'aws:SecureTransport': false } } }, [0], true],
    ['BoolIfExists (only widens a Deny)', { Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }, [0], true],
    ['key in another case', { Condition: { Bool: { 'AWS:SECURETRANSPORT': 'false' } } }, [0], true],
    ['Action * covers every S3 action', { Action: '*' }, [0], true],
    ['Principal {"AWS": "*"}', { Principal: { AWS: '*' } }, [0], true],
    ['Principal one account: found, not for everyone', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, [0], false],
    ['Allow instead of Deny', { Effect: 'Allow' }, [], undefined],
    ['only s3:GetObject denied', { Action: 's3:GetObject' }, [], undefined],
    ['only s3:Put* denied', { Action: 's3:Put*' }, [], undefined],
    ['denies secure requests instead', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, [], undefined],
    ['"False" is not a value IAM documents', { Condition: { Bool: { 'aws:SecureTransport': 'False' } } }, [], undefined],
    ['StringEquals instead of Bool', { Condition: { StringEquals: { 'aws:SecureTransport': 'false' } } }, [], undefined],
    ['no condition at all', { Condition: undefined }, [], undefined],
  ])('%s', (_name, override, indexes, everyone) => {
    const matches = findDenyWhenBool(bucketPolicy({ transport: { ...secureTransport, ...override } }), query);
    expect(matches.map((m) => m.statement.index)).toEqual(indexes);
    if (everyone !== undefined) expect(matches[0]?.appliesToEveryone).toBe(everyone);
  });

  it('reports conditions that narrow the Deny', () => {
    const narrowed = { ...secureTransport, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:PrincipalAccount': '444455556666' } } };
    const [match] = findDenyWhenBool(bucketPolicy({ transport: narrowed }), query);
    expect(match?.otherConditions.map((c) => `${c.operator} ${c.key}`)).toEqual(['StringEquals aws:PrincipalAccount']);
    expect(findDenyWhenBool(bucketPolicy(), query)[0]?.otherConditions).toEqual([]);
  });
});

describe('deny uploads unless SSE-KMS: findDenyUnlessEquals(s3:PutObject, s3:x-amz-server-side-encryption, "aws:kms")', () => {
  const query = { action: 's3:PutObject', key: SSE, expected: 'aws:kms' };
  it.each([
    ['compliant', {}, ['1 only-expected']],
    ['StringNotEqualsIfExists', { Condition: { StringNotEqualsIfExists: { [SSE]: 'aws:kms' } } }, ['1 only-expected']],
    ['Action s3:*', { Action: 's3:*' }, ['1 only-expected']],
    ['Action s3:Put*', { Action: 's3:Put*' }, ['1 only-expected']],
    ['Action list', { Action: ['s3:GetObject', 's3:PutObject'] }, ['1 only-expected']],
    ['key in another case', { Condition: { StringNotEquals: { 'S3:X-Amz-Server-Side-Encryption': 'aws:kms' } } }, ['1 only-expected']],
    ['AES256 exempted too', { Condition: { StringNotEquals: { [SSE]: ['aws:kms', 'AES256'] } } }, ['1 allows-others AES256']],
    ['only AES256 exempted', { Condition: { StringNotEquals: { [SSE]: 'AES256' } } }, ['1 allows-others AES256']],
    ['DSSE-KMS exempted too', { Condition: { StringNotEquals: { [SSE]: ['aws:kms', 'aws:kms:dsse'] } } }, ['1 allows-others aws:kms:dsse']],
    ['values are case-sensitive', { Condition: { StringNotEquals: { [SSE]: 'AWS:KMS' } } }, ['1 allows-others AWS:KMS']],
    ['StringEquals denies kms instead', { Condition: { StringEquals: { [SSE]: 'aws:kms' } } }, []],
    ['IgnoreCase form is not counted', { Condition: { StringNotEqualsIgnoreCase: { [SSE]: 'aws:kms' } } }, []],
    ['set-qualified form is not counted', { Condition: { 'ForAllValues:StringNotEquals': { [SSE]: 'aws:kms' } } }, []],
    ['Allow instead of Deny', { Effect: 'Allow' }, []],
    ['other action', { Action: 's3:GetObject' }, []],
    ['NotAction that leaves PutObject in', { Action: undefined, NotAction: 's3:Get*' }, ['1 only-expected']],
    ['NotAction that leaves PutObject out', { Action: undefined, NotAction: 's3:Put*' }, []],
  ])('%s', (_name, override, expected) => {
    const matches = findDenyUnlessEquals(bucketPolicy({ kms: { ...kmsOnly, ...override } }), query);
    expect(matches.map((m) => [m.statement.index, m.verdict.kind, ...(m.verdict.kind === 'allows-others' ? m.verdict.others : [])].join(' '))).toEqual(expected);
  });
});

describe('deny uploads with another KMS key: findDenyUnlessEquals(s3:PutObject, ...-aws-kms-key-id, key ARN)', () => {
  it.each([
    ['compliant', {}, KEY_ARN, 'only-expected'],
    ['IfExists form', { Condition: { StringNotEqualsIfExists: { [SSE_KEY]: KEY_ARN } } }, KEY_ARN, 'only-expected'],
    ['another key', { Condition: { StringNotEquals: { [SSE_KEY]: OTHER_KEY_ARN } } }, KEY_ARN, 'allows-others'],
    ['two keys exempted', { Condition: { StringNotEquals: { [SSE_KEY]: [KEY_ARN, OTHER_KEY_ARN] } } }, KEY_ARN, 'allows-others'],
    ['key ARN unknown at plan time', {}, undefined, 'unknown'],
    ['key ARN unknown, two exempted: one is surely another key', { Condition: { StringNotEquals: { [SSE_KEY]: [KEY_ARN, OTHER_KEY_ARN] } } }, undefined, 'allows-others'],
    ['key ARN unknown, same value twice', { Condition: { StringNotEquals: { [SSE_KEY]: [KEY_ARN, KEY_ARN] } } }, undefined, 'unknown'],
  ])('%s', (_name, override, expected, verdict) => {
    const matches = findDenyUnlessEquals(bucketPolicy({ key: { ...bucketKeyOnly, ...override } }), { action: 's3:PutObject', key: SSE_KEY, expected });
    expect(matches.map((m) => [m.statement.index, m.verdict.kind])).toEqual([[2, verdict]]);
  });

  it('a wrong key names the others for the message', () => {
    const [match] = findDenyUnlessEquals(bucketPolicy({ key: { ...bucketKeyOnly, Condition: { StringNotEquals: { [SSE_KEY]: OTHER_KEY_ARN } } } }), {
      action: 's3:PutObject',
      key: SSE_KEY,
      expected: KEY_ARN,
    });
    expect(match && statementLabel(match.statement)).toBe('Statement[2] (Sid "DenyOtherKmsKeys")');
    expect(match?.verdict).toEqual({ kind: 'allows-others', others: [OTHER_KEY_ARN] });
  });

  it('one statement carrying both encryption conditions matches each query, naming the other as narrowing', () => {
    const both = { ...kmsOnly, Condition: { StringNotEquals: { [SSE]: 'aws:kms', [SSE_KEY]: KEY_ARN } } };
    const doc = bucketPolicy({ kms: both, key: secureTransport });
    const [sse] = findDenyUnlessEquals(doc, { action: 's3:PutObject', key: SSE, expected: 'aws:kms' });
    const [key] = findDenyUnlessEquals(doc, { action: 's3:PutObject', key: SSE_KEY, expected: KEY_ARN });
    expect(sse?.otherConditions.map((c) => c.key)).toEqual([SSE_KEY]);
    expect(key?.otherConditions.map((c) => c.key)).toEqual([SSE]);
  });
});

describe('resource coverage', () => {
  it.each([
    ['bucket and objects', 'arn:aws:s3:::acme-tfstate', [0]],
    ['objects', 'arn:aws:s3:::acme-tfstate/*', [0]],
    ['another bucket', 'arn:aws:s3:::other-bucket/*', []],
  ])('SecureTransport Deny over %s', (_name, resource, indexes) => {
    const matches = findDenyWhenBool(bucketPolicy(), { action: 's3:*', resource, key: 'aws:SecureTransport', value: 'false' });
    expect(matches.map((m) => m.statement.index)).toEqual(indexes);
  });

  it('a Deny on uploads to another bucket does not protect this one', () => {
    const elsewhere = { ...kmsOnly, Resource: 'arn:aws:s3:::other-bucket/*' };
    const query = { action: 's3:PutObject', key: SSE, expected: 'aws:kms' };
    expect(findDenyUnlessEquals(bucketPolicy({ kms: elsewhere }), { ...query, resource: 'arn:aws:s3:::acme-tfstate/*' })).toEqual([]);
    expect(findDenyUnlessEquals(bucketPolicy({ kms: elsewhere }), query)).toHaveLength(1);
    expect(findDenyUnlessEquals(bucketPolicy(), { ...query, resource: 'arn:aws:s3:::acme-tfstate/*' })).toHaveLength(1);
  });
});

describe('findDenyConditions', () => {
  it('without an action, every Deny with the condition; one match per condition', () => {
    const doc = bucketPolicy();
    expect(findDenyConditions(doc, { key: SSE, operators: ['StringNotEquals'] }).map((m) => m.statement.index)).toEqual([1]);
    expect(findDenyConditions(doc, { key: 'aws:SecureTransport', operators: ['Bool', 'StringEquals'] }).map((m) => m.condition.operator)).toEqual(['Bool']);
    expect(findDenyConditions(doc, { key: 'aws:SourceVpce', operators: ['StringNotEquals'] })).toEqual([]);
  });
});
