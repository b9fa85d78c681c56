import { describe, expect, it } from 'vitest';
import { queryJson, queryJsonPath } from './jsonpath.js';
import { GuardrailsError } from '../errors.js';
import { instanceWith } from '../../test/plan/plans.js';

const resource = instanceWith({
  values: {
    bucket: 'state',
    rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }],
    statements: [
      { Effect: 'Deny', Sid: 'TLS' },
      { Effect: 'Allow', Sid: 'Read' },
    ],
  },
});

describe('queryJsonPath', () => {
  it.each([
    ['$.bucket', ['state']],
    ['$.rule[*].apply_server_side_encryption_by_default[*].sse_algorithm', ['aws:kms']],
    ['$..sse_algorithm', ['aws:kms']],
    ["$.statements[?(@.Effect === 'Deny')].Sid", ['TLS']],
    ['$.missing', []],
  ])('%s', (expression, expected) => {
    expect(queryJsonPath(resource, expression)).toEqual(expected);
  });

  it.each([
    "$..[?(@.constructor.constructor('globalThis.__jsonpathPwned = true; return process')())]",
    "$.statements[?(@.Sid.constructor.constructor('globalThis.__jsonpathPwned = true')())]",
    "$[?(this.__jsonpathPwned = true)]",
    "$..[?(require('child_process'))]",
  ])('never runs code from a filter: %s', (expression) => {
    const global = globalThis as { __jsonpathPwned?: boolean };
    delete global.__jsonpathPwned;
    let outcome: unknown;
    try {
      outcome = queryJsonPath(resource, expression);
    } catch (error) {
      outcome = error;
    }
    expect(global.__jsonpathPwned).toBeUndefined();
    // Either refused as a usage error or evaluated to nothing harmful.
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(GuardrailsError);
    else expect(outcome).toEqual([]);
  });

  it('refuses an empty expression', () => {
    expect(() => queryJson({}, '  ')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
