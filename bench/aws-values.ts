/**
 * Attribute values of the synthetic AWS resources, shaped like the AWS provider's state: the
 * full set of attributes (nested blocks as lists of objects, policies as JSON strings), which of
 * them the provider computes at create time, and which come from references to other resources.
 */
import { fakeUuid, hash32 } from './prng.js';

/** A path into a value: object keys and list indexes. */
export type ValuePath = readonly (string | number)[];

/** What a builder knows about the instance it describes. */
export interface ValueContext {
  address: string;
  /** The logical name (bucket name, service name, team name, ...). */
  name: string;
  team: string;
  accountId: string;
  region: string;
  /** Variant switches drawn by the layout: violations and options. */
  variant: Readonly<Record<string, string | number | boolean>>;
  /** Addresses-derived values the instance refers to (key ARN, bucket name, role ARN, ...). */
  refs: Readonly<Record<string, string>>;
}

/** The values of one instance as they will be after apply. */
export interface ResourceValues {
  state: Record<string, unknown>;
  /** Attributes the provider only knows after creating the object. */
  computed: readonly ValuePath[];
  /** Attributes copied from other resources: unknown while those are being created. */
  derived: readonly ValuePath[];
  /** The attribute whose change forces replacement, used for replace plans. */
  replaceOn?: string;
}

type Builder = (ctx: ValueContext) => ResourceValues;

const tagsOf = (ctx: ValueContext, extra: Record<string, string> = {}): Record<string, string> => ({
  CostCenter: `cc-${1000 + (hash32(ctx.team) % 9000)}`,
  ManagedBy: 'opentofu',
  Team: ctx.team,
  ...extra,
});

