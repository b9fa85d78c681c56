import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { checkAttributeReferences, followReferenced, followReferencing } from './references.js';
import { selectByAddress, selectByType } from './select.js';

const SSE = 'aws_s3_bucket_server_side_encryption_configuration';
const KEY_PATH = 'rule[*].apply_server_side_encryption_by_default[*].kms_master_key_id';
const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/0f1e';

const bucket = (address = 'aws_s3_bucket.state', extra: Partial<RawResource> = {}): RawResource => ({
  address,
  values: { bucket: 'acme-tfstate' },
  unknown: { id: true, arn: true },
  expressions: { bucket: { constant_value: 'acme-tfstate' } },
  ...extra,
});
const kmsKey = (extra: Partial<RawResource> = {}): RawResource => ({
  address: 'aws_kms_key.state',
  values: { enable_key_rotation: true },
  unknown: { arn: true, key_id: true, id: true },
  expressions: { enable_key_rotation: { constant_value: true } },
  ...extra,
});
/** An encryption configuration referencing the bucket, with the key id written as `keyExpression`. */
const encryption = (keyExpression: Record<string, unknown>, keyValue: unknown, keyUnknown: boolean, extra: Partial<RawResource> = {}): RawResource => ({
  address: `${SSE}.state`,
  values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', ...(keyValue === undefined ? {} : { kms_master_key_id: keyValue }) }] }] },
  unknown: { bucket: true, rule: [{ apply_server_side_encryption_by_default: [keyUnknown ? { kms_master_key_id: true } : {}] }] },
  expressions: {
    bucket: { references: ['aws_s3_bucket.state.id', 'aws_s3_bucket.state'] },
    rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: 'aws:kms' }, kms_master_key_id: keyExpression }] }],
  },
  ...extra,
});
const refToKey = { references: ['aws_kms_key.state.arn', 'aws_kms_key.state'] };

describe('followReferencing', () => {
  it('reaches the resources of a type that reference each subject through configuration, even while ids are unknown', () => {
    const model = planWith([bucket(), kmsKey(), encryption(refToKey, undefined, true)]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), SSE);
    expect(pivot.verdicts).toEqual([]);
    expect(pivot.reached.map((subject) => subject.address)).toEqual([`${SSE}.state`]);
  });

  it('reaches them through known values when the plan has no configuration', () => {
    const model = planWith([
      { address: 'aws_s3_bucket.state', actions: ['no-op'], values: { bucket: 'acme-tfstate', id: 'acme-tfstate', arn: 'arn:aws:s3:::acme-tfstate' } },
      { address: `${SSE}.state`, actions: ['no-op'], values: { bucket: 'acme-tfstate', rule: [] } },
    ]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), SSE);
    expect(pivot.verdicts).toEqual([]);
    expect(pivot.reached.map((subject) => subject.address)).toEqual([`${SSE}.state`]);
    expect(model.referencesTo('aws_s3_bucket.state')[0]?.via).toBe('value');
  });

  it('fails a subject that nothing of the type references, naming it first', () => {
    const model = planWith([bucket(), bucket('aws_s3_bucket.other'), encryption(refToKey, undefined, true)]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), SSE);
    expect(pivot.reached.map((subject) => subject.address)).toEqual([`${SSE}.state`]);
    expect(pivot.verdicts).toHaveLength(1);
    expect(pivot.verdicts[0]).toMatchObject({
      status: 'failed',
      message: `aws_s3_bucket.other: no ${SSE} references it; expected one`,
      expected: `a ${SSE}`,
      actual: 'none',
    });
  });

  it('does not count a referencing resource that is planned for deletion', () => {
    const model = planWith([bucket(), { ...encryption(refToKey, undefined, false), actions: ['delete'] }]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), SSE);
    expect(pivot.reached).toEqual([]);
    expect(pivot.verdicts.map((v) => v.status)).toEqual(['failed']);
  });

  it('reaches a shared resource once when several subjects lead to it', () => {
    const policy: RawResource = {
      address: 'aws_s3_bucket_policy.both',
      values: {},
      unknown: { bucket: true, policy: true },
      expressions: { bucket: { references: ['aws_s3_bucket.state.id', 'aws_s3_bucket.state'] }, policy: { references: ['aws_s3_bucket.other.arn', 'aws_s3_bucket.other'] } },
    };
    const model = planWith([bucket(), bucket('aws_s3_bucket.other'), policy]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), 'aws_s3_bucket_policy');
    expect(pivot.verdicts).toEqual([]);
    expect(pivot.reached.map((subject) => subject.address)).toEqual(['aws_s3_bucket_policy.both']);
  });
});

