import { describe, expect, it } from 'vitest';
import { expressionText, ignoreChangesValue, isExpressionText, literalBoolean, literalSettings, literalString } from './literal.js';

describe('isExpressionText', () => {
  it.each([
    ['${var.x}', true],
    ['a-${var.x}', true],
    ['%{ if var.x }y%{ endif }', true],
    ['plain', false],
    ['$${not.interpolated}', false],
    ['%%{not.a.directive}', false],
    ['cost: $5 {x}', false],
    [true, false],
    [3, false],
  ])('%j → %s', (value, expected) => {
    expect(isExpressionText(value)).toBe(expected);
  });
});

describe('literalBoolean', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', undefined],
    ['${var.protect}', undefined],
    [1, undefined],
    [undefined, undefined],
  ])('%j → %s', (value, expected) => {
    expect(literalBoolean(value)).toBe(expected);
  });
});

describe('literalString', () => {
  it.each([
    ['eu-west-1', 'eu-west-1'],
    ['$${literal}', '${literal}'],
    ['${var.region}', undefined],
    [5, undefined],
  ])('%j → %s', (value, expected) => {
    expect(literalString(value)).toBe(expected);
  });
});

describe('ignoreChangesValue', () => {
  it.each<[unknown, string[] | 'all' | undefined]>([
    ['${all}', 'all'],
    ['all', 'all'],
    [['${tags}', '${tags_all}'], ['tags', 'tags_all']],
    [['${tags["owner"]}', '${rule[0].id}'], ['tags["owner"]', 'rule[0].id']],
    [['tags'], ['tags']],
    [[], []],
    ['${var.ignored}', undefined],
    [['${a}-${b}'], undefined],
    [[3], undefined],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(ignoreChangesValue(value)).toEqual(expected);
  });
});

describe('literalSettings', () => {
  it('keeps literals, unescapes templates, keeps expressions as text and recurses into nested blocks', () => {
    const body = {
      alias: 'us',
      region: 'us-east-1',
      profile: '${var.profile}',
      max_retries: 3,
      skip: false,
      note: '$${x}',
      assume_role: [{ role_arn: 'arn:aws:iam::1:role/r', tags: { a: '${local.a}' } }],
    };
    expect(literalSettings(body, ['alias'])).toEqual({
      region: 'us-east-1',
      profile: '${var.profile}',
      max_retries: 3,
      skip: false,
      note: '${x}',
      assume_role: [{ role_arn: 'arn:aws:iam::1:role/r', tags: { a: '${local.a}' } }],
    });
  });
});

describe('expressionText', () => {
  it.each([
    ['${var.x}', '${var.x}'],
    ['true', '"true"'],
    [1, '1'],
  ])('%j → %s', (value, expected) => {
    expect(expressionText(value)).toBe(expected);
  });
});