const hexId = (text: string, length: number): string => {
  let out = '';
  for (let i = 0; out.length < length; i++) out += hash32(`${text}/${i}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
};

/** A policy document as the provider stores it: compact JSON with keys in the order written. */
const policyJson = (statements: readonly Record<string, unknown>[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

const kmsKey: Builder = (ctx) => {
  const keyId = fakeUuid(ctx.address);
  const arn = `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`;
  return {
    state: {
      arn,
      bypass_policy_lockout_safety_check: false,
      custom_key_store_id: '',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      deletion_window_in_days: 30,
      description: `${ctx.name} data key`,
      enable_key_rotation: ctx.variant.rotation !== false,
      id: keyId,
      is_enabled: true,
      key_id: keyId,
      key_usage: 'ENCRYPT_DECRYPT',
      multi_region: false,
      policy: policyJson([
        {
          Sid: 'EnableRootAccess',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ]),
      rotation_period_in_days: 365,
      tags: tagsOf(ctx),
      tags_all: tagsOf(ctx),
      timeouts: null,
      xks_key_id: '',
    },
    computed: [['arn'], ['id'], ['key_id']],
    derived: [],
  };
};

const s3Bucket: Builder = (ctx) => {
  const bucket = ctx.name;
  const sse = ctx.variant.legacySse === true ? 'AES256' : 'aws:kms';
  return {
    state: {
      acceleration_status: '',
      acl: null,
      arn: `arn:aws:s3:::${bucket}`,
      bucket,
      bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_prefix: '',
      bucket_regional_domain_name: `${bucket}.s3.${ctx.region}.amazonaws.com`,
      cors_rule: [],
      force_destroy: false,
      grant: [
        {
          id: hexId(`${ctx.accountId}/canonical`, 64),
          permissions: ['FULL_CONTROL'],
          type: 'CanonicalUser',
          uri: '',
        },
      ],
      hosted_zone_id: 'Z1BKCTXD74EZPE',
      id: bucket,
      lifecycle_rule: [],
      logging: [],
      object_lock_configuration: [],
      object_lock_enabled: false,
      policy: '',
      region: ctx.region,
      replication_configuration: [],
      request_payer: 'BucketOwner',
      server_side_encryption_configuration: [
        {
          rule: [
            {
              apply_server_side_encryption_by_default: [
                { kms_master_key_id: sse === 'aws:kms' ? (ctx.refs.keyArn ?? '') : '', sse_algorithm: sse },
              ],
              bucket_key_enabled: sse === 'aws:kms',
            },
          ],
        },
      ],
      tags: tagsOf(ctx, { Name: bucket }),
      tags_all: tagsOf(ctx, { Name: bucket }),
      timeouts: null,
      versioning: [{ enabled: ctx.variant.versioning !== 'Suspended', mfa_delete: false }],
      website: [],
      website_domain: null,
      website_endpoint: null,
    },
    computed: [
      ['acceleration_status'],
      ['arn'],
      ['bucket_domain_name'],
      ['bucket_regional_domain_name'],
      ['grant'],
      ['hosted_zone_id'],
      ['id'],
      ['policy'],
      ['region'],
      ['request_payer'],
      ['server_side_encryption_configuration'],
      ['versioning'],
      ['website_domain'],
      ['website_endpoint'],
    ],
    derived: [],
    replaceOn: 'bucket',
  };
};

const bucketEncryption: Builder = (ctx) => {
  const kms = ctx.variant.legacySse !== true;
  return {
    state: {
      bucket: ctx.refs.bucket,
      expected_bucket_owner: '',
      id: ctx.refs.bucket,
      rule: [
        {
          apply_server_side_encryption_by_default: [
            { kms_master_key_id: kms ? (ctx.refs.keyArn ?? '') : '', sse_algorithm: kms ? 'aws:kms' : 'AES256' },
          ],
          bucket_key_enabled: kms && ctx.variant.bucketKey !== false,
        },
      ],
    },
    computed: [['id']],
    derived: kms ? [['bucket'], ['rule', 0, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id']] : [['bucket']],
  };
};

const bucketVersioning: Builder = (ctx) => ({
  state: {
    bucket: ctx.refs.bucket,
    expected_bucket_owner: '',
    id: ctx.refs.bucket,
    mfa: null,
    versioning_configuration: [{ mfa_delete: '', status: String(ctx.variant.versioning ?? 'Enabled') }],
  },
  computed: [['id'], ['versioning_configuration', 0, 'mfa_delete']],
  derived: [['bucket']],
});

const publicAccessBlock: Builder = (ctx) => ({
  state: {
    block_public_acls: true,
    block_public_policy: ctx.variant.publicPolicy !== true,
    bucket: ctx.refs.bucket,
    id: ctx.refs.bucket,
    ignore_public_acls: true,
    restrict_public_buckets: ctx.variant.publicPolicy !== true,
  },
  computed: [['id']],
  derived: [['bucket']],
});

const bucketPolicy: Builder = (ctx) => {
  const bucketArn = `arn:aws:s3:::${ctx.refs.bucket}`;
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
  if (ctx.variant.partialPolicy !== true) {
    statements.push(
      {
        Sid: 'DenyNonKmsUploads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${bucketArn}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      },
      {
        Sid: 'DenyOtherKmsKeys',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${bucketArn}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': ctx.refs.keyArn ?? '' } },
      },
    );
  }
  return {
    state: { bucket: ctx.refs.bucket, id: ctx.refs.bucket, policy: policyJson(statements) },
    computed: [['id']],
    derived: [['bucket'], ['policy']],
  };
};

const iamRole: Builder = (ctx) => {
  const operator = ctx.variant.operator === true;
  const trust = operator
    ? policyJson([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          },
        },
      ])
    : policyJson([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  return {
    state: {
      arn: `arn:aws:iam::${ctx.accountId}:role/${ctx.name}`,
      assume_role_policy: trust,
      create_date: '2025-03-14T09:26:53Z',
      description: operator ? 'Human operator access, MFA-gated' : `Execution role of ${ctx.name}`,
      force_detach_policies: false,
      id: ctx.name,
      inline_policy: [],
      managed_policy_arns: operator ? ['arn:aws:iam::aws:policy/AdministratorAccess'] : [],
      max_session_duration: Number(ctx.variant.maxSession ?? 3600),
      name: ctx.name,
      name_prefix: '',
      path: '/',
      permissions_boundary: null,
      tags: tagsOf(ctx),
      tags_all: tagsOf(ctx),
      unique_id: `AROA${hexId(ctx.address, 17).toUpperCase()}`,
    },
    computed: [['arn'], ['create_date'], ['id'], ['inline_policy'], ['managed_policy_arns'], ['unique_id']],
    derived: operator ? [['assume_role_policy']] : [],
  };
};

/** Actions a service role typically holds, by service: statements draw from these. */
const serviceActions: readonly (readonly string[])[] = [
  ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject'],
  ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
  ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
  ['logs:CreateLogStream', 'logs:PutLogEvents'],
  ['secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
  ['sns:Publish'],
];

interface PermissionStatement {
  sid: string;
  actions: string[];
  resources: string[];
  condition?: { test: string; variable: string; values: string[] };
}

/**
 * The permission statements of a service's policy: three to eight, derived from its name so the
 * document, the policy built from it and the data source agree. A `wildcard` variant opens the
 * first statement to every action on every resource (the violation a least-privilege rule finds).
 */
function permissionStatements(ctx: ValueContext): PermissionStatement[] {
  const seed = hash32(ctx.name);
  const count = 3 + (seed % 6);
  const statements: PermissionStatement[] = [];
  for (let i = 0; i < count; i++) {
    const actions = serviceActions[(seed + i) % serviceActions.length] ?? [];
    const service = (actions[0] ?? 's3:').split(':')[0] ?? 's3';
    const arn = `arn:aws:${service}:${service === 's3' ? '' : ctx.region}:${service === 's3' ? '' : ctx.accountId}:${ctx.name}-${i}`;
    statements.push({
      sid: `Access${i}`,
      actions: [...actions].slice(0, 1 + ((seed >>> i) % actions.length)),
      resources: service === 's3' ? [arn, `${arn}/*`] : [arn],
      ...(i % 3 === 2 ? { condition: { test: 'StringEquals', variable: 'aws:PrincipalTag/Team', values: [ctx.team] } } : {}),
    });
  }
  if (ctx.variant.wildcard === true && statements[0]) Object.assign(statements[0], { actions: ['*'], resources: ['*'] });
  return statements;
}

/** The statements as IAM JSON, in the key order the AWS provider writes them. */
const permissionPolicyJson = (statements: readonly PermissionStatement[]): Record<string, unknown>[] =>
  statements.map((s) => ({
    Sid: s.sid,
    Effect: 'Allow',
    Action: s.actions.length === 1 ? s.actions[0] : s.actions,
    Resource: s.resources.length === 1 ? s.resources[0] : s.resources,
    ...(s.condition ? { Condition: { [s.condition.test]: { [s.condition.variable]: s.condition.values.length === 1 ? s.condition.values[0] : s.condition.values } } } : {}),
  }));

/** The trust policy statements of a service role (`sts:AssumeRole` for a service principal). */
const trustStatements = (ctx: ValueContext): Record<string, unknown>[] => [
  { Sid: '', Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: String(ctx.variant.principal ?? 'lambda.amazonaws.com') } },
];

/** `data.aws_iam_policy_document`: the statement blocks as written and the JSON rendered from them. */
const policyDocument: Builder = (ctx) => {
  const trust = ctx.variant.document === 'trust';
  const document = {
    Version: '2012-10-17',
    Statement: trust ? trustStatements(ctx) : permissionPolicyJson(permissionStatements(ctx)),
  };
  const block = (overrides: Record<string, unknown>): Record<string, unknown> => ({
    actions: [],
    condition: [],
    effect: 'Allow',
    not_actions: [],
    not_principals: [],
    not_resources: [],
    principals: [],
    resources: [],
    sid: '',
    ...overrides,
  });
  const statement = trust
    ? [block({ actions: ['sts:AssumeRole'], principals: [{ identifiers: [String(ctx.variant.principal ?? 'lambda.amazonaws.com')], type: 'Service' }] })]
    : permissionStatements(ctx).map((s) =>
        block({ actions: s.actions, resources: s.resources, sid: s.sid, condition: s.condition ? [s.condition] : [] }),
      );
  return {
    state: {
      id: String(hash32(JSON.stringify(document))),
      json: JSON.stringify(document, null, 2),
      minified_json: JSON.stringify(document),
      override_json: null,
      override_policy_documents: null,
      policy_id: null,
      source_json: null,
      source_policy_documents: null,
      statement,
      version: '2012-10-17',
    },
    computed: [],
    derived: [],
  };
};

/** A customer-managed policy whose document comes from a policy document data source. */
const iamPolicy: Builder = (ctx) => {
  const arn = `arn:aws:iam::${ctx.accountId}:policy/${ctx.name}`;
  return {
    state: {
      arn,
      attachment_count: 1,
      description: `Permissions of ${ctx.name}`,
      id: arn,
      name: ctx.name,
      name_prefix: '',
      path: '/',
      policy: policyJson(permissionPolicyJson(permissionStatements(ctx))),
      policy_id: `ANPA${hexId(ctx.address, 17).toUpperCase()}`,
      tags: tagsOf(ctx),
      tags_all: tagsOf(ctx),
    },
    computed: [['arn'], ['attachment_count'], ['id'], ['policy_id']],
    derived: [],
    replaceOn: 'name',
  };
};

const rolePolicyAttachment: Builder = (ctx) => ({
  state: {
    id: `${ctx.refs.role}-${hexId(ctx.address, 26)}`,
    policy_arn: ctx.refs.policyArn ?? '',
    role: ctx.refs.role,
  },
  computed: [['id']],
  derived: [['policy_arn'], ['role']],
});

const globalServices = ['iam:*', 'sts:*', 'cloudfront:*', 'route53:*', 'organizations:*', 'support:*'];

const iamRolePolicy: Builder = (ctx) => {
  const fence = ctx.variant.regionFence === true;
  const policy = fence
    ? policyJson([
        {
          Sid: 'DenyOutsideAllowedRegions',
          Effect: 'Deny',
          NotAction: ctx.variant.carveOut === false ? ['s3:GetObject'] : globalServices,
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': [ctx.region, 'eu-central-1'] } },
        },
      ])
    : policyJson([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish'],
          Resource: ['*'],
        },
      ]);
  return {
    state: { id: `${ctx.refs.role}:${ctx.name}`, name: ctx.name, name_prefix: '', policy, role: ctx.refs.role },
    computed: [['id']],
    derived: [['role']],
  };
};

