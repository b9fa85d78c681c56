/**
 * The slice of the AWS provider (v5) schema the example plans need: for each resource type, the
 * attributes that are known even when not written (defaults and nulls), the attributes the
 * provider computes (unknown on create), and how an existing object's computed attributes look.
 */
import { createHash } from 'node:crypto';
import { LIBRARY_SCHEMAS } from './library-schemas.js';

/** Account, region and partition the example objects live in. */
export interface AwsContext {
  readonly accountId: string;
  readonly region: string;
}

export interface TypeSchema {
  /** Values the plan shows for optional attributes left unset. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Attributes the provider fills in; unknown when the object is created. */
  readonly computed: readonly string[];
  /** Attributes whose values the plan marks sensitive. */
  readonly sensitive?: readonly string[];
  /** Nested block path (`rule.apply_server_side_encryption_by_default`) → values of its unset attributes. */
  readonly blocks?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Nested block path → attributes the provider computes, with the value an existing object shows. */
  readonly blockComputed?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Computed attribute values of an object that already exists. */
  existing(values: Readonly<Record<string, unknown>>, ctx: AwsContext): Record<string, unknown>;
}

/** A stable UUID-shaped id derived from a seed, so regenerated examples do not churn. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable upper-case id (role unique ids, analyzer ids) derived from a seed. */
function stableId(prefix: string, seed: string, length: number): string {
  const h = createHash('sha256').update(seed).digest('hex').toUpperCase();
  return (prefix + h).slice(0, length);
}

const CREATED = '2025-03-14T09:26:53Z';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function tagsAll(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...((values.tags as Record<string, unknown> | null) ?? {}) };
}

const s3BucketSubresource = (extra: Record<string, unknown> = {}): TypeSchema => ({
  defaults: { expected_bucket_owner: null, ...extra },
  computed: ['id'],
  existing: (v) => ({ id: str(v.bucket) }),
});

