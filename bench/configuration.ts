/**
 * The `configuration` block of the synthetic plan: what `show -json` reports about the HCL that
 * produced it. Addresses and references are module-relative, module inputs are `var.` references
 * passed by the caller's module call, and `jsonencode(...)` of literals has no references (an
 * empty expression), as real Terraform writes it.
 */
import { rootBaseline, type Layout } from './layout.js';

export type Expr = Record<string, unknown>;

export const refs = (...references: string[]): Expr => ({ references });
export const constant = (value: unknown): Expr => ({ constant_value: value });
/** A reference to an attribute of a resource: Terraform lists the traversal, then the resource. */
export const attr = (resource: string, attribute: string): string[] => [`${resource}.${attribute}`, resource];
export const caller = attr('data.aws_caller_identity.current', 'account_id');

export interface BlockConfig {
  type: string;
  name: string;
  mode?: 'managed' | 'data';
  expressions: Expr;
  count?: Expr;
  forEach?: Expr;
  dependsOn?: string[];
}

const rootResources: Record<string, BlockConfig> = {
  'aws_kms_key.state': {
    type: 'aws_kms_key',
    name: 'state',
    expressions: {
      deletion_window_in_days: constant(30),
      description: constant('Remote state key'),
      enable_key_rotation: constant(true),
      policy: refs(...caller),
    },
  },
  'aws_s3_bucket.state': {
    type: 'aws_s3_bucket',
    name: 'state',
    expressions: { bucket: refs(...caller), tags: constant({ Name: 'tfstate' }) },
  },
  'aws_s3_bucket_server_side_encryption_configuration.state': {
    type: 'aws_s3_bucket_server_side_encryption_configuration',
    name: 'state',
    expressions: {
      bucket: refs(...attr('aws_s3_bucket.state', 'id')),
      rule: [
        {
          apply_server_side_encryption_by_default: [
            { kms_master_key_id: refs(...attr('aws_kms_key.state', 'arn')), sse_algorithm: constant('aws:kms') },
          ],
          bucket_key_enabled: constant(true),
        },
      ],
    },
  },
  'aws_s3_bucket_versioning.state': {
    type: 'aws_s3_bucket_versioning',
    name: 'state',
    expressions: {
      bucket: refs(...attr('aws_s3_bucket.state', 'id')),
      versioning_configuration: [{ status: constant('Enabled') }],
    },
  },
  'aws_s3_bucket_public_access_block.state': {
    type: 'aws_s3_bucket_public_access_block',
    name: 'state',
    expressions: {
      block_public_acls: constant(true),
      block_public_policy: constant(true),
      bucket: refs(...attr('aws_s3_bucket.state', 'id')),
      ignore_public_acls: constant(true),
      restrict_public_buckets: constant(true),
    },
  },
  'aws_s3_bucket_policy.state': {
    type: 'aws_s3_bucket_policy',
    name: 'state',
    expressions: {
      bucket: refs(...attr('aws_s3_bucket.state', 'id')),
      policy: refs(...attr('aws_s3_bucket.state', 'arn'), ...attr('aws_kms_key.state', 'arn')),
    },
  },
  'aws_iam_role.operator': {
    type: 'aws_iam_role',
    name: 'operator',
    expressions: { assume_role_policy: refs(...caller), max_session_duration: constant(3600), name: constant('InfraAdmin') },
  },
  'aws_iam_role_policy.operator_region_fence': {
    type: 'aws_iam_role_policy',
    name: 'operator_region_fence',
    expressions: {
      name: constant('region-fence'),
      policy: refs('var.allowed_regions'),
      role: refs(...attr('aws_iam_role.operator', 'id')),
    },
  },
  'aws_sns_topic.alerts': {
    type: 'aws_sns_topic',
    name: 'alerts',
    expressions: { kms_master_key_id: refs(...attr('aws_kms_key.state', 'arn')), name: constant('security-alerts') },
  },
  'aws_cloudwatch_event_rule.guardduty': {
    type: 'aws_cloudwatch_event_rule',
    name: 'guardduty',
    expressions: { event_pattern: {}, name: constant('guardduty-high') },
  },
  'aws_cloudwatch_event_target.guardduty': {
    type: 'aws_cloudwatch_event_target',
    name: 'guardduty',
    expressions: {
      arn: refs(...attr('aws_sns_topic.alerts', 'arn')),
      rule: refs(...attr('aws_cloudwatch_event_rule.guardduty', 'name')),
      target_id: constant('sns'),
    },
  },
  'aws_cloudtrail.main': {
    type: 'aws_cloudtrail',
    name: 'main',
    expressions: {
      enable_log_file_validation: constant(true),
      is_multi_region_trail: constant(true),
      kms_key_id: refs(...attr('aws_kms_key.state', 'arn')),
      name: constant('org-audit'),
      s3_bucket_name: refs(...attr('aws_s3_bucket.state', 'id')),
    },
    dependsOn: ['aws_s3_bucket_policy.state'],
  },
};

