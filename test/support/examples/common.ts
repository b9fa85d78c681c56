/** Pieces every example shares: the case shape, the team's provider block, unrelated workload resources. */
import type { SourceExtras } from '../hcl-writer.js';
import { TERRAFORM_1_9, block, jsonencodeOf, ref, type PlanSpec, type ProviderSpec, type ResourceSpec } from '../plan-builder.js';

export type ExpectedStatus = 'passed' | 'failed' | 'indeterminate' | 'not-applicable';

/** One example a guardrail is tested against: `features/<guardrail>/examples/<name>/`. */
export interface ExampleCase {
  readonly guardrail: string;
  readonly name: string;
  /** One sentence: what the example shows. */
  readonly description: string;
  readonly status: ExpectedStatus;
  /** Addresses that must appear among the guardrail's non-passing findings. */
  readonly findings?: readonly string[];
  readonly plan: PlanSpec;
  /** When set, the case ships its `.tf` sources too. */
  readonly sources?: SourceExtras;
}

export const ACCOUNT_ID = '111122223333';
export const REGION = 'eu-central-1';

/** The team's provider block as CI runs it: region and default tags, credentials from the environment. */
export const AWS_PROVIDER: ProviderSpec = {
  name: 'aws',
  versionConstraint: '~> 5.80',
  args: {
    region: REGION,
    default_tags: block({ tags: { ManagedBy: 'opentofu', Team: 'platform' } }),
  },
};

/** `data.aws_caller_identity.current`, read while planning. */
export const CALLER_IDENTITY: ResourceSpec = { type: 'aws_caller_identity', name: 'current', mode: 'data', action: 'plan-read', args: {} };

/** An application bucket with SSE-S3: a bucket no state-bucket guardrail selects. */
export function assetsBucket(action: 'create' | 'no-op' = 'create'): ResourceSpec[] {
  return [
    { type: 'aws_s3_bucket', name: 'assets', action, args: { bucket: 'acme-web-assets', tags: { Purpose: 'static-assets' } } },
    {
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: 'assets',
      action,
      args: {
        bucket: ref('aws_s3_bucket.assets.id'),
        rule: block({ apply_server_side_encryption_by_default: block({ sse_algorithm: 'AES256' }) }),
      },
    },
  ];
}

/** A Lambda execution role: a service principal, selected by no operator or CI guardrail. */
export function lambdaRole(): ResourceSpec {
  return {
    type: 'aws_iam_role',
    name: 'thumbnailer',
    action: 'create',
    args: {
      name: 'thumbnailer-lambda',
      assume_role_policy: jsonencodeOf([], () => ({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      })),
    },
  };
}

/** A plan description with the usual provider and the default tool; shared pieces given twice count once. */
export function planOf(resources: ResourceSpec[], extra: Partial<PlanSpec> = {}): PlanSpec {
  return { tool: TERRAFORM_1_9, providers: [AWS_PROVIDER], ...extra, resources: [...new Set(resources)] };
}
