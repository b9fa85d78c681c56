/** Examples for the starter library's guardrails on keys, logs, messaging, containers, networks and instances. */
import { OPENTOFU_1_10, TERRAFORM_1_4, block, ref, type Arg, type PlannedAction, type ResourceSpec } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { DATA_KEY, libraryCases, unrelatedWorkload } from './library-common.js';

type Existing = Extract<PlannedAction, 'create' | 'no-op'>;

/** A KMS key `aws_kms_key.<name>`; `args` override. */
function key(name: string, args: Record<string, Arg>, action: Existing = 'create'): ResourceSpec {
  return { type: 'aws_kms_key', name, action, args: { description: `orders ${name}`, deletion_window_in_days: 30, ...args } };
}

export const kmsKeyRotationCases = libraryCases('kms-key-rotation', [
  {
    name: 'compliant-rotating-keys-and-signing-key',
    description: 'Two symmetric keys with rotation enabled (one existing, one new with a 180-day period), and an asymmetric signing key, which AWS cannot rotate and the guardrail does not judge.',
    status: 'passed',
    plan: planOf([
      key('data', { enable_key_rotation: true }, 'no-op'),
      key('exports', { enable_key_rotation: true, rotation_period_in_days: 180 }),
      key('signing', { customer_master_key_spec: 'ECC_NIST_P256', key_usage: 'SIGN_VERIFY' }),
    ]),
  },
  {
    name: 'violating-rotation-left-off',
    description: 'The new exports key leaves enable_key_rotation at its default, false.',
    status: 'failed',
    findings: ['aws_kms_key.exports'],
    plan: planOf([key('data', { enable_key_rotation: true }, 'no-op'), key('exports', {})]),
  },
  {
    name: 'violating-rotation-switched-off',
    description: 'This plan switches rotation off on the existing data key.',
    status: 'failed',
    findings: ['aws_kms_key.data'],
    plan: planOf([{ ...key('data', { enable_key_rotation: false }, 'no-op'), action: 'update', prior: { enable_key_rotation: true } }], { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'not-applicable-only-signing-key',
    description: 'The only key is an asymmetric signing key, which AWS cannot rotate.',
    status: 'not-applicable',
    plan: planOf([key('signing', { customer_master_key_spec: 'RSA_3072', key_usage: 'SIGN_VERIFY' }), ...assetsBucket()]),
  },
]);

/** The log group of a Lambda function; `args` override. */
function logGroup(name: string, args: Record<string, Arg>, action: Existing = 'create'): ResourceSpec {
  return { type: 'aws_cloudwatch_log_group', name, action, args: { name: `/aws/lambda/orders-${name}`, ...args } };
}

export const cloudwatchLogGroupRetainedCases = libraryCases('cloudwatch-log-group-retained', [
  {
    name: 'compliant-one-year-and-forever',
    description: 'One log group keeps events for 400 days, an existing one never expires them (retention_in_days left at 0).',
    status: 'passed',
    plan: planOf([logGroup('intake', { retention_in_days: 400 }), logGroup('billing', {}, 'no-op')]),
  },
  {
    name: 'violating-thirty-days',
    description: 'The intake log group expires events after 30 days.',
    status: 'failed',
    findings: ['aws_cloudwatch_log_group.intake'],
    plan: planOf([logGroup('intake', { retention_in_days: 30 }), logGroup('billing', { retention_in_days: 3653 })], { tool: OPENTOFU_1_10 }),
  },
  {
    name: 'not-applicable-no-log-group',
    description: 'A workload with an S3 bucket and a role but no log group.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
]);

export const cloudwatchLogGroupEncryptedCases = libraryCases('cloudwatch-log-group-encrypted', [
  {
    name: 'compliant-new-key-and-existing-arn',
    description: 'A new log group encrypted with the new data key (its ARN known only after apply) and an existing one with a key ARN.',
    status: 'passed',
    plan: planOf([
      DATA_KEY,
      logGroup('intake', { retention_in_days: 365, kms_key_id: ref('aws_kms_key.data.arn') }),
      logGroup('billing', { kms_key_id: 'arn:aws:kms:eu-central-1:111122223333:key/0d6f5a3c-8a1e-4b8e-9a55-3c6de1a0c0de' }, 'no-op'),
    ]),
  },
  {
    name: 'violating-no-key',
    description: 'The billing log group sets no kms_key_id.',
    status: 'failed',
    findings: ['aws_cloudwatch_log_group.billing'],
    plan: planOf([DATA_KEY, logGroup('intake', { kms_key_id: ref('aws_kms_key.data.arn') }), logGroup('billing', { retention_in_days: 365 })]),
  },
  {
    name: 'not-applicable-no-log-group',
    description: 'A workload with an S3 bucket and a role but no log group.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
]);

/** A queue `aws_sqs_queue.<name>`; `args` override. */
function queue(name: string, args: Record<string, Arg>, action: Existing = 'create'): ResourceSpec {
  return { type: 'aws_sqs_queue', name, action, args: { name: `orders-${name}`, message_retention_seconds: 1209600, ...args } };
}

export const sqsQueueKmsEncryptedCases = libraryCases('sqs-queue-kms-encrypted', [
  {
    name: 'compliant-customer-and-aws-managed-key',
    description: 'A queue encrypted with the new data key and an existing dead-letter queue with the AWS-managed alias/aws/sqs.',
    status: 'passed',
    plan: planOf([DATA_KEY, queue('intake', { kms_master_key_id: ref('aws_kms_key.data.key_id') }), queue('dead-letter', { kms_master_key_id: 'alias/aws/sqs' }, 'no-op')]),
  },
  {
    name: 'violating-sqs-managed-only',
    description: 'The intake queue relies on SQS-managed encryption (sqs_managed_sse_enabled = true) and names no KMS key.',
    status: 'failed',
    findings: ['aws_sqs_queue.intake'],
    plan: planOf([queue('intake', { sqs_managed_sse_enabled: true })]),
  },
  {
    name: 'not-applicable-no-queue',
    description: 'A workload with an S3 bucket and a role but no queue.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
]);

/** A topic `aws_sns_topic.<name>`; `args` override. */
function topic(name: string, args: Record<string, Arg>, action: Existing = 'create'): ResourceSpec {
  return { type: 'aws_sns_topic', name, action, args: { name: `orders-${name}`, ...args } };
}

export const snsTopicEncryptedCases = libraryCases('sns-topic-encrypted', [
  {
    name: 'compliant-customer-and-aws-managed-key',
    description: 'A topic encrypted with the new data key and an existing one with the AWS-managed alias/aws/sns.',
    status: 'passed',
    plan: planOf([DATA_KEY, topic('shipped', { kms_master_key_id: ref('aws_kms_key.data.id') }), topic('alerts', { kms_master_key_id: 'alias/aws/sns' }, 'no-op')]),
  },
  {
    name: 'violating-no-key',
    description: 'The shipped topic names no kms_master_key_id, so its messages are stored unencrypted.',
    status: 'failed',
    findings: ['aws_sns_topic.shipped'],
    plan: planOf([topic('shipped', {}), topic('alerts', { kms_master_key_id: 'alias/aws/sns' }, 'no-op')]),
  },
  {
    name: 'not-applicable-no-topic',
    description: 'A workload with a queue and a role but no SNS topic.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** A repository `aws_ecr_repository.<name>`; `args` override. */
function repository(name: string, args: Record<string, Arg>, action: Existing = 'create'): ResourceSpec {
  return { type: 'aws_ecr_repository', name, action, args: { name: `orders/${name}`, ...args } };
}

const HARDENED_REPOSITORY = { image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: block({ scan_on_push: true }) };

export const ecrScanOnPushCases = libraryCases('ecr-scan-on-push', [
  {
    name: 'compliant-scan-on-push',
    description: 'A new and an existing repository, both scanning images on push.',
    status: 'passed',
    plan: planOf([repository('api', HARDENED_REPOSITORY), repository('worker', HARDENED_REPOSITORY, 'no-op')]),
  },
  {
    name: 'violating-scan-off',
    description: 'The worker repository writes image_scanning_configuration { scan_on_push = false }.',
    status: 'failed',
    findings: ['aws_ecr_repository.worker'],
    plan: planOf([repository('api', HARDENED_REPOSITORY), repository('worker', { ...HARDENED_REPOSITORY, image_scanning_configuration: block({ scan_on_push: false }) })]),
  },
  {
    name: 'violating-no-scanning-configuration',
    description: 'The worker repository leaves image_scanning_configuration out, so images are never scanned on push.',
    status: 'failed',
    findings: ['aws_ecr_repository.worker'],
    plan: planOf([repository('worker', { image_tag_mutability: 'IMMUTABLE' })], { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'not-applicable-no-repository',
    description: 'A workload with a queue and a role but no ECR repository.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const ecrImmutableTagsCases = libraryCases('ecr-immutable-tags', [
  {
    name: 'compliant-immutable',
    description: 'A new and an existing repository, both with immutable tags.',
    status: 'passed',
    plan: planOf([repository('api', HARDENED_REPOSITORY), repository('worker', HARDENED_REPOSITORY, 'no-op')]),
  },
  {
    name: 'violating-mutable-by-default',
    description: 'The worker repository leaves image_tag_mutability at its default, MUTABLE.',
    status: 'failed',
    findings: ['aws_ecr_repository.worker'],
    plan: planOf([repository('api', HARDENED_REPOSITORY), repository('worker', { image_scanning_configuration: block({ scan_on_push: true }) })]),
  },
  {
    name: 'not-applicable-no-repository',
    description: 'A workload with a queue and a role but no ECR repository.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** The orders EKS cluster, with `vpcConfig` as its vpc_config block. */
function cluster(vpcConfig: Record<string, Arg>): ResourceSpec[] {
  return [
    lambdaRole(),
    {
      type: 'aws_eks_cluster',
      name: 'orders',
      action: 'create',
      args: {
        name: 'orders',
        role_arn: ref('aws_iam_role.thumbnailer.arn'),
        version: '1.31',
        vpc_config: block({ subnet_ids: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'], ...vpcConfig }),
      },
    },
  ];
}

export const eksEndpointPrivateCases = libraryCases('eks-endpoint-private', [
  {
    name: 'compliant-private-endpoint',
    description: 'The cluster API is reached through the private endpoint only.',
    status: 'passed',
    plan: planOf(cluster({ endpoint_private_access: true, endpoint_public_access: false })),
  },
  {
    name: 'violating-public-by-default',
    description: 'The cluster leaves endpoint_public_access at its default, true: the API server is open to 0.0.0.0/0.',
    status: 'failed',
    findings: ['aws_eks_cluster.orders'],
    plan: planOf(cluster({ endpoint_private_access: true }), { tool: OPENTOFU_1_10 }),
  },
  {
    name: 'violating-public-with-allow-list',
    description: 'The cluster keeps a public endpoint, even though it limits public_access_cidrs to an office range.',
    status: 'failed',
    findings: ['aws_eks_cluster.orders'],
    plan: planOf(cluster({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] })),
  },
  {
    name: 'not-applicable-no-cluster',
    description: 'A workload with a queue and a role but no EKS cluster.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** The workload VPC, and optionally a flow log of it with the traffic type given. */
function vpcWithFlowLog(trafficType: Arg | null, action: Existing = 'create'): ResourceSpec[] {
  const vpc: ResourceSpec = { type: 'aws_vpc', name: 'main', action, args: { cidr_block: '10.20.0.0/16', enable_dns_hostnames: true, tags: { Name: 'orders' } } };
  if (trafficType === null) return [vpc];
  return [
    vpc,
    { type: 'aws_cloudwatch_log_group', name: 'flow', action: 'create', args: { name: '/vpc/orders/flow-logs', retention_in_days: 365 } },
    {
      type: 'aws_flow_log',
      name: 'main',
      action: 'create',
      args: {
        vpc_id: ref('aws_vpc.main.id'),
        traffic_type: trafficType,
        log_destination: ref('aws_cloudwatch_log_group.flow.arn'),
        iam_role_arn: ref('aws_iam_role.thumbnailer.arn'),
      },
    },
    lambdaRole(),
  ];
}

export const vpcFlowLogsCases = libraryCases('vpc-flow-logs', [
  {
    name: 'compliant-all-traffic-logged',
    description: 'An existing VPC gets a flow log of all its traffic, delivered to a new log group.',
    status: 'passed',
    plan: planOf(vpcWithFlowLog('ALL', 'no-op')),
  },
  {
    name: 'violating-rejected-only',
    description: 'The flow log records only rejected traffic, so accepted connections (exfiltration among them) leave no trace.',
    status: 'failed',
    findings: ['aws_flow_log.main'],
    plan: planOf(vpcWithFlowLog('REJECT')),
  },
  {
    name: 'violating-no-flow-log',
    description: 'A new VPC without any aws_flow_log.',
    status: 'failed',
    findings: ['aws_vpc.main'],
    plan: planOf(vpcWithFlowLog(null), { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'not-applicable-no-vpc',
    description: 'A workload with a queue and a role but no VPC.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** An instance of the orders worker; `metadataOptions` as its block (undefined leaves the block out). */
function instance(metadataOptions: Record<string, Arg> | undefined): ResourceSpec {
  return {
    type: 'aws_instance',
    name: 'worker',
    action: 'create',
    args: {
      ami: 'ami-0a1b2c3d4e5f60718',
      instance_type: 't3.medium',
      subnet_id: 'subnet-0a1b2c3d4e5f60001',
      ...(metadataOptions === undefined ? {} : { metadata_options: block(metadataOptions) }),
      tags: { Name: 'orders-worker' },
    },
  };
}

export const ec2Imdsv2RequiredCases = libraryCases('ec2-imdsv2-required', [
  {
    name: 'compliant-tokens-required',
    description: 'The instance requires IMDSv2 session tokens with a hop limit of 1.',
    status: 'passed',
    plan: planOf([instance({ http_tokens: 'required', http_put_response_hop_limit: 1 })]),
  },
  {
    name: 'violating-tokens-optional',
    description: 'The instance writes http_tokens = "optional", so IMDSv1 requests are answered.',
    status: 'failed',
    findings: ['aws_instance.worker'],
    plan: planOf([instance({ http_tokens: 'optional' })]),
  },
  {
    name: 'indeterminate-block-left-out',
    description: 'The instance leaves metadata_options out, so IMDSv2 depends on the AMI and account defaults, which the plan shows only after apply.',
    status: 'indeterminate',
    findings: ['aws_instance.worker'],
    plan: planOf([instance(undefined)]),
  },
  {
    name: 'not-applicable-no-instance',
    description: 'A workload with a queue and a role but no EC2 instance.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

/** The orders search domain of `type`, with its encryption blocks as given (undefined leaves a block out). */
function searchDomain(type: 'aws_opensearch_domain' | 'aws_elasticsearch_domain', atRest: Arg | undefined, nodeToNode: Arg | undefined): ResourceSpec {
  const version: Record<string, Arg> = type === 'aws_opensearch_domain' ? { engine_version: 'OpenSearch_2.13' } : { elasticsearch_version: '7.10' };
  return {
    type,
    name: 'orders',
    action: 'create',
    args: {
      domain_name: 'orders-search',
      ...version,
      cluster_config: block({ instance_type: 'r6g.large.search', instance_count: 2 }),
      ebs_options: block({ ebs_enabled: true, volume_size: 100 }),
      ...(atRest === undefined ? {} : { encrypt_at_rest: block({ enabled: atRest }) }),
      ...(nodeToNode === undefined ? {} : { node_to_node_encryption: block({ enabled: nodeToNode }) }),
    },
  };
}

export const opensearchDomainEncryptedCases = libraryCases('opensearch-domain-encrypted', [
  {
    name: 'compliant-opensearch-and-elasticsearch',
    description: 'An OpenSearch domain and an older Elasticsearch domain, both encrypted at rest and between nodes.',
    status: 'passed',
    plan: planOf([searchDomain('aws_opensearch_domain', true, true), { ...searchDomain('aws_elasticsearch_domain', true, true), name: 'legacy' }]),
  },
  {
    name: 'violating-at-rest-off',
    description: 'The OpenSearch domain writes encrypt_at_rest { enabled = false }.',
    status: 'failed',
    findings: ['aws_opensearch_domain.orders'],
    plan: planOf([searchDomain('aws_opensearch_domain', false, true)]),
  },
  {
    name: 'violating-node-to-node-off',
    description: 'The Elasticsearch domain encrypts at rest but writes node_to_node_encryption { enabled = false }.',
    status: 'failed',
    findings: ['aws_elasticsearch_domain.orders'],
    plan: planOf([searchDomain('aws_elasticsearch_domain', true, false)], { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'indeterminate-blocks-left-out',
    description: 'The domain leaves both encryption blocks out; the provider computes them, so the plan shows them only after apply.',
    status: 'indeterminate',
    findings: ['aws_opensearch_domain.orders'],
    plan: planOf([searchDomain('aws_opensearch_domain', undefined, undefined)]),
  },
  {
    name: 'not-applicable-no-domain',
    description: 'A workload with a queue and a role but no search domain.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** The ACL of the assets bucket: a canned ACL, or explicit grants (each a grantee type and uri or id, and a permission). */
function bucketAcl(acl: { canned: string } | { grants: ReadonlyArray<{ uri?: string; id?: string; permission: string }> }): ResourceSpec[] {
  const owner = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const args: Record<string, Arg> =
    'canned' in acl
      ? { acl: acl.canned }
      : {
          access_control_policy: block({
            owner: block({ id: owner }),
            grant: block(
              ...acl.grants.map((g) => ({
                grantee: block(g.uri === undefined ? { type: 'CanonicalUser', id: g.id ?? owner } : { type: 'Group', uri: g.uri }),
                permission: g.permission,
              })),
            ),
          }),
        };
  return [...assetsBucket(), { type: 'aws_s3_bucket_acl', name: 'assets', action: 'create', args: { bucket: ref('aws_s3_bucket.assets.id'), ...args } }];
}

export const s3BucketAclNotPublicCases = libraryCases('s3-bucket-acl-not-public', [
  {
    name: 'compliant-private-canned-acl',
    description: 'The bucket ACL is the canned private ACL.',
    status: 'passed',
    plan: planOf(bucketAcl({ canned: 'private' })),
  },
  {
    name: 'compliant-grants-to-owner-and-log-delivery',
    description: 'Explicit grants to the owner (FULL_CONTROL) and to the S3 log delivery group (WRITE), nobody else.',
    status: 'passed',
    plan: planOf(bucketAcl({ grants: [{ permission: 'FULL_CONTROL' }, { uri: LOG_DELIVERY, permission: 'WRITE' }] })),
  },
  {
    name: 'violating-public-read-canned-acl',
    description: 'The bucket ACL is public-read: anyone on the internet can list and read the objects.',
    status: 'failed',
    findings: ['aws_s3_bucket_acl.assets'],
    plan: planOf(bucketAcl({ canned: 'public-read' })),
  },
  {
    name: 'violating-grant-to-all-users',
    description: 'Besides the owner, an explicit grant gives READ to the AllUsers group.',
    status: 'failed',
    findings: ['aws_s3_bucket_acl.assets'],
    plan: planOf(bucketAcl({ grants: [{ permission: 'FULL_CONTROL' }, { uri: ALL_USERS, permission: 'READ' }] }), { tool: OPENTOFU_1_10 }),
  },
  {
    name: 'not-applicable-no-acl',
    description: 'A bucket without an aws_s3_bucket_acl (object ownership enforced, ACLs disabled).',
    status: 'not-applicable',
    plan: planOf(assetsBucket()),
  },
]);

export const libraryServiceCases: ExampleCase[] = [
  ...kmsKeyRotationCases,
  ...cloudwatchLogGroupRetainedCases,
  ...cloudwatchLogGroupEncryptedCases,
  ...sqsQueueKmsEncryptedCases,
  ...snsTopicEncryptedCases,
  ...ecrScanOnPushCases,
  ...ecrImmutableTagsCases,
  ...eksEndpointPrivateCases,
  ...vpcFlowLogsCases,
  ...ec2Imdsv2RequiredCases,
  ...opensearchDomainEncryptedCases,
  ...s3BucketAclNotPublicCases,
];