const settings = (field: string): Expr => refs(`var.settings.${field}`, 'var.settings');

const bucketModule = {
  resources: [
    { type: 'aws_s3_bucket', name: 'this', expressions: { bucket: refs('var.bucket_name'), tags: refs('var.team', 'var.bucket_name') } },
    {
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: 'this',
      expressions: {
        bucket: refs(...attr('aws_s3_bucket.this', 'id')),
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { kms_master_key_id: refs('var.kms_key_arn'), sse_algorithm: settings('sse_algorithm') },
            ],
            bucket_key_enabled: settings('bucket_key'),
          },
        ],
      },
    },
    {
      type: 'aws_s3_bucket_versioning',
      name: 'this',
      expressions: {
        bucket: refs(...attr('aws_s3_bucket.this', 'id')),
        versioning_configuration: [{ status: settings('versioning') }],
      },
    },
    {
      type: 'aws_s3_bucket_public_access_block',
      name: 'this',
      expressions: {
        block_public_acls: constant(true),
        block_public_policy: settings('block_public'),
        bucket: refs(...attr('aws_s3_bucket.this', 'id')),
        ignore_public_acls: constant(true),
        restrict_public_buckets: settings('block_public'),
      },
    },
    {
      type: 'aws_s3_bucket_policy',
      name: 'this',
      expressions: {
        bucket: refs(...attr('aws_s3_bucket.this', 'id')),
        policy: refs(...attr('aws_s3_bucket.this', 'arn'), 'var.kms_key_arn', 'var.settings.strict_policy', 'var.settings'),
      },
    },
  ] as BlockConfig[],
  variables: { bucket_name: {}, kms_key_arn: {}, settings: {}, team: {} },
};

const serviceModule = {
  resources: [
    { type: 'aws_iam_role', name: 'this', expressions: { assume_role_policy: {}, max_session_duration: refs('var.max_session'), name: refs('var.name') } },
    {
      type: 'aws_iam_role_policy',
      name: 'this',
      expressions: { name: refs('var.name'), policy: {}, role: refs(...attr('aws_iam_role.this', 'id')) },
    },
    {
      type: 'aws_security_group',
      name: 'this',
      expressions: {
        description: refs('var.name'),
        egress: constant([{ cidr_blocks: ['0.0.0.0/0'], from_port: 0, protocol: '-1', to_port: 0 }]),
        ingress: refs('var.ingress_cidr'),
        name: refs('var.name'),
      },
    },
    {
      type: 'aws_lambda_function',
      name: 'this',
      expressions: {
        environment: [{ variables: refs('var.alarm_topic_arn') }],
        filename: refs('var.name'),
        function_name: refs('var.name'),
        handler: constant('index.handler'),
        memory_size: refs('var.memory'),
        role: refs(...attr('aws_iam_role.this', 'arn')),
        runtime: constant('nodejs20.x'),
      },
    },
    { type: 'aws_cloudwatch_event_rule', name: 'this', expressions: { event_pattern: {}, name: refs('var.name') } },
    {
      type: 'aws_cloudwatch_event_target',
      name: 'this',
      expressions: {
        arn: refs('var.alarm_topic_arn'),
        rule: refs(...attr('aws_cloudwatch_event_rule.this', 'name')),
        target_id: constant('sns'),
      },
    },
    {
      type: 'aws_instance',
      name: 'this',
      expressions: {
        ami: constant('ami-0c1c30571d2dae5c9'),
        instance_type: refs('var.instance_type'),
        metadata_options: [{ http_tokens: constant('required') }],
        root_block_device: [{ encrypted: refs('var.encrypt_root'), volume_size: constant(20), volume_type: constant('gp3') }],
        tags: refs('var.name', 'count.index'),
        vpc_security_group_ids: refs(...attr('aws_security_group.this', 'id')),
      },
      count: refs('var.instance_count'),
    },
  ] as BlockConfig[],
  variables: {
    alarm_topic_arn: {},
    encrypt_root: { default: true },
    ingress_cidr: { default: ['10.0.0.0/8'] },
    instance_count: { default: 1 },
    instance_type: { default: 't4g.small' },
    max_session: { default: 3600 },
    memory: { default: 256 },
    name: {},
    team: {},
  },
};

