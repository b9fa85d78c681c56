import { describe, expect, it } from 'vitest';
import { parsePolicy, splitOperator, statementLabel, statementsByEffect, type PolicyDocument } from './policy.js';

function parsed(input: unknown): PolicyDocument {
  const result = parsePolicy(input);
  if (!result.ok) throw new Error(`expected a policy, got: ${result.reason}`);
  return result.document;
}

describe('parsePolicy: shapes IAM accepts', () => {
  const cases: Array<{ name: string; input: unknown; check: (doc: PolicyDocument) => void }> = [
    {
      name: 'single statement object, string Action, no Version',
      input: '{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}',
      check: (doc) => {
        expect(doc.version).toBeUndefined();
        expect(doc.statements).toHaveLength(1);
        expect(doc.statements[0]).toMatchObject({ index: 0, effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
        expect(doc.statements[0]?.notActions).toBeUndefined();
        expect(doc.statements[0]?.conditions).toEqual([]);
      },
    },
    {
      name: 'statement list keeps order and indexes',
      input: {
        Version: '2012-10-17',
        Id: 'BucketPolicy',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
          { Sid: '', Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::x'] },
        ],
      },
      check: (doc) => {
        expect(doc.version).toBe('2012-10-17');
        expect(doc.id).toBe('BucketPolicy');
        expect(doc.statements.map((s) => [s.index, s.sid, s.effect])).toEqual([
          [0, 'A', 'Allow'],
          [1, '', 'Deny'],
        ]);
        expect(doc.statements[1]).toMatchObject({ notActions: ['iam:*'], notResources: ['arn:aws:s3:::x'], actions: undefined });
      },
    },
    {
      name: 'legacy Version 2008-10-17',
      input: '{"Version":"2008-10-17","Statement":[]}',
      check: (doc) => expect(doc).toEqual({ version: '2008-10-17', id: undefined, statements: [] }),
    },
    {
      name: 'Principal "*" and object principals normalised to lists',
      input: JSON.stringify({
        Statement: [
          { Effect: 'Deny', Principal: '*', Action: 's3:*' },
          { Effect: 'Allow', Principal: { AWS: '111122223333', Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
          { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: '*' },
        ],
      }),
      check: (doc) => {
        expect(doc.statements[0]?.principals).toBe('*');
        expect(doc.statements[1]?.principals).toEqual({ AWS: ['111122223333'], Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] });
        expect(doc.statements[2]?.notPrincipals).toEqual({ AWS: ['arn:aws:iam::111122223333:root'] });
        expect(doc.statements[2]?.principals).toBeUndefined();
      },
    },
    {
      name: 'conditions flattened per (operator, key), values as strings',
      input: JSON.stringify({
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'sts:AssumeRole',
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': true },
            NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
            'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['team-*', 'cost-*'], 'AWS:PrincipalTag/x': 'y' },
          },
        },
      }),
      check: (doc) => {
        expect(doc.statements[0]?.conditions).toEqual([
          { operator: 'Bool', baseOperator: 'Bool', setQualifier: undefined, ifExists: false, key: 'aws:MultiFactorAuthPresent', keyLower: 'aws:multifactorauthpresent', values: ['true'] },
          { operator: 'NumericLessThan', baseOperator: 'NumericLessThan', setQualifier: undefined, ifExists: false, key: 'aws:MultiFactorAuthAge', keyLower: 'aws:multifactorauthage', values: ['3600'] },
          { operator: 'ForAnyValue:StringLikeIfExists', baseOperator: 'StringLike', setQualifier: 'ForAnyValue', ifExists: true, key: 'aws:TagKeys', keyLower: 'aws:tagkeys', values: ['team-*', 'cost-*'] },
          { operator: 'ForAnyValue:StringLikeIfExists', baseOperator: 'StringLike', setQualifier: 'ForAnyValue', ifExists: true, key: 'AWS:PrincipalTag/x', keyLower: 'aws:principaltag/x', values: ['y'] },
        ]);
      },
    },
    {
      name: 'CRLF, indentation and a leading blank (as heredocs give)',
      input: '    {\r\n  "Version": "2012-10-17",\r\n  "Statement": [\r\n {"Effect": "Deny", "Action": ["*"], "Resource": "*"}\r\n ]\r\n}\r\n',
      check: (doc) => expect(doc.statements[0]).toMatchObject({ effect: 'Deny', actions: ['*'], resources: ['*'] }),
    },
    {
      name: 'empty Action list is kept (it matches nothing)',
      input: { Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] },
      check: (doc) => expect(doc.statements[0]?.actions).toEqual([]),
    },
  ];
  it.each(cases)('$name', ({ input, check }) => check(parsed(input)));
});

