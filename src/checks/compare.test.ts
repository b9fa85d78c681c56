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