export const AWS_SCHEMAS: Readonly<Record<string, TypeSchema>> = {
  aws_kms_key: {
    defaults: {
      bypass_policy_lockout_safety_check: false,
      custom_key_store_id: null,
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      deletion_window_in_days: null,
      description: null,
      enable_key_rotation: false,
      is_enabled: true,
      key_usage: 'ENCRYPT_DECRYPT',
      tags: null,
      timeouts: null,
      xks_key_id: null,
    },
    computed: ['arn', 'id', 'key_id', 'multi_region', 'policy', 'rotation_period_in_days', 'tags_all'],
    existing: (v, ctx) => {
      const keyId = stableUuid(`kms:${str(v.description)}`);
      return {
        arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`,
        id: keyId,
        key_id: keyId,
        multi_region: false,
        policy: JSON.stringify({
          Id: 'key-default-1',
          Statement: [{ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` }, Resource: '*', Sid: 'Enable IAM User Permissions' }],
          Version: '2012-10-17',
        }),
        rotation_period_in_days: v.enable_key_rotation === true ? 365 : 0,
        tags_all: tagsAll(v),
      };
    },
  },
  aws_kms_alias: {
    defaults: { name_prefix: null },
    computed: ['arn', 'id', 'target_key_arn'],
    existing: (v, ctx) => ({
      arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:${str(v.name)}`,
      id: str(v.name),
      target_key_arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${str(v.target_key_id)}`,
    }),
  },
  aws_s3_bucket: {
    defaults: { force_destroy: false, tags: null, timeouts: null },
    computed: [
      'acceleration_status', 'acl', 'arn', 'bucket_domain_name', 'bucket_prefix', 'bucket_regional_domain_name',
      'cors_rule', 'grant', 'hosted_zone_id', 'id', 'lifecycle_rule', 'logging', 'object_lock_configuration',
      'object_lock_enabled', 'policy', 'region', 'replication_configuration', 'request_payer',
      'server_side_encryption_configuration', 'tags_all', 'versioning', 'website', 'website_domain', 'website_endpoint',
    ],
    existing: (v, ctx) => {
      const name = str(v.bucket);
      return {
        acceleration_status: '',
        acl: null,
        arn: `arn:aws:s3:::${name}`,
        bucket_domain_name: `${name}.s3.amazonaws.com`,
        bucket_prefix: '',
        bucket_regional_domain_name: `${name}.s3.${ctx.region}.amazonaws.com`,
        cors_rule: [],
        grant: [{ id: stableId('', `canonical:${ctx.accountId}`, 64).toLowerCase(), permissions: ['FULL_CONTROL'], type: 'CanonicalUser', uri: '' }],
        hosted_zone_id: 'Z21DNDUVLTQW6Q',
        id: name,
        lifecycle_rule: [],
        logging: [],
        object_lock_configuration: [],
        object_lock_enabled: false,
        policy: '',
        region: ctx.region,
        replication_configuration: [],
        request_payer: 'BucketOwner',
        server_side_encryption_configuration: [
          { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: '', sse_algorithm: 'AES256' }], bucket_key_enabled: false }] },
        ],
        tags_all: tagsAll(v),
        versioning: [{ enabled: false, mfa_delete: false }],
        website: [],
        website_domain: null,
        website_endpoint: null,
      };
    },
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    ...s3BucketSubresource(),
    blocks: { rule: { bucket_key_enabled: null }, 'rule.apply_server_side_encryption_by_default': { kms_master_key_id: null } },
  },
  aws_s3_bucket_versioning: { ...s3BucketSubresource({ mfa: null }), blockComputed: { versioning_configuration: { mfa_delete: 'Disabled' } } },
  aws_s3_bucket_public_access_block: {
    defaults: { block_public_acls: false, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false },
    computed: ['id'],
    existing: (v) => ({ id: str(v.bucket) }),
  },
  aws_s3_bucket_policy: { defaults: {}, computed: ['id'], existing: (v) => ({ id: str(v.bucket) }) },
  aws_s3_bucket_logging: s3BucketSubresource({ target_grant: [], target_object_key_format: [] }),
  aws_s3_account_public_access_block: {
    defaults: { block_public_acls: false, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false },
    computed: ['account_id', 'id'],
    existing: (_v, ctx) => ({ account_id: ctx.accountId, id: ctx.accountId }),
  },
  aws_ebs_encryption_by_default: {
    defaults: { enabled: true },
    computed: ['id'],
    existing: (_v, ctx) => ({ id: ctx.region }),
  },
  aws_iam_account_password_policy: {
    defaults: { allow_users_to_change_password: true, minimum_password_length: 6 },
    computed: [
      'expire_passwords', 'hard_expiry', 'id', 'max_password_age', 'password_reuse_prevention', 'require_lowercase_characters',
      'require_numbers', 'require_symbols', 'require_uppercase_characters',
    ],
    existing: (v) => ({
      expire_passwords: typeof v.max_password_age === 'number' && v.max_password_age > 0,
      hard_expiry: false,
      id: 'iam-account-password-policy',
      max_password_age: 0,
      password_reuse_prevention: 0,
      require_lowercase_characters: false,
      require_numbers: false,
      require_symbols: false,
      require_uppercase_characters: false,
    }),
  },
  aws_iam_role: {
    defaults: { description: null, force_detach_policies: false, max_session_duration: 3600, path: '/', permissions_boundary: null, tags: null },
    computed: ['arn', 'create_date', 'id', 'inline_policy', 'managed_policy_arns', 'name', 'name_prefix', 'tags_all', 'unique_id'],
    existing: (v, ctx) => ({
      arn: `arn:aws:iam::${ctx.accountId}:role${str(v.path) || '/'}${str(v.name)}`,
      create_date: CREATED,
      id: str(v.name),
      inline_policy: [],
      managed_policy_arns: [],
      name_prefix: '',
      tags_all: tagsAll(v),
      unique_id: stableId('AROA', `role:${str(v.name)}`, 21),
    }),
  },
  aws_iam_role_policy: {
    defaults: {},
    computed: ['id', 'name', 'name_prefix'],
    existing: (v) => ({ id: `${str(v.role)}:${str(v.name)}`, name_prefix: '' }),
  },
  aws_iam_role_policy_attachment: {
    defaults: {},
    computed: ['id'],
    existing: (v) => ({ id: `${str(v.role)}-${stableId('', str(v.policy_arn), 8)}` }),
  },
  aws_iam_openid_connect_provider: {
    defaults: { tags: null },
    computed: ['arn', 'id', 'tags_all', 'thumbprint_list'],
    existing: (v, ctx) => {
      const arn = `arn:aws:iam::${ctx.accountId}:oidc-provider/${str(v.url).replace(/^https:\/\//, '')}`;
      return { arn, id: arn, tags_all: tagsAll(v), thumbprint_list: [] };
    },
  },
  aws_iam_user: {
    defaults: { force_destroy: false, path: '/', permissions_boundary: null, tags: null },
    computed: ['arn', 'id', 'tags_all', 'unique_id'],
    existing: (v, ctx) => ({
      arn: `arn:aws:iam::${ctx.accountId}:user/${str(v.name)}`,
      id: str(v.name),
      tags_all: tagsAll(v),
      unique_id: stableId('AIDA', `user:${str(v.name)}`, 21),
    }),
  },
  aws_iam_access_key: {
    defaults: { pgp_key: null, status: 'Active' },
    computed: ['create_date', 'encrypted_secret', 'encrypted_ses_smtp_password_v4', 'id', 'key_fingerprint', 'secret', 'ses_smtp_password_v4'],
    sensitive: ['secret', 'ses_smtp_password_v4'],
    existing: () => {
      throw new Error('access keys in the examples are always new');
    },
  },
  aws_cloudtrail: {
    defaults: {
      advanced_event_selector: [],
      cloud_watch_logs_group_arn: null,
      cloud_watch_logs_role_arn: null,
      enable_log_file_validation: false,
      enable_logging: true,
      event_selector: [],
      include_global_service_events: true,
      insight_selector: [],
      is_multi_region_trail: false,
      is_organization_trail: false,
      kms_key_id: null,
      s3_key_prefix: null,
      sns_topic_name: null,
      tags: null,
    },
    computed: ['arn', 'home_region', 'id', 'sns_topic_arn', 'tags_all'],
    existing: (v, ctx) => {
      const arn = `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${str(v.name)}`;
      return { arn, home_region: ctx.region, id: arn, sns_topic_arn: '', tags_all: tagsAll(v) };
    },
  },
  aws_sns_topic: {
    defaults: {
      application_failure_feedback_role_arn: null, application_success_feedback_role_arn: null, application_success_feedback_sample_rate: null,
      archive_policy: null, content_based_deduplication: false, delivery_policy: null, display_name: null, fifo_topic: false,
      firehose_failure_feedback_role_arn: null, http_failure_feedback_role_arn: null, kms_master_key_id: null,
      lambda_failure_feedback_role_arn: null, sqs_failure_feedback_role_arn: null, tags: null, tracing_config: null,
    },
    computed: ['arn', 'beginning_archive_time', 'id', 'name_prefix', 'owner', 'policy', 'signature_version', 'tags_all'],
    existing: (v, ctx) => {
      const arn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${str(v.name)}`;
      return { arn, beginning_archive_time: '', id: arn, name_prefix: '', owner: ctx.accountId, policy: '', signature_version: 0, tags_all: tagsAll(v) };
    },
  },
  aws_cloudwatch_event_rule: {
    defaults: {
      description: null, event_bus_name: 'default', event_pattern: null, force_destroy: false, is_enabled: null, role_arn: null,
      schedule_expression: null, state: 'ENABLED', tags: null,
    },
    computed: ['arn', 'id', 'name', 'name_prefix', 'tags_all'],
    existing: (v, ctx) => ({
      arn: `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${str(v.name)}`,
      id: str(v.name),
      name_prefix: '',
      tags_all: tagsAll(v),
    }),
  },
  aws_cloudwatch_event_target: {
    defaults: {
      appsync_target: [], batch_target: [], dead_letter_config: [], ecs_target: [], event_bus_name: 'default', force_destroy: false,
      http_target: [], input: null, input_path: null, input_transformer: [], kinesis_target: [], redshift_target: [],
      retry_policy: [], role_arn: null, run_command_targets: [], sagemaker_pipeline_target: [], sqs_target: [],
    },
    computed: ['id', 'target_id'],
    existing: (v) => ({ id: `${str(v.rule)}-SendToSNS`, target_id: 'SendToSNS' }),
  },
  aws_guardduty_detector: {
    defaults: { enable: true, tags: null },
    computed: ['account_id', 'arn', 'datasources', 'finding_publishing_frequency', 'id', 'tags_all'],
    existing: (v, ctx) => {
      const id = stableId('', `gd:${ctx.accountId}`, 32).toLowerCase();
      return { account_id: ctx.accountId, arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${id}`, datasources: [], finding_publishing_frequency: 'SIX_HOURS', id, tags_all: tagsAll(v) };
    },
  },
  aws_securityhub_account: {
    defaults: { auto_enable_controls: true, enable_default_standards: true },
    computed: ['arn', 'control_finding_generator', 'id'],
    existing: (_v, ctx) => ({ arn: `arn:aws:securityhub:${ctx.region}:${ctx.accountId}:hub/default`, control_finding_generator: 'SECURITY_CONTROL', id: ctx.accountId }),
  },
  aws_accessanalyzer_analyzer: {
    defaults: { configuration: [], tags: null, type: 'ACCOUNT' },
    computed: ['arn', 'id', 'tags_all'],
    existing: (v, ctx) => ({ arn: `arn:aws:access-analyzer:${ctx.region}:${ctx.accountId}:analyzer/${str(v.analyzer_name)}`, id: str(v.analyzer_name), tags_all: tagsAll(v) }),
  },
  aws_caller_identity: {
    defaults: {},
    computed: ['account_id', 'arn', 'id', 'user_id'],
    existing: (_v, ctx) => ({
      account_id: ctx.accountId,
      arn: `arn:aws:sts::${ctx.accountId}:assumed-role/gitlab-ci-infra/GitLabRunner`,
      id: ctx.accountId,
      user_id: `${stableId('AROA', `role:gitlab-ci-infra`, 21)}:GitLabRunner`,
    }),
  },
  aws_region: {
    defaults: {},
    computed: ['description', 'endpoint', 'id', 'name'],
    existing: (_v, ctx) => ({ description: 'Europe (Frankfurt)', endpoint: `ec2.${ctx.region}.amazonaws.com`, id: ctx.region, name: ctx.region }),
  },
  aws_organizations_account: {
    defaults: { close_on_deletion: false, create_govcloud: false, iam_user_access_to_billing: null, role_name: null, tags: null },
    computed: ['arn', 'govcloud_id', 'id', 'joined_method', 'joined_timestamp', 'parent_id', 'status', 'tags_all'],
    existing: () => {
      throw new Error('organization accounts in the examples are always new');
    },
  },
  terraform_data: {
    defaults: { input: null, triggers_replace: null },
    computed: ['id', 'output'],
    existing: (v) => ({ id: stableUuid(`terraform_data:${JSON.stringify(v.input)}`), output: v.input ?? null }),
  },
  ...LIBRARY_SCHEMAS,
};

