/**
 * The remote-state stack (KMS key, bucket, encryption, versioning, public access block, bucket
 * policy) as a team writes it, with switches that break exactly one rule at a time.
 */
import { stableUuid } from '../aws-schemas.js';
import { block, isRef, jsonencodeOf, ref, type Arg, type ModuleCallSpec, type PlannedAction, type ResourceSpec } from '../plan-builder.js';
import { ACCOUNT_ID, REGION } from './common.js';

export type PublicAccessFlag = 'block_public_acls' | 'block_public_policy' | 'ignore_public_acls' | 'restrict_public_buckets';

export interface StateStackOptions {
  readonly bucket?: string;
  /** Resource name of the key and the bucket (`state`, `audit_logs`). */
  readonly name?: string;
  readonly keyDescription?: string;
  /** Module holding the stack; the bucket name then comes in as `var.bucket_name`. */
  readonly module?: string;
  /** Module holding only the bucket policy, fed `var.bucket_id`, `var.bucket_arn`, `var.kms_key_arn`. */
  readonly policyModule?: string;
  /** `no-op` for a bootstrapped stack; `create` for a first apply. */
  readonly action: 'no-op' | 'create';
  /** Per-resource action overrides, by resource type. */
  readonly actions?: Readonly<Record<string, PlannedAction>>;
  readonly sseAlgorithm?: string;
  /** The `kms_master_key_id` argument; a reference to the stack's key unless given. */
  readonly kmsMasterKeyId?: Arg | 'unset';
  /** `bucket_key_enabled` on the rule; `unset` leaves it out. */
  readonly bucketKeyEnabled?: boolean | 'unset';
  readonly denyInsecureTransport?: boolean;
  readonly denyUnencryptedUploads?: boolean;
  /** Key ARN the key-id condition demands; the stack's own key unless given. */
  readonly denyOtherKeys?: boolean | { readonly arn: string };
  /** The key-id condition's traversal when the key is not the stack's own. */
  readonly policyKeyTraversal?: string;
  readonly withPolicy?: boolean;
  /** Adds the statements CloudTrail needs to deliver logs into the bucket. */
  readonly allowCloudTrail?: boolean;
  /** False when the key lives in another stack (the stack then has no key or alias of its own). */
  readonly ownKey?: boolean;
  readonly versioning?: 'Enabled' | 'Suspended';
  readonly publicAccessOff?: readonly PublicAccessFlag[];
  readonly preventDestroy?: { readonly bucket: boolean | 'unset'; readonly key: boolean | 'unset' };
  /** Tags on the bucket, and what they were before (an update). */
  readonly tags?: Readonly<Record<string, string>>;
  readonly priorTags?: Readonly<Record<string, string>>;
}

export interface StateStack {
  readonly resources: ResourceSpec[];
  readonly modules: ModuleCallSpec[];
  /** Addresses, for expectations. */
  readonly address: Readonly<Record<'key' | 'alias' | 'bucket' | 'sse' | 'versioning' | 'publicAccess' | 'policy', string>>;
}

export const STATE_KEY_DESCRIPTION = 'Encrypts the OpenTofu remote state';

/** The ARN an existing stack key has (the backend's `kms_key_id` must name it, not an alias). */
export function existingKeyArn(description: string = STATE_KEY_DESCRIPTION): string {
  return `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${stableUuid(`kms:${description}`)}`;
}

