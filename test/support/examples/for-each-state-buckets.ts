/**
 * State buckets made with `for_each` (one per key) and their companions, each companion indexing
 * the bucket with `aws_s3_bucket.state[each.key]` or, for versioning, with a key the plan cannot show.
 */
import { block, jsonencodeOf, ref, type Arg, type PlannedAction, type ResourceSpec } from '../plan-builder.js';

export interface ForEachStateBucketsOptions {
  /** Bucket key → bucket name. */
  readonly buckets: Readonly<Record<string, string>>;
  readonly action: Extract<PlannedAction, 'create' | 'no-op'>;
  /** Keys that get a versioning configuration. */
  readonly versioned: readonly string[];
  /**
   * `each.key`: `bucket = aws_s3_bucket.state[each.key].id`. `variable`: versioning iterates over
   * `var.versioned_buckets` and writes `aws_s3_bucket.state[each.value].id`, a key the plan cannot show.
   */
  readonly versioningIndex: 'each.key' | 'variable';
}

/** The key, the buckets and every companion per bucket key; versioning only for `versioned`. */
export function forEachStateBuckets(o: ForEachStateBucketsOptions): ResourceSpec[] {
  const keys = Object.keys(o.buckets);
  const perBucket = (type: string, forKeys: readonly string[], args: Record<string, Arg>, forEach: Arg): ResourceSpec[] =>
    forKeys.map((key) => ({ type, name: 'state', key, forEach, action: o.action, args }));
  const allBuckets = o.buckets as Record<string, Arg>;
  const bucketId = ref('aws_s3_bucket.state[each.key].id');
  const arn = 'aws_s3_bucket.state[each.key].arn';
  const keyArn = 'aws_kms_key.state.arn';
  const key: ResourceSpec = {
    type: 'aws_kms_key',
    name: 'state',
    action: o.action,
    args: { description: 'Encrypts the OpenTofu remote state', deletion_window_in_days: 30, enable_key_rotation: true },
  };
  const versionedMap = Object.fromEntries(o.versioned.map((k) => [k, k]));
  const versioning =
    o.versioningIndex === 'each.key'
      ? perBucket('aws_s3_bucket_versioning', o.versioned, { bucket: bucketId, versioning_configuration: block({ status: 'Enabled' }) }, versionedMap)
      : perBucket(
          'aws_s3_bucket_versioning',
          o.versioned,
          { bucket: ref('aws_s3_bucket.state[each.value].id'), versioning_configuration: block({ status: 'Enabled' }) },
          ref('var.versioned_buckets'),
        );
  return [
    key,
    ...perBucket('aws_s3_bucket', keys, { bucket: ref('each.value'), tags: { Purpose: 'opentofu-state' } }, allBuckets),
    ...perBucket(
      'aws_s3_bucket_server_side_encryption_configuration',
      keys,
      {
        bucket: bucketId,
        rule: block({ apply_server_side_encryption_by_default: block({ sse_algorithm: 'aws:kms', kms_master_key_id: ref(keyArn) }), bucket_key_enabled: true }),
      },
      allBuckets,
    ),
    ...versioning,
    ...perBucket(
      'aws_s3_bucket_public_access_block',
      keys,
      { bucket: bucketId, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      allBuckets,
    ),
    ...perBucket(
      'aws_s3_bucket_policy',
      keys,
      {
        bucket: bucketId,
        policy: jsonencodeOf([arn, keyArn], (get) => {
          const bucketArn = get(arn) as string;
          const deny = (sid: string, action: string, resource: unknown, condition: unknown) => ({ Sid: sid, Effect: 'Deny', Principal: '*', Action: action, Resource: resource, Condition: condition });
          return {
            Version: '2012-10-17',
            Statement: [
              deny('DenyInsecureTransport', 's3:*', [bucketArn, `${bucketArn}/*`], { Bool: { 'aws:SecureTransport': 'false' } }),
              deny('DenyUploadsWithoutKms', 's3:PutObject', `${bucketArn}/*`, { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }),
              deny('DenyUploadsWithOtherKeys', 's3:PutObject', `${bucketArn}/*`, { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': get(keyArn) } }),
            ],
          };
        }),
      },
      allBuckets,
    ),
  ];
}