const securityGroup: Builder = (ctx) => {
  const groupId = `sg-${hexId(ctx.address, 17)}`;
  const openIngress = ctx.variant.openIngress === true;
  return {
    state: {
      arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:security-group/${groupId}`,
      description: `${ctx.name} service traffic`,
      egress: [
        {
          cidr_blocks: ['0.0.0.0/0'],
          description: '',
          from_port: 0,
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          protocol: '-1',
          security_groups: [],
          self: false,
          to_port: 0,
        },
      ],
      id: groupId,
      ingress: [
        {
          cidr_blocks: [openIngress ? '0.0.0.0/0' : '10.0.0.0/8'],
          description: 'HTTPS',
          from_port: 443,
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          protocol: 'tcp',
          security_groups: [],
          self: false,
          to_port: 443,
        },
      ],
      name: ctx.name,
      name_prefix: '',
      owner_id: ctx.accountId,
      revoke_rules_on_delete: false,
      tags: tagsOf(ctx, { Name: ctx.name }),
      tags_all: tagsOf(ctx, { Name: ctx.name }),
      timeouts: null,
      vpc_id: `vpc-${hexId(ctx.team, 17)}`,
    },
    computed: [['arn'], ['id'], ['owner_id']],
    derived: [],
    replaceOn: 'description',
  };
};

const lambdaFunction: Builder = (ctx) => {
  const arn = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${ctx.name}`;
  const sha = Buffer.from(hexId(ctx.address, 64), 'hex').toString('base64');
  return {
    state: {
      architectures: ['arm64'],
      arn,
      code_sha256: sha,
      code_signing_config_arn: '',
      dead_letter_config: [],
      description: `${ctx.name} handler`,
      environment: [{ variables: { LOG_LEVEL: 'info', TOPIC_ARN: ctx.refs.topicArn ?? '' } }],
      ephemeral_storage: [{ size: 512 }],
      file_system_config: [],
      filename: `build/${ctx.name}.zip`,
      function_name: ctx.name,
      handler: 'index.handler',
      id: ctx.name,
      image_config: [],
      image_uri: '',
      invoke_arn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
      kms_key_arn: '',
      last_modified: '2025-03-14T09:27:10.000+0000',
      layers: [],
      logging_config: [{ application_log_level: '', log_format: 'Text', log_group: `/aws/lambda/${ctx.name}`, system_log_level: '' }],
      memory_size: Number(ctx.variant.memory ?? 256),
      package_type: 'Zip',
      publish: false,
      qualified_arn: `${arn}:$LATEST`,
      qualified_invoke_arn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${arn}:$LATEST/invocations`,
      reserved_concurrent_executions: -1,
      role: ctx.refs.roleArn,
      runtime: 'nodejs20.x',
      s3_bucket: null,
      s3_key: null,
      s3_object_version: null,
      signing_job_arn: '',
      signing_profile_version_arn: '',
      skip_destroy: false,
      source_code_hash: sha,
      source_code_size: 4096 + (hash32(ctx.address) % 100000),
      tags: tagsOf(ctx),
      tags_all: tagsOf(ctx),
      timeout: 30,
      timeouts: null,
      tracing_config: [{ mode: 'PassThrough' }],
      version: '$LATEST',
      vpc_config: [],
    },
    computed: [
      ['arn'],
      ['code_sha256'],
      ['id'],
      ['invoke_arn'],
      ['last_modified'],
      ['qualified_arn'],
      ['qualified_invoke_arn'],
      ['signing_job_arn'],
      ['signing_profile_version_arn'],
      ['source_code_size'],
      ['version'],
    ],
    derived: [['role'], ['environment', 0, 'variables', 'TOPIC_ARN']],
  };
};

const instance: Builder = (ctx) => {
  const instanceId = `i-${hexId(ctx.address, 17)}`;
  return {
    state: {
      ami: String(ctx.variant.ami ?? 'ami-0c1c30571d2dae5c9'),
      arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:instance/${instanceId}`,
      associate_public_ip_address: false,
      availability_zone: `${ctx.region}${['a', 'b', 'c'][hash32(ctx.address) % 3]}`,
      disable_api_stop: false,
      disable_api_termination: false,
      ebs_optimized: true,
      iam_instance_profile: '',
      id: instanceId,
      instance_state: 'running',
      instance_type: String(ctx.variant.instanceType ?? 't4g.small'),
      key_name: '',
      metadata_options: [
        {
          http_endpoint: 'enabled',
          http_protocol_ipv6: 'disabled',
          http_put_response_hop_limit: 1,
          http_tokens: ctx.variant.imdsV1 === true ? 'optional' : 'required',
          instance_metadata_tags: 'disabled',
        },
      ],
      monitoring: true,
      primary_network_interface_id: `eni-${hexId(`${ctx.address}/eni`, 17)}`,
      private_dns: `ip-10-0-${hash32(ctx.address) % 250}-${hash32(ctx.name) % 250}.${ctx.region}.compute.internal`,
      private_ip: `10.0.${hash32(ctx.address) % 250}.${hash32(ctx.name) % 250}`,
      root_block_device: [
        {
          delete_on_termination: true,
          device_name: '/dev/xvda',
          encrypted: ctx.variant.unencryptedRoot !== true,
          iops: 3000,
          kms_key_id: '',
          tags: {},
          throughput: 125,
          volume_id: `vol-${hexId(`${ctx.address}/vol`, 17)}`,
          volume_size: 20,
          volume_type: 'gp3',
        },
      ],
      subnet_id: `subnet-${hexId(`${ctx.team}/subnet`, 17)}`,
      tags: tagsOf(ctx, { Name: ctx.name }),
      tags_all: tagsOf(ctx, { Name: ctx.name }),
      tenancy: 'default',
      timeouts: null,
      user_data_replace_on_change: false,
      vpc_security_group_ids: [ctx.refs.securityGroupId],
    },
    computed: [
      ['arn'],
      ['availability_zone'],
      ['id'],
      ['instance_state'],
      ['primary_network_interface_id'],
      ['private_dns'],
      ['private_ip'],
      ['root_block_device', 0, 'iops'],
      ['root_block_device', 0, 'kms_key_id'],
      ['root_block_device', 0, 'throughput'],
      ['root_block_device', 0, 'volume_id'],
      ['tenancy'],
    ],
    derived: [['vpc_security_group_ids']],
    replaceOn: 'ami',
  };
};

const snsTopic: Builder = (ctx) => {
  const arn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${ctx.name}`;
  return {
    state: {
      application_success_feedback_sample_rate: 0,
      arn,
      content_based_deduplication: false,
      delivery_policy: '',
      display_name: '',
      fifo_topic: false,
      id: arn,
      kms_master_key_id: ctx.refs.keyArn ?? 'alias/aws/sns',
      name: ctx.name,
      name_prefix: '',
      owner: ctx.accountId,
      policy: policyJson([
        {
          Sid: 'AllowEventBridge',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: arn,
        },
      ]),
      signature_version: 0,
      tags: tagsOf(ctx),
      tags_all: tagsOf(ctx),
      tracing_config: '',
    },
    computed: [['arn'], ['id'], ['owner'], ['policy'], ['signature_version'], ['tracing_config']],
    derived: ctx.refs.keyArn === undefined ? [] : [['kms_master_key_id']],
  };
};

const eventPatterns: Record<string, unknown> = {
  guardduty: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } },
  securityhub: {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: ['HIGH', 'CRITICAL'] },
        ProductName: [{ 'anything-but': 'GuardDuty' }],
      },
    },
  },
  service: { source: ['aws.lambda'], 'detail-type': ['Lambda Function Invocation Result - Failure'] },
};

const eventRule: Builder = (ctx) => {
  const pattern = eventPatterns[String(ctx.variant.pattern ?? 'service')];
  return {
    state: {
      arn: `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${ctx.name}`,
      description: `Route ${ctx.name} events to the alert topic`,
      event_bus_name: 'default',
      event_pattern: JSON.stringify(pattern),
      force_destroy: false,
      id: ctx.name,
      is_enabled: null,
      name: ctx.name,
      name_prefix: '',
      role_arn: '',
      schedule_expression: '',
      state: 'ENABLED',
      tags: tagsOf(ctx),
      tags_all: tagsOf(ctx),
    },
    computed: [['arn'], ['id']],
    derived: [],
  };
};

const eventTarget: Builder = (ctx) => ({
  state: {
    appsync_target: [],
    arn: ctx.refs.topicArn,
    batch_target: [],
    dead_letter_config: [],
    ecs_target: [],
    event_bus_name: 'default',
    force_destroy: false,
    http_target: [],
    id: `${ctx.refs.rule}-sns`,
    input: '',
    input_path: '',
    input_transformer: [],
    kinesis_target: [],
    redshift_target: [],
    retry_policy: [],
    role_arn: '',
    rule: ctx.refs.rule,
    run_command_targets: [],
    sagemaker_pipeline_target: [],
    sqs_target: [],
    target_id: 'sns',
  },
  computed: [['id']],
  derived: [['arn'], ['rule']],
});

const cloudtrail: Builder = (ctx) => ({
  state: {
    advanced_event_selector: [],
    arn: `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${ctx.name}`,
    cloud_watch_logs_group_arn: '',
    cloud_watch_logs_role_arn: '',
    enable_log_file_validation: ctx.variant.validation !== false,
    enable_logging: true,
    event_selector: [],
    home_region: ctx.region,
    id: `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${ctx.name}`,
    include_global_service_events: true,
    insight_selector: [],
    is_multi_region_trail: true,
    is_organization_trail: false,
    kms_key_id: ctx.refs.keyArn,
    name: ctx.name,
    s3_bucket_name: ctx.refs.bucket,
    s3_key_prefix: '',
    sns_topic_arn: '',
    sns_topic_name: '',
    tags: tagsOf(ctx),
    tags_all: tagsOf(ctx),
  },
  computed: [['arn'], ['home_region'], ['id'], ['sns_topic_arn']],
  derived: [['kms_key_id'], ['s3_bucket_name']],
});

const logGroup: Builder = (ctx) => ({
  state: {
    arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${ctx.name}`,
    id: ctx.name,
    kms_key_id: ctx.refs.keyArn ?? '',
    log_group_class: 'STANDARD',
    name: ctx.name,
    name_prefix: '',
    retention_in_days: Number(ctx.variant.retention ?? 90),
    skip_destroy: false,
    tags: tagsOf(ctx),
    tags_all: tagsOf(ctx),
  },
  computed: [['arn'], ['id']],
  derived: ctx.refs.keyArn === undefined ? [] : [['kms_key_id']],
  replaceOn: 'name',
});

