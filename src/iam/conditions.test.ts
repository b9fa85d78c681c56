import { describe, expect, it } from 'vitest';
import { conditionValues, findConditions, numericUpperBound, parseNumericValue, requiresConditionValue } from './conditions.js';
import { parsePolicy, type NormalizedStatement } from './policy.js';

function withCondition(condition: Record<string, unknown>): NormalizedStatement {
  const result = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Condition: condition } });
  if (!result.ok) throw new Error(result.reason);
  return result.document.statements[0] as NormalizedStatement;
}

describe('findConditions and conditionValues', () => {
  const s = withCondition({
    StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com', 'aws:RequestedRegion': ['eu-west-1'] },
    StringLike: { 'gitlab.example.com:sub': ['project_path:infra/*:ref_type:branch:ref:main'] },
    'ForAnyValue:StringEquals': { 'aws:RequestedRegion': 'eu-central-1' },
    BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' },
  });
  it.each([
    ['key case-insensitive', 'GitLab.Example.com:AUD', undefined, ['https://gitlab.example.com']],
    ['any operator', 'aws:RequestedRegion', undefined, ['eu-west-1', 'eu-central-1']],
    ['operator family includes set-qualified form', 'aws:requestedregion', ['StringEquals'], ['eu-west-1', 'eu-central-1']],
    ['operator family excludes others', 'gitlab.example.com:sub', ['StringEquals'], []],
    ['several families', 'gitlab.example.com:sub', ['StringEquals', 'StringLike'], ['project_path:infra/*:ref_type:branch:ref:main']],
    ['Bool family includes BoolIfExists', 'aws:MultiFactorAuthPresent', ['Bool'], ['true']],
    ['absent key', 'aws:SourceIp', undefined, []],
  ] as const)('%s', (_name, key, operators, values) => {
    expect(conditionValues(s, key, operators)).toEqual(values);
  });

  it('returns the conditions themselves, with qualifier and IfExists flags', () => {
    expect(findConditions(s, 'aws:RequestedRegion').map((c) => [c.operator, c.setQualifier, c.ifExists])).toEqual([
      ['StringEquals', undefined, false],
      ['ForAnyValue:StringEquals', 'ForAnyValue', false],
    ]);
    expect(findConditions(s, 'aws:MultiFactorAuthPresent', ['Bool'])[0]?.ifExists).toBe(true);
  });

  it('an operator spelt otherwise is not the family', () => {
    const odd = withCondition({ stringequals: { k: 'v' } });
    expect(findConditions(odd, 'k', ['StringEquals'])).toEqual([]);
    expect(findConditions(odd, 'k')).toHaveLength(1);
  });
});

describe('requiresConditionValue', () => {
  it.each([
    ['Bool "true"', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, true],
    ['Bool JSON true', { Bool: { 'aws:MultiFactorAuthPresent': true } }, true],
    ['Bool ["true"]', { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } }, true],
    ['key case differs', { Bool: { 'AWS:multifactorauthpresent': 'true' } }, true],
    ['Bool "false"', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, false],
    ['Bool ["true", "false"] admits both', { Bool: { 'aws:MultiFactorAuthPresent': ['true', 'false'] } }, false],
    ['BoolIfExists lets in requests without the key', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, false],
    ['Bool "True" is not the value IAM documents', { Bool: { 'aws:MultiFactorAuthPresent': 'True' } }, false],
    ['set-qualified', { 'ForAllValues:Bool': { 'aws:MultiFactorAuthPresent': 'true' } }, false],
    ['another key', { Bool: { 'aws:SecureTransport': 'true' } }, false],
    ['no condition', {}, false],
    ['plain one beside an IfExists one', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, true],
  ])('%s → %s', (_name, condition, expected) => {
    expect(requiresConditionValue(withCondition(condition), 'aws:MultiFactorAuthPresent', ['Bool'], 'true')).toBe(expected);
  });
});

