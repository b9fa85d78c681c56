import { describe, expect, it } from 'vitest';
import { parameterTypes } from '../../steps/catalog.js';
import { GuardrailsError } from '../../src/errors.js';
import type { TextPattern } from '../../src/patterns/regex.js';

function type(name: string) {
  const spec = parameterTypes.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`no parameter type ${name}`);
  return spec;
}

/** Captures of the parameter type's regexp on the text, as cucumber hands them to the transformer. */
function transform(name: string, text: string): unknown {
  const spec = type(name);
  const match = new RegExp(`^${spec.regexp.source}$`).exec(text);
  if (!match) throw new Error(`${name} does not match ${text}`);
  return spec.transformer(...(match.length > 1 ? match.slice(1) : [match[0]]).map((capture) => capture ?? ''));
}

describe('parameter types', () => {
  const regexes: Array<[string, string, string]> = [
    ['/tfstate/', 'tfstate', ''],
    ['/(tfstate|tofu-state)/i', '(tfstate|tofu-state)', 'i'],
    ['/^a.b$/msu', '^a.b$', 'msu'],
  ];
  it.each(regexes)('regex %s', (text, source, flags) => {
    const pattern = transform('regex', text) as TextPattern;
    expect(pattern.source).toBe(source);
    expect(pattern.flags).toBe(flags);
  });

  const badRegexes: Array<[string, RegExp]> = [
    ['/tfstate/g', /flags "g" are not allowed/],
    ['/tfstate/y', /flags "y" are not allowed/],
    ['/(tfstate/', /is not a regular expression this tool can run/],
    ['/^(?!tfstate)/', /lookahead, lookbehind and backreferences are not supported/],
    ['/(a)\\1/', /lookahead, lookbehind and backreferences are not supported/],
    [`/${'a'.repeat(1001)}/`, /at most 1000 are allowed/],
  ];
  it('a pattern that backtracks exponentially in JavaScript runs in linear time', () => {
    // With a RegExp this test would not finish: /^(a+)+$/ against "aaa…ab" backtracks 2^n ways.
    const pattern = transform('regex', '/^(a+)+$/') as TextPattern;
    expect(pattern.test(`${'a'.repeat(100_000)}b`)).toBe(false);
    expect(pattern.test('aaaa')).toBe(true);
    expect(String(pattern)).toBe('/^(a+)+$/');
  });

  it.each(badRegexes)('regex %s is a feature mistake', (text, message) => {
    expect(() => transform('regex', text)).toThrow(GuardrailsError);
    expect(() => transform('regex', text)).toThrow(message);
  });

  const changes: Array<[string, string[]]> = [
    ['"delete"', ['delete']],
    ['"delete" or "replace"', ['delete', 'replace']],
    ['"create", "update" and "no-op"', ['create', 'update', 'no-op']],
  ];
  it.each(changes)('changes %s', (text, kinds) => {
    expect(transform('changes', text)).toEqual(kinds);
  });

  it('an unknown planned action is refused with the list of known ones', () => {
    expect(() => transform('changes', '"destroy"')).toThrow(/unknown planned action destroy: expected one of create, update, replace, delete, read, no-op, forget/);
  });

  const values: Array<[string, string[]]> = [
    ['"profile"', ['profile']],
    ['"profile", "access_key", "secret_key"', ['profile', 'access_key', 'secret_key']],
    ['"iam:*" and "sts:*"', ['iam:*', 'sts:*']],
    ['""', ['']],
  ];
  it.each(values)('values %s', (text, items) => {
    expect(transform('values', text)).toEqual(items);
  });

  it('type and principal accept only what they name', () => {
    expect(type('type').regexp.test('"aws_s3_bucket"')).toBe(true);
    expect(new RegExp(`^${type('type').regexp.source}$`).test('"AWS S3 bucket"')).toBe(false);
    expect(new RegExp(`^${type('principal').regexp.source}$`).test('"Federated"')).toBe(true);
    expect(new RegExp(`^${type('principal').regexp.source}$`).test('"federated"')).toBe(false);
  });
});
