import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { execWithIndices, useNativeMatchIndices } from './native-match-indices.js';

const require = createRequire(import.meta.url);
/** The polyfill's own implementation, which the native one replaces. */
const polyfill = (require('regexp-match-indices/implementation') as { call(regexp: RegExp, text: string): (RegExpExecArray & { indices: unknown }) | null });

describe('execWithIndices', () => {
  it.each([
    [/^the "([^"]*)" resources whose "(.*)" matches \/(.*)\/([a-z]*)$/, 'the "aws_s3_bucket" resources whose "bucket" matches /tfstate/i'],
    [/^(?:its|their) "((?:[^"\\]|\\.)*)" is (?<value>true|false|-?\d+)$/, 'its "rule[*].bucket_key_enabled" is true'],
    [/no (match)/, 'something else'],
  ])('gives the same match and indices as the polyfill for %s', (regexp, text) => {
    const native = execWithIndices(regexp, text);
    const expected = polyfill.call(regexp, text);
    expect(native === null ? null : [...native]).toEqual(expected === null ? null : [...expected]);
    expect(native?.indices === undefined ? undefined : JSON.parse(JSON.stringify({ ...native.indices, groups: native.indices.groups }))).toEqual(
      expected === null ? undefined : JSON.parse(JSON.stringify({ ...(expected.indices as object), groups: (expected.indices as { groups?: unknown }).groups })),
    );
  });

  it('places a repeated group at its last repetition, the text the match itself holds (the polyfill places it at the first)', () => {
    const regexp = /^((a)|b)+(c)?$/;
    const native = execWithIndices(regexp, 'abab')!;
    expect(native[1]).toBe('b');
    expect(native.indices?.[1]).toEqual([3, 4]);
    expect(polyfill.call(regexp, 'abab')?.indices).toMatchObject({ 1: [0, 1] });
  });

  it('moves lastIndex along a global pattern as exec does', () => {
    const regexp = /(\d)/g;
    expect(execWithIndices(regexp, 'a1b2')?.indices?.[1]).toEqual([1, 2]);
    expect(regexp.lastIndex).toBe(2);
    expect(execWithIndices(regexp, 'a1b2')?.indices?.[1]).toEqual([3, 4]);
  });
});

describe('useNativeMatchIndices', () => {
  it('makes cucumber-expressions load the native implementation', () => {
    useNativeMatchIndices();
    const fromExpressions = createRequire(createRequire(require.resolve('@cucumber/cucumber')).resolve('@cucumber/cucumber-expressions'));
    expect(fromExpressions('regexp-match-indices')).toBe(execWithIndices);
  });
});
