import { describe, expect, it } from 'vitest';
import { compareKnown, describeExpectation, toNumber, type Comparison } from './compare.js';

describe('compareKnown', () => {
  const cases: Array<[string, unknown, Comparison, boolean]> = [
    ['equal strings', 'aws:kms', { op: 'equals', expected: 'aws:kms' }, true],
    ['different strings', 'AES256', { op: 'equals', expected: 'aws:kms' }, false],
    ['"3600" in a feature equals the plan number 3600', 3600, { op: 'equals', expected: '3600' }, true],
    ['"3600.0" equals 3600 numerically', 3600, { op: 'equals', expected: '3600.0' }, true],
    ['"true" equals the boolean true', true, { op: 'equals', expected: 'true' }, true],
    ['"false" does not equal true', true, { op: 'equals', expected: 'false' }, false],
    ['boolean expected equals boolean', false, { op: 'equals', expected: false }, true],
    ['a plan string "true" equals the boolean expectation true', 'true', { op: 'equals', expected: true }, true],
    ['a plan string is not coerced to a number for a string expectation', '07', { op: 'equals', expected: '7' }, false],
    ['objects never equal a scalar', { a: 1 }, { op: 'equals', expected: '[object Object]' }, false],
    ['one-of hit', 'Enabled', { op: 'one-of', expected: ['Enabled', 'Suspended'] }, true],
    ['one-of miss', 'Disabled', { op: 'one-of', expected: ['Enabled', 'Suspended'] }, false],
    ['one-of numeric', 7, { op: 'one-of', expected: ['7', '8'] }, true],
    ['matches a string', 'acme-tfstate', { op: 'matches', pattern: /tfstate/ }, true],
    ['matches a number as text', 3600, { op: 'matches', pattern: /^36/ }, true],
    ['a list does not match even when its text would', ['tfstate'], { op: 'matches', pattern: /tfstate/ }, false],
    ['at-least equal bound', 14, { op: 'at-least', bound: 14 }, true],
    ['at-least below', 12, { op: 'at-least', bound: 14 }, false],
    ['at-least numeric string', '24', { op: 'at-least', bound: 14 }, true],
    ['at-least non-number', 'many', { op: 'at-least', bound: 14 }, false],
    ['at-most equal', 3600, { op: 'at-most', bound: 3600 }, true],
    ['at-most above', 43200, { op: 'at-most', bound: 3600 }, false],
    ['at-most boolean is no number', true, { op: 'at-most', bound: 3600 }, false],
    ['set holds for any known value', '', { op: 'set' }, true],
    ['not-set never holds for a known present value', 'default', { op: 'not-set' }, false],
    ['not-equals holds for another value', 'private', { op: 'not-equals', expected: 'public-read' }, true],
    ['not-equals fails for the value', 'public-read', { op: 'not-equals', expected: 'public-read' }, false],
    ['not-equals bridges "22" and 22 as equals does', 22, { op: 'not-equals', expected: '22' }, false],
    ['not-equals never holds for a list: the rule was about one value', ['public-read'], { op: 'not-equals', expected: 'private' }, false],
    ['not-one-of miss holds', 'private', { op: 'not-one-of', expected: ['public-read', 'public-read-write'] }, true],
    ['not-one-of hit fails', 'public-read-write', { op: 'not-one-of', expected: ['public-read', 'public-read-write'] }, false],
    ['not-matches holds when the text does not match', 'acme-logs', { op: 'not-matches', pattern: /tfstate/ }, true],
    ['not-matches fails when it matches', 'acme-tfstate', { op: 'not-matches', pattern: /tfstate/ }, false],
    ['not-matches never holds for a list', ['x'], { op: 'not-matches', pattern: /tfstate/ }, false],
    ['contains an item', ['10.0.0.0/8', '0.0.0.0/0'], { op: 'contains', expected: '0.0.0.0/0' }, true],
    ['contains bridges numbers', [22, 443], { op: 'contains', expected: '443' }, true],
    ['contains misses', ['10.0.0.0/8'], { op: 'contains', expected: '0.0.0.0/0' }, false],
    ['contains needs a list, not a substring', '0.0.0.0/0', { op: 'contains', expected: '0.0.0.0/0' }, false],
    ['not-contains holds without the item', ['10.0.0.0/8'], { op: 'not-contains', expected: '0.0.0.0/0' }, true],
    ['not-contains fails with the item', ['0.0.0.0/0'], { op: 'not-contains', expected: '0.0.0.0/0' }, false],
    ['not-contains needs a list', 'x', { op: 'not-contains', expected: '0.0.0.0/0' }, false],
  ];
  it.each(cases)('%s', (_name, value, comparison, expected) => {
    expect(compareKnown(value, comparison)).toBe(expected);
  });
});

describe('describeExpectation', () => {
  const cases: Array<[Comparison, string]> = [
    [{ op: 'equals', expected: 'aws:kms' }, '"aws:kms"'],
    [{ op: 'equals', expected: true }, 'true'],
    [{ op: 'one-of', expected: ['a', 'b'] }, 'one of "a", "b"'],
    [{ op: 'matches', pattern: /x/i }, 'a match for /x/i'],
    [{ op: 'at-least', bound: 14 }, 'at least 14'],
    [{ op: 'at-most', bound: 3600 }, 'at most 3600'],
    [{ op: 'set' }, 'a value'],
    [{ op: 'not-set' }, 'not set'],
  ];
  it.each(cases)('%j reads %s', (comparison, text) => {
    expect(describeExpectation(comparison)).toBe(text);
  });
});

describe('toNumber', () => {
  const cases: Array<[unknown, number | undefined]> = [
    [7, 7],
    ['7', 7],
    [' 7 ', 7],
    ['', undefined],
    ['  ', undefined],
    ['seven', undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['Infinity', undefined],
    [true, undefined],
    [null, undefined],
  ];
  it.each(cases)('%j → %j', (value, number) => {
    expect(toNumber(value)).toBe(number);
  });
});
