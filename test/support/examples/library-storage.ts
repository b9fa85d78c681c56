/** Examples for the starter library's storage guardrails: S3 buckets, EBS volumes, RDS, DynamoDB. */
import { OPENTOFU_1_10, TERRAFORM_1_4, block, ref, type Arg, type PlannedAction, type ResourceSpec } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { DATA_KEY, deferredParameter, libraryCases, parameterFlag, parameterValue, unrelatedWorkload } from './library-common.js';

interface BucketOptions {
  readonly action?: Extract<PlannedAction, 'create' | 'no-op'>;
  /** Default encryption algorithm; null leaves the configuration out. */
  readonly sse?: Arg | null;
  /** The four public access block settings; null leaves the block out. */
  readonly publicAccess?: Readonly<Record<'block_public_acls' | 'block_public_policy' | 'ignore_public_acls' | 'restrict_public_buckets', Arg>> | null;
  /** Versioning status; null leaves the configuration out. */
  readonly versioning?: Arg | null;
}

const ALL_BLOCKED = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } as const;

/** An application bucket `aws_s3_bucket.<name>` with its companions as the options say (all compliant by default). */
function bucket(name: string, bucketName: string, options: BucketOptions = {}): ResourceSpec[] {
  const action = options.action ?? 'create';
  const sse = options.sse === undefined ? 'aws:kms' : options.sse;
  const publicAccess = options.publicAccess === undefined ? ALL_BLOCKED : options.publicAccess;
  const versioning = options.versioning === undefined ? 'Enabled' : options.versioning;
  const id = ref(`aws_s3_bucket.${name}.id`);
  const out: ResourceSpec[] = [{ type: 'aws_s3_bucket', name, action, args: { bucket: bucketName, tags: { Service: 'orders' } } }];
  if (sse !== null) {
    const kms: Record<string, Arg> = sse === 'aws:kms' ? { kms_master_key_id: ref('aws_kms_key.data.arn') } : {};
    out.push({
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name,
      action,
      args: { bucket: id, rule: block({ apply_server_side_encryption_by_default: block({ sse_algorithm: sse, ...kms }), bucket_key_enabled: true }) },
    });
  }
  if (publicAccess !== null) out.push({ type: 'aws_s3_bucket_public_access_block', name, action, args: { bucket: id, ...publicAccess } });
  if (versioning !== null) out.push({ type: 'aws_s3_bucket_versioning', name, action, args: { bucket: id, versioning_configuration: block({ status: versioning }) } });
  return out;
}

/** Buckets encrypted with the data key need it in the plan (new, or existing when the buckets exist). */
const dataKey = (action: Extract<PlannedAction, 'create' | 'no-op'> = 'create'): ResourceSpec => ({ ...DATA_KEY, action });

const exports = bucket('exports', 'acme-orders-exports');
const existingExports = bucket('exports', 'acme-orders-exports', { action: 'no-op', sse: 'AES256' });
const uploads = (options: BucketOptions): ResourceSpec[] => bucket('uploads', 'acme-orders-uploads', options);