/** Builds the stack; every switch left alone gives the compliant posture. */
export function stateStack(o: StateStackOptions): StateStack {
  const n = o.name ?? 'state';
  const bucketName = o.bucket ?? 'acme-platform-tfstate';
  const mod = o.module ? [o.module] : [];
  const prefix = o.module ? `module.${o.module}.` : '';
  const act = (type: string): PlannedAction => o.actions?.[type] ?? o.action;
  const lifecycle = (which: 'bucket' | 'key') => {
    const v = o.preventDestroy?.[which] ?? true;
    return v === 'unset' ? {} : { lifecycle: { prevent_destroy: v } };
  };

  const key: ResourceSpec = {
    type: 'aws_kms_key',
    name: n,
    module: mod,
    action: act('aws_kms_key'),
    args: { description: o.keyDescription ?? STATE_KEY_DESCRIPTION, deletion_window_in_days: 30, enable_key_rotation: true },
    ...lifecycle('key'),
  };
  const alias: ResourceSpec = {
    type: 'aws_kms_alias',
    name: n,
    module: mod,
    action: act('aws_kms_alias'),
    args: { name: `alias/${bucketName}`, target_key_id: ref(`aws_kms_key.${n}.key_id`) },
  };
  const tags = o.tags ?? { Purpose: 'opentofu-state' };
  const bucket: ResourceSpec = {
    type: 'aws_s3_bucket',
    name: n,
    module: mod,
    action: act('aws_s3_bucket'),
    args: { bucket: o.module ? ref('var.bucket_name') : bucketName, tags },
    ...(o.priorTags ? { prior: { tags: o.priorTags } } : {}),
    ...lifecycle('bucket'),
  };
  const bucketId = ref(`aws_s3_bucket.${n}.id`);
  const kmsArg = o.kmsMasterKeyId ?? ref(`aws_kms_key.${n}.arn`);
  const sseDefault: Record<string, Arg> = { sse_algorithm: o.sseAlgorithm ?? 'aws:kms' };
  if (kmsArg !== 'unset') sseDefault.kms_master_key_id = kmsArg;
  const rule: Record<string, Arg> = { apply_server_side_encryption_by_default: block(sseDefault) };
  const bke = o.bucketKeyEnabled ?? true;
  if (bke !== 'unset') rule.bucket_key_enabled = bke;
  const sse: ResourceSpec = {
    type: 'aws_s3_bucket_server_side_encryption_configuration',
    name: n,
    module: mod,
    action: act('aws_s3_bucket_server_side_encryption_configuration'),
    args: { bucket: bucketId, rule: block(rule) },
  };
  const versioning: ResourceSpec = {
    type: 'aws_s3_bucket_versioning',
    name: n,
    module: mod,
    action: act('aws_s3_bucket_versioning'),
    args: { bucket: bucketId, versioning_configuration: block({ status: o.versioning ?? 'Enabled' }) },
  };
  const off = new Set(o.publicAccessOff ?? []);
  const flags: PublicAccessFlag[] = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  const publicAccess: ResourceSpec = {
    type: 'aws_s3_bucket_public_access_block',
    name: n,
    module: mod,
    action: act('aws_s3_bucket_public_access_block'),
    args: { bucket: bucketId, ...Object.fromEntries(flags.map((f) => [f, !off.has(f)])) },
  };

  // The policy reads the bucket and key either directly or through a separate module's inputs.
  const inPolicyModule = o.policyModule !== undefined;
  const arnT = inPolicyModule ? 'var.bucket_arn' : `aws_s3_bucket.${n}.arn`;
  const keyT = o.policyKeyTraversal ?? (inPolicyModule ? 'var.kms_key_arn' : `aws_kms_key.${n}.arn`);
  const denyOther = o.denyOtherKeys ?? true;
  const traversals = typeof denyOther === 'object' || denyOther === false ? [arnT] : [arnT, keyT];
  const policy: ResourceSpec = {
    type: 'aws_s3_bucket_policy',
    name: n,
    module: inPolicyModule ? [o.policyModule ?? ''] : mod,
    action: act('aws_s3_bucket_policy'),
    args: {
      bucket: inPolicyModule ? ref('var.bucket_id') : bucketId,
      policy: jsonencodeOf(traversals, (get) => {
        const arn = get(arnT) as string;
        const statements: unknown[] = [];
        if (o.allowCloudTrail) {
          statements.push(
            { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn },
            {
              Sid: 'AWSCloudTrailWrite',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `${arn}/AWSLogs/${ACCOUNT_ID}/*`,
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
            },
          );
        }
        if (o.denyInsecureTransport ?? true) {
          statements.push({
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          });
        }
        if (o.denyUnencryptedUploads ?? true) {
          statements.push({
            Sid: 'DenyUploadsWithoutKms',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: `${arn}/*`,
            Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
          });
        }
        if (denyOther !== false) {
          const keyArn = typeof denyOther === 'object' ? denyOther.arn : get(keyT);
          statements.push({
            Sid: 'DenyUploadsWithOtherKeys',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: `${arn}/*`,
            Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
          });
        }
        return { Version: '2012-10-17', Statement: statements };
      }),
    },
  };

  // A refreshed bucket shows the encryption and versioning its sub-resources gave it.
  const ownKeyArn = existingKeyArn(key.args.description as string);
  const mirroredKey = kmsArg === 'unset' ? '' : typeof kmsArg === 'string' ? kmsArg : isRef(kmsArg) && kmsArg.traversal === `aws_kms_key.${n}.arn` ? ownKeyArn : '';
  const bucketState = {
    server_side_encryption_configuration: [
      { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: mirroredKey, sse_algorithm: o.sseAlgorithm ?? 'aws:kms' }], bucket_key_enabled: bke === true }] },
    ],
    versioning: [{ enabled: (o.versioning ?? 'Enabled') === 'Enabled', mfa_delete: false }],
  };
  const refreshedBucket: ResourceSpec = { ...bucket, state: bucketState };

  const resources = [...(o.ownKey === false ? [] : [key, alias]), refreshedBucket, sse, versioning, publicAccess, ...(o.withPolicy === false ? [] : [policy])];
  const modules: ModuleCallSpec[] = [];
  if (o.module) {
    modules.push({
      path: [o.module],
      source: `./modules/${o.module.replace(/_/g, '-')}`,
      inputs: { bucket_name: bucketName },
      variables: { bucket_name: { description: 'Name of the state bucket' } },
      outputs: { bucket_arn: `aws_s3_bucket.${n}.arn`, bucket_id: `aws_s3_bucket.${n}.id`, kms_key_arn: `aws_kms_key.${n}.arn` },
    });
  }
  if (o.policyModule) {
    const from = o.module ? `module.${o.module}` : undefined;
    modules.push({
      path: [o.policyModule],
      source: `./modules/${o.policyModule.replace(/_/g, '-')}`,
      inputs: from
        ? { bucket_arn: ref(`${from}.bucket_arn`), bucket_id: ref(`${from}.bucket_id`), kms_key_arn: ref(`${from}.kms_key_arn`) }
        : { bucket_arn: ref(`aws_s3_bucket.${n}.arn`), bucket_id: ref(`aws_s3_bucket.${n}.id`), kms_key_arn: ref(`aws_kms_key.${n}.arn`) },
      variables: {
        bucket_arn: { description: 'ARN of the state bucket' },
        bucket_id: { description: 'Name of the state bucket' },
        kms_key_arn: { description: 'ARN of the key the state is encrypted with' },
      },
    });
  }

  const policyPrefix = o.policyModule ? `module.${o.policyModule}.` : prefix;
  return {
    resources,
    modules,
    address: {
      key: `${prefix}aws_kms_key.${n}`,
      alias: `${prefix}aws_kms_alias.${n}`,
      bucket: `${prefix}aws_s3_bucket.${n}`,
      sse: `${prefix}aws_s3_bucket_server_side_encryption_configuration.${n}`,
      versioning: `${prefix}aws_s3_bucket_versioning.${n}`,
      publicAccess: `${prefix}aws_s3_bucket_public_access_block.${n}`,
      policy: `${policyPrefix}aws_s3_bucket_policy.${n}`,
    },
  };
}
