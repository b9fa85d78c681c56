/** Examples for `state-bucket-prevent-destroy`: they ship `.tf` sources beside the plan. */
import { OPENTOFU_1_10 } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { existingKeyArn, stateStack } from './state-stack.js';

const G = 'state-bucket-prevent-destroy';

const BACKEND = {
  type: 's3',
  settings: {
    bucket: 'acme-platform-tfstate',
    key: 'platform/state-backend.tfstate',
    region: 'eu-central-1',
    encrypt: true,
    kms_key_id: existingKeyArn(),
    use_lockfile: true,
  },
};
const SOURCES = { backend: BACKEND, requiredVersion: '>= 1.10.0' };

const root = stateStack({ action: 'no-op', actions: { aws_s3_bucket: 'update' }, tags: { Purpose: 'opentofu-state', CostCenter: 'platform' }, priorTags: { Purpose: 'opentofu-state' } });
const inModule = stateStack({ action: 'no-op', module: 'state_backend', policyModule: 'state_bucket_policy' });
const bucketUnprotected = stateStack({ action: 'no-op', preventDestroy: { bucket: 'unset', key: true } });
const keyUnprotected = stateStack({ action: 'no-op', preventDestroy: { bucket: true, key: false } });
// AES256 default encryption and no KMS key at all: only state-bucket-kms-only has something to say.
const aes256 = stateStack({ action: 'no-op', sseAlgorithm: 'AES256', kmsMasterKeyId: 'unset', ownKey: false, denyOtherKeys: false, denyUnencryptedUploads: false });
const moduleBucketOff = stateStack({ action: 'no-op', module: 'state_backend', policyModule: 'state_bucket_policy', preventDestroy: { bucket: false, key: true } });

export const stateBucketPreventDestroyCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-root-lifecycle',
    description: 'The state bucket and its KMS key are declared in the root module with lifecycle { prevent_destroy = true }.',
    status: 'passed',
    plan: planOf([...root.resources, ...assetsBucket()]),
    sources: SOURCES,
  },
  {
    guardrail: G,
    name: 'compliant-module-lifecycle',
    description: 'The state bucket and key live in modules/state-backend, whose sources carry prevent_destroy on both.',
    status: 'passed',
    plan: planOf(inModule.resources, { tool: OPENTOFU_1_10, modules: inModule.modules }),
    sources: SOURCES,
  },
  {
    guardrail: G,
    name: 'compliant-aes256-bucket-without-kms-key',
    description:
      'The state bucket keeps prevent_destroy and is encrypted with AES256, without a KMS key: that the key is missing is state-bucket-kms-only\'s finding; with no key there is none to protect here.',
    status: 'passed',
    plan: planOf(aes256.resources),
    sources: SOURCES,
  },
  {
    guardrail: G,
    name: 'violating-bucket-without-prevent-destroy',
    description: 'The state bucket has no lifecycle block, so a plan could destroy it with all state history.',
    status: 'failed',
    findings: [bucketUnprotected.address.bucket],
    plan: planOf(bucketUnprotected.resources),
    sources: SOURCES,
  },
  {
    guardrail: G,
    name: 'violating-key-prevent-destroy-false',
    description: 'The KMS key the state bucket uses sets prevent_destroy = false; losing it makes the state unreadable.',
    status: 'failed',
    findings: [keyUnprotected.address.key],
    plan: planOf(keyUnprotected.resources),
    sources: SOURCES,
  },
  {
    guardrail: G,
    name: 'violating-module-bucket-prevent-destroy-false',
    description: 'Inside modules/state-backend the bucket sets prevent_destroy = false while its key keeps it.',
    status: 'failed',
    findings: [moduleBucketOff.address.bucket],
    plan: planOf(moduleBucketOff.resources, { tool: OPENTOFU_1_10, modules: moduleBucketOff.modules }),
    sources: SOURCES,
  },
  {
    guardrail: G,
    name: 'indeterminate-no-sources',
    description: 'A compliant state stack given as plan JSON only: lifecycle blocks are not in the plan, so without sources nothing can be decided.',
    status: 'indeterminate',
    findings: [root.address.bucket],
    plan: planOf(root.resources),
  },
  {
    guardrail: G,
    name: 'not-applicable-no-state-bucket',
    description: 'A workload with an assets bucket and a Lambda role, sources included, and no state bucket.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
    sources: { requiredVersion: '>= 1.10.0' },
  },
];