export const s3BucketEncryptedCases = libraryCases('s3-bucket-encrypted', [
  {
    name: 'compliant-kms-and-sse-s3',
    description: 'A new bucket encrypted with SSE-KMS under a new key, next to an existing one encrypted with SSE-S3 (AES256).',
    status: 'passed',
    plan: planOf([dataKey(), ...exports, ...uploads({ action: 'no-op', sse: 'AES256' })]),
  },
  {
    name: 'violating-no-encryption-configuration',
    description: 'The uploads bucket has public access block and versioning but no aws_s3_bucket_server_side_encryption_configuration.',
    status: 'failed',
    findings: ['aws_s3_bucket.uploads'],
    plan: planOf([dataKey(), ...exports, ...uploads({ sse: null })]),
  },
  {
    name: 'indeterminate-algorithm-from-deferred-parameter',
    description: 'The uploads bucket takes its sse_algorithm from an SSM parameter read only at apply, so the algorithm is unknown.',
    status: 'indeterminate',
    findings: ['aws_s3_bucket_server_side_encryption_configuration.uploads'],
    plan: planOf([dataKey(), ...uploads({ sse: parameterValue('sse_algorithm') }), deferredParameter('sse_algorithm', '/platform/s3/sse-algorithm')]),
  },
  {
    name: 'not-applicable-no-bucket',
    description: 'A workload with a queue and a role but no S3 bucket.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const s3BucketPublicAccessBlockedCases = libraryCases('s3-bucket-public-access-blocked', [
  {
    name: 'compliant-all-four-blocked',
    description: 'A new bucket and an existing one, each with a public access block setting all four flags.',
    status: 'passed',
    plan: planOf([dataKey('no-op'), ...existingExports, ...uploads({ action: 'no-op' })], { tool: OPENTOFU_1_10 }),
  },
  {
    name: 'violating-public-policy-allowed',
    description: 'The uploads bucket blocks public ACLs but leaves block_public_policy and restrict_public_buckets false, so a public bucket policy would take effect.',
    status: 'failed',
    findings: ['aws_s3_bucket_public_access_block.uploads'],
    plan: planOf([dataKey(), ...uploads({ publicAccess: { ...ALL_BLOCKED, block_public_policy: false, restrict_public_buckets: false } })]),
  },
  {
    name: 'violating-no-public-access-block',
    description: 'The uploads bucket has no aws_s3_bucket_public_access_block of its own.',
    status: 'failed',
    findings: ['aws_s3_bucket.uploads'],
    plan: planOf([dataKey(), ...exports, ...uploads({ publicAccess: null })], { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'indeterminate-flag-from-deferred-parameter',
    description: 'block_public_policy is tobool() of an SSM parameter read only at apply, so whether public policies are blocked is unknown.',
    status: 'indeterminate',
    findings: ['aws_s3_bucket_public_access_block.uploads'],
    plan: planOf([
      dataKey(),
      ...uploads({ publicAccess: { ...ALL_BLOCKED, block_public_policy: parameterFlag('public_policy') } }),
      deferredParameter('public_policy', '/platform/s3/block-public-policy'),
    ]),
  },
  {
    name: 'not-applicable-no-bucket',
    description: 'A workload with a queue and a role but no S3 bucket.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const s3BucketVersionedCases = libraryCases('s3-bucket-versioned', [
  {
    name: 'compliant-versioning-enabled',
    description: 'Two new buckets, each with versioning_configuration status Enabled.',
    status: 'passed',
    plan: planOf([dataKey(), ...exports, ...uploads({})]),
  },
  {
    name: 'violating-versioning-suspended',
    description: 'The existing uploads bucket has its versioning suspended by this plan.',
    status: 'failed',
    findings: ['aws_s3_bucket_versioning.uploads'],
    plan: planOf([
      dataKey('no-op'),
      ...uploads({ action: 'no-op' }).map((r) =>
        r.type === 'aws_s3_bucket_versioning' ? { ...r, action: 'update' as const, args: { ...r.args, versioning_configuration: block({ status: 'Suspended' }) }, prior: { versioning_configuration: [{ status: 'Enabled', mfa_delete: 'Disabled' }] } } : r,
      ),
    ]),
  },
  {
    name: 'violating-no-versioning',
    description: 'The assets bucket has no aws_s3_bucket_versioning at all.',
    status: 'failed',
    findings: ['aws_s3_bucket.assets'],
    plan: planOf([dataKey(), ...exports, ...assetsBucket()]),
  },
  {
    name: 'indeterminate-status-from-deferred-parameter',
    description: 'The versioning status comes from an SSM parameter read only at apply.',
    status: 'indeterminate',
    findings: ['aws_s3_bucket_versioning.uploads'],
    plan: planOf([dataKey(), ...uploads({ versioning: parameterValue('versioning') }), deferredParameter('versioning', '/platform/s3/versioning')]),
  },
  {
    name: 'not-applicable-no-bucket',
    description: 'A workload with a queue and a role but no S3 bucket.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** An EBS volume for the orders database host; `encrypted` as given (undefined leaves it out). */
function volume(name: string, encrypted: Arg | undefined, extra: Record<string, Arg> = {}): ResourceSpec {
  return {
    type: 'aws_ebs_volume',
    name,
    action: 'create',
    args: { availability_zone: 'eu-central-1a', size: 100, type: 'gp3', ...(encrypted === undefined ? {} : { encrypted }), tags: { Name: `orders-${name}` }, ...extra },
  };
}

export const ebsVolumeEncryptedCases = libraryCases('ebs-volume-encrypted', [
  {
    name: 'compliant-encrypted-with-key',
    description: 'Two new volumes, both encrypted = true, one with the data key.',
    status: 'passed',
    plan: planOf([dataKey(), volume('data', true, { kms_key_id: ref('aws_kms_key.data.arn') }), volume('scratch', true)]),
  },
  {
    name: 'violating-encryption-off',
    description: 'The scratch volume sets encrypted = false.',
    status: 'failed',
    findings: ['aws_ebs_volume.scratch'],
    plan: planOf([dataKey(), volume('data', true, { kms_key_id: ref('aws_kms_key.data.arn') }), volume('scratch', false)]),
  },
  {
    name: 'indeterminate-left-to-account-default',
    description: 'The scratch volume does not set encrypted: it is encrypted only if EBS encryption by default is on, which the plan shows only after apply.',
    status: 'indeterminate',
    findings: ['aws_ebs_volume.scratch'],
    plan: planOf([volume('scratch', undefined)]),
  },
  {
    name: 'not-applicable-no-volume',
    description: 'A workload with a queue and a role but no EBS volume.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** A PostgreSQL instance; `args` override. */
function dbInstance(name: string, args: Record<string, Arg>, action: Extract<PlannedAction, 'create' | 'no-op'> = 'create'): ResourceSpec {
  return {
    type: 'aws_db_instance',
    name,
    action,
    args: {
      identifier: `orders-${name}`,
      engine: 'postgres',
      engine_version: '16.4',
      instance_class: 'db.t4g.medium',
      allocated_storage: 50,
      username: 'orders_admin',
      manage_master_user_password: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `orders-${name}-final`,
      ...args,
    },
  };
}

/** An Aurora PostgreSQL cluster and one instance of it; `cluster` and `instance` arguments override. */
function auroraCluster(cluster: Record<string, Arg>, instance: Record<string, Arg> = {}): ResourceSpec[] {
  return [
    {
      type: 'aws_rds_cluster',
      name: 'reporting',
      action: 'create',
      args: {
        cluster_identifier: 'orders-reporting',
        engine: 'aurora-postgresql',
        engine_version: '16.4',
        master_username: 'reporting_admin',
        manage_master_user_password: true,
        final_snapshot_identifier: 'orders-reporting-final',
        ...cluster,
      },
    },
    {
      type: 'aws_rds_cluster_instance',
      name: 'reporting',
      action: 'create',
      args: { cluster_identifier: ref('aws_rds_cluster.reporting.id'), engine: 'aurora-postgresql', instance_class: 'db.r6g.large', ...instance },
    },
  ];
}

export const rdsStorageEncryptedCases = libraryCases('rds-storage-encrypted', [
  {
    name: 'compliant-instance-and-cluster',
    description: 'An existing encrypted instance, and a new Aurora cluster encrypted with the data key.',
    status: 'passed',
    plan: planOf([dataKey(), dbInstance('primary', { storage_encrypted: true }, 'no-op'), ...auroraCluster({ storage_encrypted: true, kms_key_id: ref('aws_kms_key.data.arn') })]),
  },
  {
    name: 'violating-instance-unencrypted',
    description: 'A new instance leaves storage_encrypted at its default, false.',
    status: 'failed',
    findings: ['aws_db_instance.primary'],
    plan: planOf([dbInstance('primary', {})], { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'violating-cluster-unencrypted',
    description: 'The Aurora cluster sets storage_encrypted = false.',
    status: 'failed',
    findings: ['aws_rds_cluster.reporting'],
    plan: planOf([dbInstance('primary', { storage_encrypted: true }, 'no-op'), ...auroraCluster({ storage_encrypted: false })]),
  },
  {
    name: 'indeterminate-cluster-left-to-engine-default',
    description: 'The Aurora cluster does not set storage_encrypted, which the provider computes from the engine mode and shows only after apply.',
    status: 'indeterminate',
    findings: ['aws_rds_cluster.reporting'],
    plan: planOf(auroraCluster({})),
  },
  {
    name: 'not-applicable-no-database',
    description: 'A workload with a queue and a role but no RDS instance or cluster.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const rdsNotPubliclyAccessibleCases = libraryCases('rds-not-publicly-accessible', [
  {
    name: 'compliant-private-instance-and-cluster',
    description: 'An existing instance with publicly_accessible = false and a new Aurora instance leaving it at its default, false.',
    status: 'passed',
    plan: planOf([dbInstance('primary', { storage_encrypted: true, publicly_accessible: false }, 'no-op'), ...auroraCluster({ storage_encrypted: true })]),
  },
  {
    name: 'violating-public-instance',
    description: 'A new instance sets publicly_accessible = true.',
    status: 'failed',
    findings: ['aws_db_instance.primary'],
    plan: planOf([dbInstance('primary', { storage_encrypted: true, publicly_accessible: true })]),
  },
  {
    name: 'violating-public-cluster-instance',
    description: 'The Aurora cluster instance sets publicly_accessible = true.',
    status: 'failed',
    findings: ['aws_rds_cluster_instance.reporting'],
    plan: planOf(auroraCluster({ storage_encrypted: true }, { publicly_accessible: true }), { tool: OPENTOFU_1_10 }),
  },
  {
    name: 'not-applicable-no-database',
    description: 'A workload with an S3 bucket and a role but no RDS instance.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
]);

/** The orders table; `extra` adds or overrides arguments. */
function table(extra: Record<string, Arg>, action: Extract<PlannedAction, 'create' | 'no-op'> = 'create'): ResourceSpec {
  return {
    type: 'aws_dynamodb_table',
    name: 'orders',
    action,
    args: { name: 'orders', billing_mode: 'PAY_PER_REQUEST', hash_key: 'order_id', attribute: block({ name: 'order_id', type: 'S' }), ...extra },
  };
}

export const dynamodbPointInTimeRecoveryCases = libraryCases('dynamodb-point-in-time-recovery', [
  {
    name: 'compliant-recovery-enabled',
    description: 'A new table with point_in_time_recovery { enabled = true } and server-side encryption under the data key.',
    status: 'passed',
    plan: planOf([
      dataKey(),
      table({ point_in_time_recovery: block({ enabled: true }), server_side_encryption: block({ enabled: true, kms_key_arn: ref('aws_kms_key.data.arn') }) }),
    ]),
  },
  {
    name: 'violating-recovery-disabled',
    description: 'The table writes point_in_time_recovery { enabled = false }.',
    status: 'failed',
    findings: ['aws_dynamodb_table.orders'],
    plan: planOf([table({ point_in_time_recovery: block({ enabled: false }) })]),
  },
  {
    name: 'indeterminate-block-left-out',
    description: 'The table leaves point_in_time_recovery out; the provider computes the block, so the plan shows it only after apply.',
    status: 'indeterminate',
    findings: ['aws_dynamodb_table.orders'],
    plan: planOf([table({})]),
  },
  {
    name: 'not-applicable-no-table',
    description: 'A workload with a queue and a role but no DynamoDB table.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const libraryStorageCases: ExampleCase[] = [
  ...s3BucketEncryptedCases,
  ...s3BucketPublicAccessBlockedCases,
  ...s3BucketVersionedCases,
  ...ebsVolumeEncryptedCases,
  ...rdsStorageEncryptedCases,
  ...rdsNotPubliclyAccessibleCases,
  ...dynamodbPointInTimeRecoveryCases,
];
