/** Examples for the starter library's least-privilege, bucket policy and tagging guardrails. */
import { OPENTOFU_1_10, TERRAFORM_1_4, block, jsonencodeOf, ref, type Arg, type ProviderSpec, type ResourceSpec } from '../plan-builder.js';
import { ACCOUNT_ID, REGION, assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { DATA_KEY, deferredParameter, libraryCases, parameterValue } from './library-common.js';

type Statement = Record<string, unknown>;

/** `jsonencode({ Version, Statement })` whose statements may name the assets bucket's ARN (unknown while the bucket is new). */
function policyDocument(statements: (bucketArn: unknown) => Statement[]): Arg {
  return jsonencodeOf(['aws_s3_bucket.assets.arn'], (get) => ({ Version: '2012-10-17', Statement: statements(get('aws_s3_bucket.assets.arn')) }));
}

const READ_ASSETS = (arn: unknown): Statement => ({ Sid: 'ReadAssets', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [arn, `${String(arn)}/*`] });
const FULL_ADMIN: Statement = { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' };

/** A customer-managed policy `aws_iam_policy.<name>`. */
function managedPolicy(name: string, policy: Arg): ResourceSpec {
  return { type: 'aws_iam_policy', name, action: 'create', args: { name: `orders-${name}`, description: `orders ${name}`, policy } };
}

/** An inline policy of the thumbnailer role. */
function rolePolicy(name: string, policy: Arg): ResourceSpec {
  return { type: 'aws_iam_role_policy', name, action: 'create', args: { name, role: ref('aws_iam_role.thumbnailer.id'), policy } };
}

const operatorsGroup: ResourceSpec = { type: 'aws_iam_group', name: 'operators', action: 'create', args: { name: 'orders-operators' } };

export const iamPolicyNoFullAdminCases = libraryCases('iam-policy-no-full-admin', [
  {
    name: 'compliant-scoped-policies',
    description: 'A managed policy and a role policy that read the existing assets bucket only.',
    status: 'passed',
    plan: planOf([...assetsBucket('no-op'), lambdaRole(), managedPolicy('read-assets', policyDocument((arn) => [READ_ASSETS(arn)])), rolePolicy('read-assets', policyDocument((arn) => [READ_ASSETS(arn)]))]),
  },
  {
    name: 'violating-star-on-star',
    description: 'Next to a scoped statement, the managed policy allows "*" on "*".',
    status: 'failed',
    findings: ['aws_iam_policy.break-glass'],
    plan: planOf([...assetsBucket('no-op'), managedPolicy('break-glass', policyDocument((arn) => [READ_ASSETS(arn), FULL_ADMIN]))]),
  },
  {
    name: 'violating-not-action-grants-iam',
    description: 'The group policy allows everything but billing through NotAction on "*", so every IAM action too.',
    status: 'failed',
    findings: ['aws_iam_group_policy.operators'],
    plan: planOf(
      [
        operatorsGroup,
        {
          type: 'aws_iam_group_policy',
          name: 'operators',
          action: 'create',
          args: {
            name: 'operators',
            group: ref('aws_iam_group.operators.name'),
            policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['aws-portal:*', 'account:*'], Resource: '*' }] }),
          },
        },
      ],
      { tool: TERRAFORM_1_4 },
    ),
  },
  {
    name: 'indeterminate-policy-naming-new-bucket',
    description: 'The managed policy is jsonencode() of statements naming the new bucket\'s ARN: the plan shows neither its text nor its expression until apply.',
    status: 'indeterminate',
    findings: ['aws_iam_policy.read-assets'],
    plan: planOf([...assetsBucket(), managedPolicy('read-assets', policyDocument((arn) => [READ_ASSETS(arn)]))]),
  },
  {
    name: 'indeterminate-policy-from-deferred-parameter',
    description: 'The role policy is the text of an SSM parameter read only at apply, so what it grants is unknown.',
    status: 'indeterminate',
    findings: ['aws_iam_role_policy.imported'],
    plan: planOf([DATA_KEY, lambdaRole(), rolePolicy('imported', parameterValue('role_policy')), deferredParameter('role_policy', '/platform/iam/thumbnailer-policy')]),
  },
  {
    name: 'not-applicable-no-policy',
    description: 'A workload with a bucket and a role without any inline or managed policy.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
]);

/** The assets bucket's policy; `statements` receive the bucket ARN. */
function bucketPolicy(statements: (bucketArn: unknown) => Statement[]): ResourceSpec {
  return { type: 'aws_s3_bucket_policy', name: 'assets', action: 'create', args: { bucket: ref('aws_s3_bucket.assets.id'), policy: policyDocument(statements) } };
}

