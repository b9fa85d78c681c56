import { describe, expect, it } from 'vitest';
import { formatAttributePath, isSensitive, parseAttributePath, readPath, readValue } from './values.js';
import { GuardrailsError } from '../errors.js';
import { instanceWith } from '../../test/plan/plans.js';

const bucket = instanceWith({
  values: {
    bucket: 'state',
    acl: null,
    tags: { Name: 'state', 'team:owner': 'platform' },
    rule: [
      { apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: null }], bucket_key_enabled: true },
      { apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256', kms_master_key_id: null }], bucket_key_enabled: false },
    ],
    grants: [],
    password: 's3cr3t',
    lifecycle_rule: null,
  },
  unknown: {
    id: true,
    rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }, {}],
    cors_rule: true,
    website: [true],
  },
  sensitive: { password: true, tags: { 'team:owner': true } },
});

describe('parseAttributePath', () => {
  it.each([
    ['bucket', [{ kind: 'name', name: 'bucket' }]],
    ['rule[0].x', [{ kind: 'name', name: 'rule' }, { kind: 'index', index: 0 }, { kind: 'name', name: 'x' }]],
    ['tags["Name"]', [{ kind: 'name', name: 'tags' }, { kind: 'key', key: 'Name' }]],
    ['tags["a.b[\\"c\\"]"]', [{ kind: 'name', name: 'tags' }, { kind: 'key', key: 'a.b["c"]' }]],
    ['rule[*].x', [{ kind: 'name', name: 'rule' }, { kind: 'wildcard' }, { kind: 'name', name: 'x' }]],
  ])('parses %s', (path, segments) => {
    expect(parseAttributePath(path)).toEqual(segments);
    expect(formatAttributePath(parseAttributePath(path))).toBe(path);
  });

  it.each(['', 'a.', '.a', 'a..b', '[0]', 'a[', 'a[x]', 'a["x]', 'a b', 'a[0]b'])('rejects %j with USAGE', (path) => {
    expect(() => parseAttributePath(path)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('readValue', () => {
  it.each([
    ['bucket', { state: 'known', value: 'state' }],
    ['rule[0].apply_server_side_encryption_by_default[0].sse_algorithm', { state: 'known', value: 'aws:kms' }],
    ['rule[1].bucket_key_enabled', { state: 'known', value: false }],
    ['tags["Name"]', { state: 'known', value: 'state' }],
    ['tags.Name', { state: 'known', value: 'state' }],
    ['tags["team:owner"]', { state: 'known', value: 'platform' }],
    ['grants', { state: 'known', value: [] }],
    // Unknown at a leaf, and at a prefix (the whole block is unknown).
    ['id', { state: 'unknown' }],
    ['rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id', { state: 'unknown' }],
    ['cors_rule[0].allowed_methods', { state: 'unknown' }],
    ['website[0].index_document', { state: 'unknown' }],
    // null is absent (unset optional attribute), as are missing paths and type mismatches.
    ['acl', { state: 'absent' }],
    ['rule[1].apply_server_side_encryption_by_default[0].kms_master_key_id', { state: 'absent' }],
    ['versioning', { state: 'absent' }],
    ['rule[5].bucket_key_enabled', { state: 'absent' }],
    ['bucket[0]', { state: 'absent' }],
    ['rule.x', { state: 'absent' }],
    ['tags.constructor', { state: 'absent' }],
  ])('%s', (path, expected) => {
    expect(readValue(bucket, path)).toEqual(expected);
  });

  it('refuses wildcards with a hint', () => {
    expect(() => readValue(bucket, 'rule[*].bucket_key_enabled')).toThrow(GuardrailsError);
  });
});

describe('readPath', () => {
  it('expands a wildcard into concrete paths, one per item', () => {
    expect(readPath(bucket, 'rule[*].apply_server_side_encryption_by_default[*].sse_algorithm')).toEqual([
      { path: 'rule[0].apply_server_side_encryption_by_default[0].sse_algorithm', value: { state: 'known', value: 'aws:kms' }, sensitive: false },
      { path: 'rule[1].apply_server_side_encryption_by_default[0].sse_algorithm', value: { state: 'known', value: 'AES256' }, sensitive: false },
    ]);
  });

  it('keeps unknown items unknown inside a wildcard', () => {
    expect(readPath(bucket, 'rule[*].apply_server_side_encryption_by_default[0].kms_master_key_id').map((entry) => entry.value.state)).toEqual([
      'unknown',
      'absent',
    ]);
  });

  it.each([
    ['cors_rule[*].allowed_methods', [{ path: 'cors_rule[*].allowed_methods', value: { state: 'unknown' }, sensitive: false }]],
    ['lifecycle_rule[*].enabled', [{ path: 'lifecycle_rule[*].enabled', value: { state: 'absent' }, sensitive: false }]],
    ['logging[*].target_bucket', [{ path: 'logging[*].target_bucket', value: { state: 'absent' }, sensitive: false }]],
    ['grants[*].id', []],
    ['website[*].index_document', [{ path: 'website[0].index_document', value: { state: 'unknown' }, sensitive: false }]],
  ])('%s', (path, expected) => {
    expect(readPath(bucket, path)).toEqual(expected);
  });

  it('expands a wildcard over a map with quoted keys and sensitive flags', () => {
    expect(readPath(bucket, 'tags[*]')).toEqual([
      { path: 'tags["Name"]', value: { state: 'known', value: 'state' }, sensitive: false },
      { path: 'tags["team:owner"]', value: { state: 'known', value: 'platform' }, sensitive: true },
    ]);
  });

  it.each([
    ['password', true],
    ['bucket', false],
    ['tags["team:owner"]', true],
    ['tags["Name"]', false],
  ])('sensitive flag of %s is %s', (path, sensitive) => {
    expect(readPath(bucket, path)[0]?.sensitive).toBe(sensitive);
    expect(isSensitive(bucket, path)).toBe(sensitive);
  });

  it('marks everything under a wholly sensitive value', () => {
    const secret = instanceWith({ values: { config: { a: { b: 1 } } }, sensitive: { config: true } });
    expect(readPath(secret, 'config.a.b')).toEqual([{ path: 'config.a.b', value: { state: 'known', value: 1 }, sensitive: true }]);
  });
});
