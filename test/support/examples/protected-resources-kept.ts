/** Examples for `protected-resources-kept`. */
import { OPENTOFU_1_10, TERRAFORM_1_4, type ResourceSpec } from '../plan-builder.js';
import { auditTrail, LOG_BUCKET } from './audit.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';
import { stateStack } from './state-stack.js';

const G = 'protected-resources-kept';

const kept = stateStack({ action: 'no-op', actions: { aws_s3_bucket: 'update' }, tags: { Purpose: 'opentofu-state', CostCenter: 'platform' }, priorTags: { Purpose: 'opentofu-state' } });
const trailKept = auditTrail({ stackAction: 'no-op', trailAction: 'no-op' });

/** A bucket removed from the configuration: deleted, and gone from `configuration`. */
function removed(r: ResourceSpec): ResourceSpec {
  return { ...r, action: 'delete', actionReason: 'delete_because_no_resource_config', inConfig: false };
}

const exportsBucket: ResourceSpec = removed({ type: 'aws_s3_bucket', name: 'exports', action: 'delete', args: { bucket: 'acme-tmp-exports' } });

// Renaming the state bucket forces a new bucket; everything naming it by id is replaced with it.
const OLD_STATE_BUCKET = 'acme-tfstate';
const renamed = stateStack({ action: 'no-op', withPolicy: false });
const renamedResources = renamed.resources.map((r): ResourceSpec => {
  if (r.type === 'aws_s3_bucket') return { ...r, action: 'replace', actionReason: 'replace_because_cannot_update', replacePaths: [['bucket']], prior: { bucket: OLD_STATE_BUCKET } };
  if (r.type.startsWith('aws_s3_bucket_')) return { ...r, action: 'replace', actionReason: 'replace_because_cannot_update', replacePaths: [['bucket']], prior: { bucket: OLD_STATE_BUCKET } };
  return r;
});

const reportsKey: ResourceSpec = removed({
  type: 'aws_kms_key',
  name: 'reports',
  action: 'delete',
  args: { description: 'Encrypts monthly cost reports', deletion_window_in_days: 7, enable_key_rotation: true },
});

const trailRenamed = auditTrail({ stackAction: 'no-op', trailAction: 'replace', name: 'account-audit-trail', priorName: 'account-audit' });

// The audit log bucket's module call was deleted: its objects go with it.
const moduleLogBucket: ResourceSpec = {
  type: 'aws_s3_bucket',
  name: 'logs',
  module: ['audit_logs'],
  action: 'delete',
  actionReason: 'delete_because_no_module',
  inConfig: false,
  args: { bucket: 'acme-audit-log-archive' },
};

const destroyed = stateStack({ action: 'no-op' });
const destroyAll = destroyed.resources.map((r): ResourceSpec => ({ ...r, action: 'delete' }));

export const protectedResourcesKeptCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-protected-resources-updated-in-place',
    description: 'The state bucket only gets new tags and the trail and keys stay; deleting an unrelated exports bucket is allowed.',
    status: 'passed',
    plan: planOf([...kept.resources, ...trailKept.resources, exportsBucket]),
  },
  {
    guardrail: G,
    name: 'violating-state-bucket-replaced',
    description: `Renaming the state bucket from ${OLD_STATE_BUCKET} replaces it (["delete","create"]), destroying the bucket that holds the state.`,
    status: 'failed',
    findings: [renamed.address.bucket],
    plan: planOf(renamedResources),
  },
  {
    guardrail: G,
    name: 'violating-kms-key-deleted',
    description: 'A KMS key removed from the configuration is scheduled for deletion; whatever it encrypted becomes unreadable.',
    status: 'failed',
    findings: ['aws_kms_key.reports'],
    plan: planOf([reportsKey, ...assetsBucket('no-op')], { tool: TERRAFORM_1_4 }),
  },
  {
    guardrail: G,
    name: 'violating-cloudtrail-replaced',
    description: 'Renaming the trail replaces it, leaving a gap in the audit log between delete and create.',
    status: 'failed',
    findings: [trailRenamed.trail],
    plan: planOf(trailRenamed.resources),
  },
  {
    guardrail: G,
    name: 'violating-module-audit-log-bucket-deleted',
    description: 'Removing the audit_logs module call deletes module.audit_logs.aws_s3_bucket.logs, an audit-log bucket.',
    status: 'failed',
    findings: ['module.audit_logs.aws_s3_bucket.logs'],
    plan: planOf([moduleLogBucket, ...assetsBucket('no-op')], { tool: OPENTOFU_1_10 }),
  },
  {
    guardrail: G,
    name: 'violating-destroy-plan',
    description: 'A `plan -destroy` of the state stack deletes the state bucket and its key.',
    status: 'failed',
    findings: [destroyed.address.bucket, destroyed.address.key],
    plan: planOf(destroyAll),
  },
  {
    guardrail: G,
    name: 'not-applicable-nothing-protected',
    description: `A plan with an assets bucket and a Lambda role: no KMS key, no trail, no bucket named like state or audit logs (such as ${LOG_BUCKET}).`,
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
];
