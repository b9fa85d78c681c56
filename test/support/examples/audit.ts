/** The account's CloudTrail with its log bucket in the state-bucket posture. */
import { ref, type Arg, type PlannedAction, type ResourceSpec } from '../plan-builder.js';
import { stateStack } from './state-stack.js';

export interface TrailOptions {
  /** Action of the log bucket stack. */
  readonly stackAction: 'no-op' | 'create';
  readonly trailAction: PlannedAction;
  readonly name?: string;
  readonly priorName?: string;
  readonly multiRegion?: boolean | Arg;
  readonly logFileValidation?: boolean;
  /** `kms_key_id`; a reference to the log bucket's key unless given. */
  readonly kmsKeyId?: Arg | 'unset';
  readonly preventDestroy?: boolean;
}

export const LOG_BUCKET = 'acme-audit-cloudtrail-logs';

/** The log bucket stack plus the trail; every option left alone gives the compliant posture. */
export function auditTrail(o: TrailOptions): { resources: ResourceSpec[]; trail: string; logBucket: string; key: string } {
  const logs = stateStack({
    action: o.stackAction,
    name: 'cloudtrail_logs',
    bucket: LOG_BUCKET,
    keyDescription: 'Encrypts CloudTrail logs and their bucket',
    allowCloudTrail: true,
    preventDestroy: o.preventDestroy === false ? { bucket: 'unset', key: 'unset' } : { bucket: true, key: true },
  });
  const args: Record<string, Arg> = {
    name: o.name ?? 'account-audit',
    s3_bucket_name: ref('aws_s3_bucket.cloudtrail_logs.id'),
    include_global_service_events: true,
    is_multi_region_trail: o.multiRegion ?? true,
    enable_log_file_validation: o.logFileValidation ?? true,
  };
  const kms = o.kmsKeyId ?? ref('aws_kms_key.cloudtrail_logs.arn');
  if (kms !== 'unset') args.kms_key_id = kms;
  const trail: ResourceSpec = {
    type: 'aws_cloudtrail',
    name: 'main',
    action: o.trailAction,
    args,
    dependsOn: ['aws_s3_bucket_policy.cloudtrail_logs'],
    ...(o.priorName ? { prior: { name: o.priorName } } : {}),
    ...(o.trailAction === 'replace' ? { actionReason: 'replace_because_cannot_update', replacePaths: [['name']] } : {}),
  };
  return { resources: [...logs.resources, trail], trail: 'aws_cloudtrail.main', logBucket: logs.address.bucket, key: logs.address.key };
}