const callerIdentity: Builder = (ctx) => ({
  state: {
    account_id: ctx.accountId,
    arn: `arn:aws:sts::${ctx.accountId}:assumed-role/gitlab-ci/session`,
    id: ctx.accountId,
    user_id: `AROA${hexId('ci', 17).toUpperCase()}:session`,
  },
  computed: [],
  derived: [],
});

/** Value builders by resource type. */
const builders: Readonly<Record<string, Builder>> = {
  aws_kms_key: kmsKey,
  aws_s3_bucket: s3Bucket,
  aws_s3_bucket_server_side_encryption_configuration: bucketEncryption,
  aws_s3_bucket_versioning: bucketVersioning,
  aws_s3_bucket_public_access_block: publicAccessBlock,
  aws_s3_bucket_policy: bucketPolicy,
  aws_iam_role: iamRole,
  aws_iam_role_policy: iamRolePolicy,
  aws_iam_policy: iamPolicy,
  aws_iam_role_policy_attachment: rolePolicyAttachment,
  aws_iam_policy_document: policyDocument,
  aws_security_group: securityGroup,
  aws_lambda_function: lambdaFunction,
  aws_instance: instance,
  aws_sns_topic: snsTopic,
  aws_cloudwatch_event_rule: eventRule,
  aws_cloudwatch_event_target: eventTarget,
  aws_cloudtrail: cloudtrail,
  aws_cloudwatch_log_group: logGroup,
  aws_caller_identity: callerIdentity,
};

/** Builds the after-apply values of an instance of the given type. */
export function buildValues(type: string, ctx: ValueContext): ResourceValues {
  const builder = builders[type];
  if (builder === undefined) throw new Error(`no value builder for ${type}`);
  return builder(ctx);
}