describe('followReferencing with instance keys', () => {
  const LOGGING = 'aws_s3_bucket_logging';
  const buckets = [bucket('aws_s3_bucket.this["a"]'), bucket('aws_s3_bucket.this["b"]')];
  /** A logging configuration for bucket "a" only, its `bucket` written with `references`. */
  const logging = (references: string[]): RawResource => ({
    address: `${LOGGING}.this["a"]`,
    values: { target_prefix: 'log/' },
    unknown: { bucket: true },
    expressions: { bucket: { references } },
  });

  it('reaches only the instance each.key names: bucket "b" has no logging', () => {
    const model = planWith([...buckets, logging(['aws_s3_bucket.this', 'each.key'])]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), LOGGING);
    expect(pivot.reached.map((subject) => subject.address)).toEqual([`${LOGGING}.this["a"]`]);
    expect(pivot.verdicts.map((v) => [v.subject.address, v.status])).toEqual([['aws_s3_bucket.this["b"]', 'failed']]);
  });

  it('is indeterminate, never passed, when the plan does not show which key the configuration uses', () => {
    const model = planWith([...buckets, logging(['aws_s3_bucket.this', 'local.names', 'each.key'])]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), LOGGING);
    expect(pivot.reached).toEqual([]);
    expect(pivot.verdicts.map((v) => [v.subject.address, v.status])).toEqual([
      ['aws_s3_bucket.this["a"]', 'indeterminate'],
      ['aws_s3_bucket.this["b"]', 'indeterminate'],
    ]);
    expect(pivot.verdicts[0]!.message).toBe(
      `aws_s3_bucket.this["a"]: cannot tell whether any ${LOGGING} references it: ${LOGGING}.this["a"] may, but the plan does not show which instance key the configuration uses`,
    );
  });
});

describe('followReferencing with an uncertain key and known values', () => {
  const LOGGING = 'aws_s3_bucket_logging';
  const existingBucket = (key: string): RawResource => ({
    address: `aws_s3_bucket.this["${key}"]`,
    actions: ['no-op'],
    values: { bucket: `acme-${key}`, id: `acme-${key}`, arn: `arn:aws:s3:::acme-${key}` },
    expressions: { bucket: { constant_value: `acme-${key}` } },
  });

  it('lets the known value say which instance the configuration meant', () => {
    const model = planWith([
      existingBucket('a'),
      existingBucket('b'),
      {
        address: `${LOGGING}.this["first"]`,
        actions: ['no-op'],
        values: { bucket: 'acme-a', target_prefix: 'log/' },
        expressions: { bucket: { references: ['aws_s3_bucket.this', 'local.names', 'each.key'] } },
      },
    ]);
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), LOGGING, 'bucket');
    expect(pivot.reached.map((subject) => subject.address)).toEqual([`${LOGGING}.this["first"]`]);
    expect(pivot.verdicts.map((v) => [v.subject.address, v.status])).toEqual([['aws_s3_bucket.this["b"]', 'failed']]);
  });
});

describe('followReferencing by attribute', () => {
  const LOGGING = 'aws_s3_bucket_logging';
  const plan = () =>
    planWith([
      bucket('aws_s3_bucket.app'),
      bucket('aws_s3_bucket.logs'),
      {
        address: `${LOGGING}.app`,
        values: { target_prefix: 'log/' },
        unknown: { bucket: true, target_bucket: true },
        expressions: {
          bucket: { references: ['aws_s3_bucket.app.id', 'aws_s3_bucket.app'] },
          target_bucket: { references: ['aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'] },
        },
      },
    ]);

  it('does not count a bucket that is only the logging target as logged', () => {
    const model = plan();
    const pivot = followReferencing(model, selectByType(model, 'aws_s3_bucket'), LOGGING, 'bucket');
    expect(pivot.reached.map((subject) => subject.address)).toEqual([`${LOGGING}.app`]);
    expect(pivot.verdicts.map((v) => v.message)).toEqual([`aws_s3_bucket.logs: no ${LOGGING} whose bucket references it; expected one`]);
  });

  it('counts any attribute without one, and nested attributes under the one named', () => {
    const model = plan();
    expect(followReferencing(model, selectByType(model, 'aws_s3_bucket'), LOGGING).verdicts).toEqual([]);
    const sse = planWith([bucket(), kmsKey(), encryption(refToKey, undefined, true)]);
    const pivot = followReferenced(sse, selectByType(sse, 'aws_kms_key'), SSE);
    expect(pivot.verdicts.map((v) => v.status)).toEqual(['failed']);
    expect(followReferencing(sse, selectByType(sse, 'aws_kms_key'), SSE, 'rule[*].apply_server_side_encryption_by_default').reached).toHaveLength(1);
    expect(followReferencing(sse, selectByType(sse, 'aws_kms_key'), SSE, 'bucket').reached).toEqual([]);
  });
});

