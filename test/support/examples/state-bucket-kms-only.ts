/** Examples for `state-bucket-kms-only`. */
import { OPENTOFU_1_10, TERRAFORM_1_0, TERRAFORM_1_4, ref, type ModuleCallSpec, type ResourceSpec } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { forEachStateBuckets } from './for-each-state-buckets.js';
import { stateStack, type StateStackOptions } from './state-stack.js';

const G = 'state-bucket-kms-only';

/** A bootstrapped state stack (no-op) with the given switch, plus an unrelated new bucket. */
function existing(o: Partial<StateStackOptions>) {
  return stateStack({ action: 'no-op', ...o });
}

/** A module with pending changes the deferred data source waits for. */
export const SECURITY_BASELINE_MODULE: ModuleCallSpec = {
  path: ['security_baseline'],
  source: './modules/security-baseline',
  inputs: {},
  variables: {},
};
export const GUARDDUTY_IN_MODULE: ResourceSpec = {
  type: 'aws_guardduty_detector',
  name: 'this',
  module: ['security_baseline'],
  action: 'create',
  args: { enable: true },
};

const bootstrapped = existing({ actions: { aws_s3_bucket: 'update' }, tags: { Purpose: 'opentofu-state', CostCenter: 'platform' }, priorTags: { Purpose: 'opentofu-state' } });
const inModules = existing({ module: 'state_backend', policyModule: 'state_bucket_policy' });
const moduleAes = existing({ module: 'state_backend', policyModule: 'state_bucket_policy', sseAlgorithm: 'AES256', kmsMasterKeyId: 'unset' });
const aes = existing({ sseAlgorithm: 'AES256', kmsMasterKeyId: 'unset' });
const awsManaged = existing({ kmsMasterKeyId: 'alias/aws/s3' });
const noBucketKey = existing({ bucketKeyEnabled: false });
const plainHttp = existing({ denyInsecureTransport: false });
const anyUpload = existing({ denyUnencryptedUploads: false });
const otherKey = existing({ denyOtherKeys: { arn: 'arn:aws:kms:eu-central-1:111122223333:key/6f1c0d2e-93b7-4f0a-8d55-2c4e7a9b1f30' } });
const noPolicy = existing({ withPolicy: false });
const suspended = stateStack({
  action: 'no-op',
  actions: { aws_s3_bucket_versioning: 'update' },
  versioning: 'Suspended',
});
const partialBlock = existing({ publicAccessOff: ['restrict_public_buckets'] });
const fresh = stateStack({ action: 'create' });
const centralKey = stateStack({
  action: 'create',
  ownKey: false,
  kmsMasterKeyId: ref('data.aws_kms_alias.state.target_key_arn'),
  policyKeyTraversal: 'data.aws_kms_alias.state.target_key_arn',
});

const DEFERRED_ALIAS: ResourceSpec = {
  type: 'aws_kms_alias',
  name: 'state',
  mode: 'data',
  action: 'read',
  actionReason: 'read_because_dependency_pending',
  args: { name: 'alias/platform-state' },
  dependsOn: ['module.security_baseline'],
};

// Versioning goes from Enabled to Suspended: the prior object must say what it was.
const suspendedResources = suspended.resources.map((r) =>
  r.type === 'aws_s3_bucket_versioning' ? { ...r, prior: { versioning_configuration: [{ mfa_delete: 'Disabled', status: 'Enabled' }] } } : r,
);

const FOR_EACH_BUCKETS = { a: 'acme-a-tfstate', b: 'acme-b-tfstate' };

export const stateBucketKmsOnlyCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-bootstrapped-state-bucket',
    description: 'A bootstrapped state bucket with KMS default encryption, bucket key, the three Denies, versioning and a full public access block; only its tags change, and an SSE-S3 assets bucket is ignored.',
    status: 'passed',
    plan: planOf([...bootstrapped.resources, ...assetsBucket()]),
  },
  {
    guardrail: G,
    name: 'compliant-module-state-backend',
    description: 'The stack lives in module.state_backend and its policy in module.state_bucket_policy, which receives the bucket and key through var.bucket_id, var.bucket_arn and var.kms_key_arn.',
    status: 'passed',
    plan: planOf([...inModules.resources, ...assetsBucket()], { tool: OPENTOFU_1_10, modules: inModules.modules }),
  },
  {
    guardrail: G,
    name: 'violating-sse-aes256',
    description: 'AES256 default encryption on the state bucket instead of aws:kms with the stack key.',
    status: 'failed',
    findings: [aes.address.sse],
    plan: planOf([...aes.resources, ...assetsBucket()], { tool: TERRAFORM_1_4 }),
  },
  {
    guardrail: G,
    name: 'violating-module-sse-aes256',
    description: 'Inside module.state_backend the state bucket is encrypted with AES256.',
    status: 'failed',
    findings: [moduleAes.address.sse],
    plan: planOf([...moduleAes.resources, ...assetsBucket()], { tool: OPENTOFU_1_10, modules: moduleAes.modules }),
  },
  {
    guardrail: G,
    name: 'violating-kms-key-aws-managed',
    description: 'aws:kms with the AWS-managed key alias/aws/s3 instead of a reference to the customer-managed aws_kms_key.',
    status: 'failed',
    findings: [awsManaged.address.sse],
    plan: planOf(awsManaged.resources),
  },
  {
    guardrail: G,
    name: 'violating-bucket-key-disabled',
    description: 'bucket_key_enabled is false on the encryption rule, so every object operation calls KMS.',
    status: 'failed',
    findings: [noBucketKey.address.sse],
    plan: planOf(noBucketKey.resources, { tool: TERRAFORM_1_0 }),
  },
  {
    guardrail: G,
    name: 'violating-policy-allows-insecure-transport',
    description: 'The bucket policy has no Deny on aws:SecureTransport "false", so plain HTTP requests are allowed.',
    status: 'failed',
    findings: [plainHttp.address.policy],
    plan: planOf([...plainHttp.resources, ...assetsBucket()]),
  },
  {
    guardrail: G,
    name: 'violating-policy-allows-non-kms-uploads',
    description: 'The bucket policy has no Deny on s3:PutObject without s3:x-amz-server-side-encryption "aws:kms", so a client can upload with SSE-S3.',
    status: 'failed',
    findings: [anyUpload.address.policy],
    plan: planOf(anyUpload.resources),
  },
  {
    guardrail: G,
    name: 'violating-policy-allows-other-kms-keys',
    description: 'The key-id Deny names a key copied from another stack, not this bucket\'s key, so uploads under the bucket\'s own key are refused and others pass.',
    status: 'failed',
    findings: [otherKey.address.policy],
    plan: planOf(otherKey.resources, { tool: OPENTOFU_1_10 }),
  },
  {
    guardrail: G,
    name: 'violating-bucket-policy-missing',
    description: 'The state bucket has no bucket policy at all, so nothing stops per-request SSE-S3 uploads or plain HTTP.',
    status: 'failed',
    findings: [noPolicy.address.bucket],
    plan: planOf([...noPolicy.resources, ...assetsBucket()]),
  },
  {
    guardrail: G,
    name: 'violating-versioning-suspended',
    description: 'An update suspends versioning on the state bucket.',
    status: 'failed',
    findings: [suspended.address.versioning],
    plan: planOf(suspendedResources),
  },
  {
    guardrail: G,
    name: 'violating-public-access-partially-blocked',
    description: 'The public access block leaves restrict_public_buckets false.',
    status: 'failed',
    findings: [partialBlock.address.publicAccess],
    plan: planOf(partialBlock.resources),
  },
  {
    guardrail: G,
    name: 'indeterminate-policy-unknown-at-bootstrap',
    description: 'A first apply: the encryption is compliant by reference, but the bucket policy embeds the bucket and key ARNs and is known only after apply.',
    status: 'indeterminate',
    findings: [fresh.address.policy],
    plan: planOf(fresh.resources),
  },
  {
    guardrail: G,
    name: 'indeterminate-kms-key-from-deferred-data-source',
    description: 'kms_master_key_id comes from a data source read only at apply (it waits for module.security_baseline), with no reference to an aws_kms_key, so the key is unknown.',
    status: 'indeterminate',
    findings: [centralKey.address.sse],
    plan: planOf([...centralKey.resources, DEFERRED_ALIAS, GUARDDUTY_IN_MODULE], { modules: [SECURITY_BASELINE_MODULE] }),
  },
  {
    guardrail: G,
    name: 'not-applicable-no-state-bucket',
    description: 'A workload plan with an assets bucket and a Lambda role but no bucket named like a state bucket.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
  {
    guardrail: G,
    name: 'violating-for-each-bucket-without-versioning',
    description:
      'Two state buckets made with for_each ("a" and "b"), each companion written as aws_s3_bucket.state[each.key]; only bucket "a" has a versioning configuration, so bucket "b" is unversioned.',
    status: 'failed',
    findings: ['aws_s3_bucket.state["b"]'],
    plan: planOf(forEachStateBuckets({ buckets: FOR_EACH_BUCKETS, action: 'no-op', versioned: ['a'], versioningIndex: 'each.key' })),
  },
  {
    guardrail: G,
    name: 'indeterminate-for-each-versioning-key-from-variable',
    description:
      'A first apply of two for_each state buckets whose versioning iterates over var.versioned_buckets and writes aws_s3_bucket.state[each.value]: the plan does not show which bucket each versioning configuration is for.',
    status: 'indeterminate',
    findings: ['aws_s3_bucket.state["a"]', 'aws_s3_bucket.state["b"]'],
    plan: planOf(forEachStateBuckets({ buckets: FOR_EACH_BUCKETS, action: 'create', versioned: ['a', 'b'], versioningIndex: 'variable' }), {
      variables: { versioned_buckets: { value: { a: 'a', b: 'b' }, description: 'Keys of the state buckets to version' } },
    }),
  },
];