describe('parsePolicy: documents IAM refuses give a reason, never a throw', () => {
  const cases: Array<{ name: string; input: unknown; reason: RegExp }> = [
    { name: 'empty string', input: '  ', reason: /empty string; expected a JSON policy document/ },
    { name: 'not JSON', input: '{"Statement": [', reason: /not valid JSON \(.+\); expected a JSON policy document/ },
    { name: 'JSON array', input: '[]', reason: /the policy is a list; expected a JSON object with a "Statement" element/ },
    { name: 'null', input: null, reason: /the policy is null/ },
    { name: 'number', input: 42, reason: /the policy is number 42/ },
    { name: 'missing Statement', input: '{"Version":"2012-10-17"}', reason: /no "Statement" element/ },
    { name: 'unknown top-level element', input: '{"Statements":[]}', reason: /unknown element "Statements"; expected only Version, Id, Statement/ },
    { name: 'bad Version', input: '{"Version":"2012-10-18","Statement":[]}', reason: /Version is "2012-10-18"; expected "2012-10-17"/ },
    { name: 'Version not a string', input: { Version: 2012, Statement: [] }, reason: /Version is number 2012; expected a string/ },
    { name: 'statement not an object', input: { Statement: ['x'] }, reason: /Statement\[0\] is "x"; expected an object/ },
    { name: 'Effect lower case', input: { Statement: [{ Effect: 'allow', Action: '*' }] }, reason: /Statement\[0\]\.Effect is "allow"; expected "Allow" or "Deny"/ },
    { name: 'Effect missing', input: { Statement: [{ Action: '*' }] }, reason: /Statement\[0\]\.Effect is missing/ },
    { name: 'unknown statement element', input: { Statement: [{ Effect: 'Allow', Actions: '*' }] }, reason: /Statement\[0\] has an unknown element "Actions"/ },
    { name: 'lower-case element name', input: { Statement: [{ Effect: 'Allow', action: '*' }] }, reason: /unknown element "action"/ },
    { name: 'Action and NotAction', input: { Statement: [{ Effect: 'Deny', Action: '*', NotAction: 'iam:*' }] }, reason: /Statement\[0\] has both Action and NotAction/ },
    { name: 'neither Action nor NotAction', input: { Statement: [{ Effect: 'Deny', Resource: '*' }] }, reason: /neither Action nor NotAction/ },
    { name: 'Resource and NotResource', input: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', NotResource: 'x' }] }, reason: /both Resource and NotResource/ },
    { name: 'Principal and NotPrincipal', input: { Statement: [{ Effect: 'Deny', Action: '*', Principal: '*', NotPrincipal: '*' }] }, reason: /both Principal and NotPrincipal/ },
    { name: 'Action holds a number', input: { Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 3] }] }, reason: /Statement\[0\]\.Action\[1\] is number 3; expected a string or a list of strings/ },
    { name: 'Principal is a plain string', input: { Statement: [{ Effect: 'Allow', Action: '*', Principal: 'arn:aws:iam::111122223333:root' }] }, reason: /Principal is "arn:aws:iam::111122223333:root"; expected "\*" or an object/ },
    { name: 'unknown principal type', input: { Statement: [{ Effect: 'Allow', Action: '*', Principal: { Aws: '*' } }] }, reason: /principal type "Aws"; expected one of AWS, Federated, Service, CanonicalUser/ },
    { name: 'Condition not an object', input: { Statement: [{ Effect: 'Allow', Action: '*', Condition: [] }] }, reason: /Statement\[0\]\.Condition is a list; expected an object/ },
    { name: 'operator block not an object', input: { Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: 'true' } }] }, reason: /Condition\.Bool is "true"; expected an object of condition key/ },
    { name: 'condition value null', input: { Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: { 'aws:SecureTransport': null } } }] }, reason: /Condition\.Bool\["aws:SecureTransport"\] holds null/ },
    { name: 'condition value object', input: { Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEquals: { k: { a: 1 } } } }] }, reason: /holds an object/ },
    { name: 'condition value empty list', input: { Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEquals: { k: [] } } }] }, reason: /\["k"\] is an empty list; expected at least one value/ },
    { name: 'Sid not a string', input: { Statement: [{ Sid: 1, Effect: 'Allow', Action: '*' }] }, reason: /Statement\[0\]\.Sid is number 1; expected a string/ },
    { name: 'second statement is the bad one', input: { Statement: [{ Effect: 'Allow', Action: '*' }, { Effect: 'Permit', Action: '*' }] }, reason: /^Statement\[1\]\.Effect is "Permit"/ },
    { name: 'long string echoed shortened', input: '"' + 'x'.repeat(200) + '"', reason: /the policy is "x{57}\.\.\."; expected/ },
  ];
  it.each(cases)('$name', ({ input, reason }) => {
    const result = parsePolicy(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('splitOperator', () => {
  it.each([
    ['StringEquals', 'StringEquals', undefined, false],
    ['StringNotEqualsIfExists', 'StringNotEquals', undefined, true],
    ['BoolIfExists', 'Bool', undefined, true],
    ['ForAllValues:StringLike', 'StringLike', 'ForAllValues', false],
    ['ForAnyValue:StringEqualsIgnoreCaseIfExists', 'StringEqualsIgnoreCase', 'ForAnyValue', true],
    ['Null', 'Null', undefined, false],
    ['IfExists', 'IfExists', undefined, false],
    // Qualifiers are matched as IAM spells them; another spelling stays part of the operator.
    ['forallvalues:StringLike', 'forallvalues:StringLike', undefined, false],
  ] as const)('%s', (operator, baseOperator, setQualifier, ifExists) => {
    expect(splitOperator(operator)).toEqual({ baseOperator, setQualifier, ifExists });
  });
});

describe('statementsByEffect and statementLabel', () => {
  const doc = parsed({
    Statement: [
      { Sid: 'AllowAll', Effect: 'Allow', Action: '*' },
      { Effect: 'Deny', Action: 'iam:*' },
      { Sid: 'DenyS3', Effect: 'Deny', Action: 's3:*' },
    ],
  });
  it('filters by effect in document order', () => {
    expect(statementsByEffect(doc, 'Deny').map((s) => s.index)).toEqual([1, 2]);
    expect(statementsByEffect(doc, 'Allow').map((s) => s.index)).toEqual([0]);
  });
  it('labels by index, with the Sid when there is one', () => {
    expect(doc.statements.map(statementLabel)).toEqual(['Statement[0] (Sid "AllowAll")', 'Statement[1]', 'Statement[2] (Sid "DenyS3")']);
  });
});