const CLOUDFRONT_READ = (arn: unknown): Statement => ({
  Sid: 'CloudFrontRead',
  Effect: 'Allow',
  Principal: { Service: 'cloudfront.amazonaws.com' },
  Action: 's3:GetObject',
  Resource: `${String(arn)}/*`,
  Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/E2QWRUHAPOMQZL` } },
});
const DENY_PLAIN_HTTP = (arn: unknown): Statement => ({
  Sid: 'DenyPlainHttp',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [arn, `${String(arn)}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

export const s3BucketPolicyNotPublicCases = libraryCases('s3-bucket-policy-not-public', [
  {
    name: 'compliant-cloudfront-and-deny-http',
    description: 'The bucket policy lets only the CloudFront distribution read objects and denies plain HTTP to everyone (a Deny for "*" is not public access).',
    status: 'passed',
    plan: planOf([...assetsBucket('no-op'), bucketPolicy((arn) => [CLOUDFRONT_READ(arn), DENY_PLAIN_HTTP(arn)])]),
  },
  {
    name: 'compliant-everyone-in-the-organisation',
    description: 'Every principal may read, but only from within the organisation (aws:PrincipalOrgID).',
    status: 'passed',
    plan: planOf([
      ...assetsBucket('no-op'),
      bucketPolicy((arn) => [{ Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${String(arn)}/*`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }]),
    ]),
  },
  {
    name: 'violating-public-read',
    description: 'A statement lets "*" read every object, with no condition.',
    status: 'failed',
    findings: ['aws_s3_bucket_policy.assets'],
    plan: planOf([...assetsBucket('no-op'), bucketPolicy((arn) => [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${String(arn)}/*` }, DENY_PLAIN_HTTP(arn)])], {
      tool: OPENTOFU_1_10,
    }),
  },
  {
    name: 'violating-any-aws-principal',
    description: 'A statement lets {"AWS": "*"} (every AWS account in the world) list the bucket.',
    status: 'failed',
    findings: ['aws_s3_bucket_policy.assets'],
    plan: planOf([...assetsBucket('no-op'), bucketPolicy((arn) => [{ Sid: 'AnyAccountList', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:ListBucket', Resource: arn }])]),
  },
  {
    name: 'indeterminate-policy-naming-new-bucket',
    description: 'The policy of a new bucket is jsonencode() of statements naming its ARN, so the plan shows the policy only after apply.',
    status: 'indeterminate',
    findings: ['aws_s3_bucket_policy.assets'],
    plan: planOf([...assetsBucket(), bucketPolicy((arn) => [CLOUDFRONT_READ(arn), DENY_PLAIN_HTTP(arn)])]),
  },
  {
    name: 'not-applicable-no-bucket-policy',
    description: 'A bucket without a bucket policy.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
]);

/** The team's provider with the given default tags. */
function providerWithTags(tags: Record<string, string>): ProviderSpec {
  return { name: 'aws', versionConstraint: '~> 5.80', args: { region: REGION, default_tags: block({ tags }) } };
}

const ORG_DEFAULTS = { Environment: 'prod', CostCenter: 'cc-4711', ManagedBy: 'opentofu' };

/** The orders queue and key, with their own tags. */
function taggedWorkload(queueTags: Record<string, Arg>, keyTags: Record<string, Arg> = { Owner: 'orders-team' }): ResourceSpec[] {
  return [
    { type: 'aws_sqs_queue', name: 'orders', action: 'create', args: { name: 'orders-intake', kms_master_key_id: ref('aws_kms_key.orders.arn'), tags: queueTags } },
    { type: 'aws_kms_key', name: 'orders', action: 'create', args: { description: 'orders queue', enable_key_rotation: true, tags: keyTags } },
  ];
}

export const requiredTagsCases = libraryCases('required-tags', [
  {
    name: 'compliant-owner-tag-with-default-tags',
    description: 'Environment and CostCenter come from the provider default_tags, Owner from each resource; the versioning of an existing bucket supports no tags and is not judged.',
    status: 'passed',
    plan: planOf(
      [
        ...taggedWorkload({ Owner: 'orders-team' }),
        { type: 'aws_s3_bucket_versioning', name: 'legacy', action: 'create', args: { bucket: 'acme-orders-legacy', versioning_configuration: block({ status: 'Enabled' }) } },
      ],
      { providers: [providerWithTags(ORG_DEFAULTS)] },
    ),
  },
  {
    name: 'violating-owner-missing',
    description: 'The queue carries no Owner tag, and the provider does not set one by default.',
    status: 'failed',
    findings: ['aws_sqs_queue.orders'],
    plan: planOf(taggedWorkload({ Service: 'orders' }), { providers: [providerWithTags(ORG_DEFAULTS)] }),
  },
  {
    name: 'violating-no-default-cost-centre',
    description: 'The provider default_tags lack CostCenter, and neither resource sets it.',
    status: 'failed',
    findings: ['aws_sqs_queue.orders', 'aws_kms_key.orders'],
    plan: planOf(taggedWorkload({ Owner: 'orders-team' }), { providers: [providerWithTags({ Environment: 'prod', ManagedBy: 'opentofu' })], tool: TERRAFORM_1_4 }),
  },
  {
    name: 'indeterminate-owner-from-deferred-parameter',
    description: 'The queue takes its Owner tag from an SSM parameter read only at apply, so whether it has a value is unknown.',
    status: 'indeterminate',
    findings: ['aws_sqs_queue.orders'],
    plan: planOf([{ ...DATA_KEY, args: { ...DATA_KEY.args, tags: { Owner: 'platform-team' } } }, ...taggedWorkload({ Owner: parameterValue('queue_owner') }), deferredParameter('queue_owner', '/platform/owners/orders-queue')], {
      providers: [providerWithTags(ORG_DEFAULTS)],
    }),
  },
  {
    name: 'not-applicable-nothing-taggable',
    description: 'A plan that only configures an existing bucket: versioning and public access block support no tags.',
    status: 'not-applicable',
    plan: planOf([
      { type: 'aws_s3_bucket_versioning', name: 'legacy', action: 'create', args: { bucket: 'acme-orders-legacy', versioning_configuration: block({ status: 'Enabled' }) } },
      {
        type: 'aws_s3_bucket_public_access_block',
        name: 'legacy',
        action: 'create',
        args: { bucket: 'acme-orders-legacy', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
    ]),
  },
]);

export const libraryIamTagCases: ExampleCase[] = [...iamPolicyNoFullAdminCases, ...s3BucketPolicyNotPublicCases, ...requiredTagsCases];