/** Schema of a data source type, where it differs from the managed type of the same name. */
export const AWS_DATA_SCHEMAS: Readonly<Record<string, TypeSchema>> = {
  aws_caller_identity: AWS_SCHEMAS.aws_caller_identity!,
  aws_region: AWS_SCHEMAS.aws_region!,
  aws_kms_alias: {
    defaults: {},
    computed: ['arn', 'id', 'target_key_arn', 'target_key_id'],
    existing: () => {
      throw new Error('the examples only read aws_kms_alias data sources after apply');
    },
  },
  aws_ssm_parameter: {
    defaults: { with_decryption: true },
    computed: ['arn', 'id', 'insecure_value', 'type', 'value', 'version'],
    sensitive: ['value'],
    existing: () => {
      throw new Error('the examples only read aws_ssm_parameter data sources after apply');
    },
  },
  aws_kms_key: {
    defaults: { grant_tokens: null },
    computed: [
      'arn', 'aws_account_id', 'cloud_hsm_cluster_id', 'creation_date', 'custom_key_store_id', 'customer_master_key_spec',
      'deletion_date', 'description', 'enabled', 'expiration_model', 'id', 'key_manager', 'key_spec', 'key_state', 'key_usage',
      'multi_region', 'multi_region_configuration', 'origin', 'pending_deletion_window_in_days', 'valid_to', 'xks_key_configuration',
    ],
    existing: () => {
      throw new Error('the examples only read aws_kms_key data sources after apply');
    },
  },
};