const teamModule = {
  resources: [
    {
      type: 'aws_kms_key',
      name: 'data',
      expressions: { description: refs('var.team'), enable_key_rotation: constant(true), policy: refs('var.account_id') },
    },
    {
      type: 'aws_cloudwatch_log_group',
      name: 'this',
      expressions: {
        kms_key_id: refs(...attr('aws_kms_key.data', 'arn')),
        name: refs('var.team', 'count.index'),
        retention_in_days: constant(90),
      },
      count: refs('var.log_groups'),
    },
  ] as BlockConfig[],
  variables: { account_id: {}, alarm_topic_arn: {}, buckets: {}, log_groups: { default: 0 }, services: {}, team: {} },
};

export function resourceJson(block: BlockConfig): Record<string, unknown> {
  return {
    address: `${block.mode === 'data' ? 'data.' : ''}${block.type}.${block.name}`,
    mode: block.mode ?? 'managed',
    type: block.type,
    name: block.name,
    provider_config_key: 'aws',
    expressions: block.expressions,
    schema_version: 0,
    ...(block.count ? { count_expression: block.count } : {}),
    ...(block.forEach ? { for_each_expression: block.forEach } : {}),
    ...(block.dependsOn ? { depends_on: block.dependsOn } : {}),
  };
}

/** The root blocks a layout holds (a prefix of the baseline) and the caller identity data source. */
export function baselineResources(layout: Layout): Record<string, unknown>[] {
  const resources = rootBaseline
    .slice(0, layout.rootBlocks)
    .map((block) => rootResources[`${block.type}.${block.name}`])
    .filter((block): block is BlockConfig => block !== undefined)
    .map(resourceJson);
  resources.push(resourceJson({ type: 'aws_caller_identity', name: 'current', mode: 'data', expressions: {} }));
  return resources;
}

/** The whole configuration around a root module: provider configuration and the root variables. */
export function withProvider(rootModule: Record<string, unknown>): Record<string, unknown> {
  rootModule.variables = {
    allowed_regions: { default: ['eu-west-1', 'eu-central-1'] },
    region: { default: 'eu-west-1' },
  };
  return {
    provider_config: {
      aws: {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
        version_constraint: '~> 5.80',
        expressions: { region: refs('var.region') },
      },
    },
    root_module: rootModule,
  };
}

/** The configuration block for a layout (only the root blocks the layout holds). */
export function configurationFor(layout: Layout): Record<string, unknown> {
  const rootModule: Record<string, unknown> = { resources: baselineResources(layout) };
  if (layout.teams > 0) {
    rootModule.module_calls = {
      team: {
        source: './modules/team',
        expressions: {
          account_id: refs(...caller),
          alarm_topic_arn: refs(...attr('aws_sns_topic.alerts', 'arn')),
          buckets: refs('each.value.buckets', 'each.value'),
          log_groups: refs('each.value.log_groups', 'each.value'),
          services: refs('each.value.services', 'each.value'),
          team: refs('each.key'),
        },
        for_each_expression: refs('local.teams'),
        module: {
          resources: teamModule.resources.map(resourceJson),
          module_calls: {
            bucket: {
              source: '../bucket',
              expressions: {
                bucket_name: refs('var.team', 'each.key'),
                kms_key_arn: refs(...attr('aws_kms_key.data', 'arn')),
                settings: refs('each.value'),
                team: refs('var.team'),
              },
              for_each_expression: refs('var.buckets'),
              module: { resources: bucketModule.resources.map(resourceJson), variables: bucketModule.variables },
            },
            service: {
              source: '../service',
              expressions: {
                alarm_topic_arn: refs('var.alarm_topic_arn'),
                encrypt_root: refs('var.services', 'count.index'),
                ingress_cidr: refs('var.services', 'count.index'),
                instance_count: refs('var.services', 'count.index'),
                instance_type: refs('var.services', 'count.index'),
                max_session: refs('var.services', 'count.index'),
                memory: refs('var.services', 'count.index'),
                name: refs('var.team', 'count.index'),
                team: refs('var.team'),
              },
              count_expression: refs('var.services'),
              module: { resources: serviceModule.resources.map(resourceJson), variables: serviceModule.variables },
            },
          },
          variables: teamModule.variables,
        },
      },
    };
  }
  return withProvider(rootModule);
}
