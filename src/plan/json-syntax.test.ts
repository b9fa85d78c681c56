import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './json-syntax.js';

describe('locateJsonSyntaxError', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, 0.25, true, false, null, "x\\n\\u00e9\\"", {}]} \n',
    '"just a string"',
    '12345678901234567890',
    '[[[[[[]]]]]]',
  ])('accepts valid JSON %s', (text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(locateJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    // text, offset, expected (substring), endOfInput
    ['{"a": 1,}', 8, 'property name', false],
    ['{"a" 1}', 5, "':'", false],
    ['{"a": 1 "b": 2}', 8, "',' or '}'", false],
    ['[1 2]', 3, "',' or ']'", false],
    ['{} {}', 3, 'end of the input', false],
    ["{'a': 1}", 1, 'property name', false],
    ['[tru]', 1, 'bare word', false],
    ['[nothing]', 1, 'bare word', false],
    ['[01]', 2, "',' or ']'", false],
    ['[1.]', 3, 'digit', false],
    ['[-]', 2, 'digit', false],
    ['["a\tb"]', 3, 'control character', false],
    ['["\\x"]', 3, 'escape', false],
    ['["\\u12G4"]', 6, 'hex', false],
    ['[command]/usr/bin/terraform show -json\n{}', 1, 'a value', false],
    ['{"a": [1, 2', 11, "',' or ']'", true],
    ['{"a": "unterminated', 19, 'closing', true],
    ['{"a"', 4, "':'", true],
    ['{"a": tr', 8, "'true'", true],
    ['{"a": 1.', 8, 'digit', true],
    ['[', 1, "a value or ']'", true],
  ] as const)('finds the problem in %j', (text, offset, expected, endOfInput) => {
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    const problem = locateJsonSyntaxError(text);
    expect(problem?.offset).toBe(offset);
    expect(problem?.expected).toContain(expected);
    expect(problem?.endOfInput).toBe(endOfInput);
  });

  it('handles nesting far deeper than the call stack allows', () => {
    const depth = 200_000;
    const text = '['.repeat(depth) + ']'.repeat(depth - 1);
    expect(locateJsonSyntaxError(text)).toEqual({ offset: text.length, expected: "',' or ']' after an array element", endOfInput: true });
  });
});
