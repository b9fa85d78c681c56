/** Examples for `audit-trail`. */
import { OPENTOFU_1_10, TERRAFORM_1_4, callOf, ref, type ResourceSpec } from '../plan-builder.js';
import { auditTrail } from './audit.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { GUARDDUTY_IN_MODULE, SECURITY_BASELINE_MODULE } from './state-bucket-kms-only.js';

const G = 'audit-trail';

const compliant = auditTrail({ stackAction: 'create', trailAction: 'create' });
const existingCompliant = auditTrail({ stackAction: 'no-op', trailAction: 'no-op' });
const singleRegion = auditTrail({ stackAction: 'no-op', trailAction: 'no-op', multiRegion: false });
const noValidation = auditTrail({ stackAction: 'no-op', trailAction: 'create', logFileValidation: false });
const noKms = auditTrail({ stackAction: 'no-op', trailAction: 'create', kmsKeyId: 'unset' });
const deferredKey = auditTrail({ stackAction: 'no-op', trailAction: 'create', kmsKeyId: ref('data.aws_kms_alias.audit.target_key_arn') });

const deferredScope = auditTrail({
  stackAction: 'no-op',
  trailAction: 'create',
  multiRegion: callOf('tobool', 'data.aws_ssm_parameter.trail_multi_region.value', (v) => v === 'true'),
});

// depends_on makes both data sources wait for the module's changes: they are read only at apply.
const DEFERRED_SCOPE: ResourceSpec = {
  type: 'aws_ssm_parameter',
  name: 'trail_multi_region',
  mode: 'data',
  action: 'read',
  actionReason: 'read_because_dependency_pending',
  args: { name: '/org/cloudtrail/multi-region' },
  dependsOn: ['module.security_baseline'],
};

const DEFERRED_AUDIT_ALIAS: ResourceSpec = {
  type: 'aws_kms_alias',
  name: 'audit',
  mode: 'data',
  action: 'read',
  actionReason: 'read_because_dependency_pending',
  args: { name: 'alias/security-audit' },
  dependsOn: ['module.security_baseline'],
};

export const auditTrailCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-new-multi-region-trail',
    description: 'A new multi-region trail with log file validation whose kms_key_id references the new key: unknown until apply, but a configuration reference to an aws_kms_key.',
    status: 'passed',
    plan: planOf(compliant.resources),
  },
  {
    guardrail: G,
    name: 'compliant-existing-trail',
    description: 'An existing trail, unchanged, with a known KMS key ARN, next to an unrelated new bucket.',
    status: 'passed',
    plan: planOf([...existingCompliant.resources, ...assetsBucket()], { tool: OPENTOFU_1_10 }),
  },
  {
    guardrail: G,
    name: 'violating-single-region',
    description: 'The trail records only its home region (is_multi_region_trail = false).',
    status: 'failed',
    findings: [singleRegion.trail],
    plan: planOf([...singleRegion.resources, ...assetsBucket()], { tool: TERRAFORM_1_4 }),
  },
  {
    guardrail: G,
    name: 'violating-no-log-file-validation',
    description: 'The trail leaves enable_log_file_validation at its default, false, so tampered log files go unnoticed.',
    status: 'failed',
    findings: [noValidation.trail],
    plan: planOf(noValidation.resources),
  },
  {
    guardrail: G,
    name: 'violating-no-kms-key',
    description: 'The trail sets no kms_key_id, so its logs are only SSE-S3 encrypted.',
    status: 'failed',
    findings: [noKms.trail],
    plan: planOf(noKms.resources),
  },
  {
    guardrail: G,
    name: 'compliant-kms-key-from-deferred-data-source',
    description: 'kms_key_id comes from an alias data source read only at apply: unknown now, but a key is set by reference.',
    status: 'passed',
    plan: planOf([...deferredKey.resources, DEFERRED_AUDIT_ALIAS, GUARDDUTY_IN_MODULE], { modules: [SECURITY_BASELINE_MODULE] }),
  },
  {
    guardrail: G,
    name: 'indeterminate-multi-region-from-deferred-parameter',
    description: 'is_multi_region_trail is tobool() of an SSM parameter read only at apply (it waits for module.security_baseline), so whether the trail covers every region is unknown.',
    status: 'indeterminate',
    findings: [deferredScope.trail],
    plan: planOf([...deferredScope.resources, DEFERRED_SCOPE, GUARDDUTY_IN_MODULE], { modules: [SECURITY_BASELINE_MODULE] }),
  },
  {
    guardrail: G,
    name: 'not-applicable-no-trail',
    description: 'A workload plan without any aws_cloudtrail.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
];