describe('parseNumericValue', () => {
  it.each([
    ['3600', 3600],
    ['0', 0],
    ['-5', -5],
    ['12.5', 12.5],
    ['', undefined],
    ['3600s', undefined],
    ['1e3', undefined],
    [' 3600', undefined],
    ['0x10', undefined],
    ['.5', undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseNumericValue(value)).toBe(expected);
  });
});

describe('numericUpperBound', () => {
  const key = 'aws:MultiFactorAuthAge';
  it.each([
    ['NumericLessThan 3600', { NumericLessThan: { [key]: '3600' } }, { limit: 3600, inclusive: false, ifExists: false }],
    ['NumericLessThan as a JSON number', { NumericLessThan: { [key]: 3600 } }, { limit: 3600, inclusive: false, ifExists: false }],
    ['NumericLessThanEquals 3600', { NumericLessThanEquals: { [key]: 3600 } }, { limit: 3600, inclusive: true, ifExists: false }],
    ['NumericEquals bounds too', { NumericEquals: { [key]: 900 } }, { limit: 900, inclusive: true, ifExists: false }],
    ['values are alternatives: the largest bounds', { NumericLessThan: { [key]: ['900', '7200'] } }, { limit: 7200, inclusive: false, ifExists: false }],
    ['conditions all apply: the smallest bounds', { NumericLessThan: { [key]: 7200 }, NumericLessThanEquals: { [key]: 3600 } }, { limit: 3600, inclusive: true, ifExists: false }],
    ['same limit: exclusive is tighter', { NumericLessThanEquals: { [key]: 3600 }, NumericLessThan: { [key]: 3600 } }, { limit: 3600, inclusive: false, ifExists: false }],
    ['IfExists only', { NumericLessThanIfExists: { [key]: 3600 } }, { limit: 3600, inclusive: false, ifExists: true }],
    ['plain preferred over a tighter IfExists', { NumericLessThanIfExists: { [key]: 60 }, NumericLessThan: { [key]: 3600 } }, { limit: 3600, inclusive: false, ifExists: false }],
    ['key case-insensitive', { NumericLessThan: { 'AWS:MULTIFACTORAUTHAGE': 3600 } }, { limit: 3600, inclusive: false, ifExists: false }],
  ])('%s', (_name, condition, expected) => {
    const bound = numericUpperBound(withCondition(condition), key);
    expect(bound.kind).toBe('bound');
    if (bound.kind === 'bound') expect({ limit: bound.limit, inclusive: bound.inclusive, ifExists: bound.ifExists }).toEqual(expected);
  });

  it.each([
    ['no condition', {}],
    ['lower bound only', { NumericGreaterThan: { [key]: 0 } }],
    ['NumericNotEquals does not bound', { NumericNotEquals: { [key]: 3600 } }],
    ['set-qualified ignored', { 'ForAnyValue:NumericLessThan': { [key]: 3600 } }],
    ['other key', { NumericLessThan: { 'aws:TokenIssueTime': 3600 } }],
  ])('%s → none', (_name, condition) => {
    expect(numericUpperBound(withCondition(condition), key)).toEqual({ kind: 'none' });
  });

  it('a value that is not a number is reported, not skipped', () => {
    const bound = numericUpperBound(withCondition({ NumericLessThan: { [key]: ['900', 'one hour'] } }), key);
    expect(bound).toMatchObject({ kind: 'invalid', value: 'one hour', condition: { operator: 'NumericLessThan' } });
  });

  it('"at most 3600" is limit <= 3600 for both operators', () => {
    const atMost = (condition: Record<string, unknown>): boolean => {
      const bound = numericUpperBound(withCondition(condition), key);
      return bound.kind === 'bound' && bound.limit <= 3600;
    };
    expect(atMost({ NumericLessThan: { [key]: 3600 } })).toBe(true);
    expect(atMost({ NumericLessThanEquals: { [key]: 3600 } })).toBe(true);
    expect(atMost({ NumericLessThan: { [key]: 3601 } })).toBe(false);
    expect(atMost({ NumericLessThanEquals: { [key]: 43200 } })).toBe(false);
  });
});
