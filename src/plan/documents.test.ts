import { describe, expect, it } from 'vitest';
import { isInvalidJsonDocument, readDocument } from './documents.js';
import { instanceWith } from '../../test/plan/plans.js';

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*' }] };
const resource = instanceWith({
  values: {
    policy: JSON.stringify(policy),
    broken: '{"Version": ',
    already: { a: 1 },
    nothing: null,
    statements: [JSON.stringify({ Sid: 'one' })],
  },
  unknown: { later: true },
});

describe('readDocument', () => {
  it.each([
    ['policy', { state: 'known', value: policy }],
    ['already', { state: 'known', value: { a: 1 } }],
    ['statements[0]', { state: 'known', value: { Sid: 'one' } }],
    ['later', { state: 'unknown' }],
    ['nothing', { state: 'absent' }],
    ['missing', { state: 'absent' }],
  ])('%s', (path, expected) => {
    expect(readDocument(resource, path)).toEqual(expected);
  });

  it('returns a marked value for text that is not JSON, keeping the text', () => {
    const result = readDocument(resource, 'broken');
    expect(result.state).toBe('known');
    const value = (result as { value: unknown }).value;
    expect(isInvalidJsonDocument(value)).toBe(true);
    expect(value).toMatchObject({ invalidJson: true, text: '{"Version": ' });
    expect(isInvalidJsonDocument(policy)).toBe(false);
  });

  it('parses once per resource and path', () => {
    const first = readDocument(resource, 'policy');
    expect(readDocument(resource, 'policy')).toBe(first);
    const other = instanceWith({ values: { policy: JSON.stringify(policy) } });
    expect(readDocument(other, 'policy')).not.toBe(first);
    expect(readDocument(other, 'policy')).toEqual(first);
  });
});