describe('followReferenced', () => {
  it('reaches the resources of a type each subject references', () => {
    const model = planWith([bucket(), kmsKey(), encryption(refToKey, undefined, true)]);
    const pivot = followReferenced(model, selectByType(model, SSE), 'aws_kms_key');
    expect(pivot.verdicts).toEqual([]);
    expect(pivot.reached.map((subject) => subject.address)).toEqual(['aws_kms_key.state']);
  });

  it('fails the subject when the pivot finds nothing of the type', () => {
    const model = planWith([bucket(), encryption({ constant_value: 'alias/aws/s3' }, 'alias/aws/s3', false)]);
    const pivot = followReferenced(model, selectByType(model, SSE), 'aws_kms_key');
    expect(pivot.reached).toEqual([]);
    expect(pivot.verdicts[0]).toMatchObject({ status: 'failed', message: `${SSE}.state: no aws_kms_key is referenced by it; expected one` });
  });
});

describe('checkAttributeReferences', () => {
  const cases: Array<[string, RawResource[], 'passed' | 'failed' | 'indeterminate', string]> = [
    [
      'a configuration reference holds while the value is unknown',
      [bucket(), kmsKey(), encryption(refToKey, undefined, true)],
      'passed',
      'rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id references aws_kms_key.state',
    ],
    [
      'a known value equal to the key ARN is a value reference',
      [
        bucket(),
        { address: 'aws_kms_key.state', actions: ['no-op'], values: { arn: KEY_ARN, id: '0f1e' } },
        encryption({ constant_value: KEY_ARN }, KEY_ARN, false),
      ],
      'passed',
      'references aws_kms_key.state',
    ],
    [
      'an unknown value whose configuration names no key is indeterminate',
      [bucket(), kmsKey(), encryption({ references: ['data.aws_kms_alias.state.target_key_arn', 'data.aws_kms_alias.state'] }, undefined, true)],
      'indeterminate',
      'is known only after apply and its configuration names no aws_kms_key',
    ],
    [
      'a known value that is no key in this plan fails',
      [bucket(), kmsKey(), encryption({ constant_value: 'alias/aws/s3' }, 'alias/aws/s3', false)],
      'failed',
      'is "alias/aws/s3", which is no aws_kms_key in this plan; expected a reference to an aws_kms_key',
    ],
    [
      'an absent key id fails',
      [bucket(), kmsKey(), { ...encryption({}, undefined, false), values: { rule: [] } }],
      'failed',
      'kms_master_key_id is not set; expected a reference to an aws_kms_key',
    ],
    [
      'a null key id fails',
      [bucket(), kmsKey(), encryption({}, null, false)],
      'failed',
      'kms_master_key_id is not set; expected a reference to an aws_kms_key',
    ],
    [
      'a path that reaches nothing fails',
      [bucket(), kmsKey(), { ...encryption({}, undefined, false), values: { rule: [] }, unknown: {} }],
      'failed',
      'is absent; expected a reference to an aws_kms_key',
    ],
    [
      'a reference to another type does not count',
      [bucket(), kmsKey(), encryption({ references: ['aws_s3_bucket.state.arn', 'aws_s3_bucket.state'] }, undefined, true)],
      'indeterminate',
      'names no aws_kms_key',
    ],
  ];
  it.each(cases)('%s', (_name, resources, status, message) => {
    const model = planWith(resources);
    const [subject] = selectByAddress(model, `${SSE}.state`);
    const result = checkAttributeReferences(model, subject!, KEY_PATH, 'aws_kms_key');
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
    expect(result.message.startsWith(`${SSE}.state: `)).toBe(true);
  });
});
