/**
 * Plan resources for policy tests: a bucket whose ARN is known only after apply, an
 * `aws_iam_policy_document` read at apply because a statement names that ARN, and the
 * resources that take the document's `json` by reference, as OpenTofu and Terraform print them.
 */
import type { RawResource } from './raw-plan.js';

/** One `statement` block of an aws_iam_policy_document, as planned values print it. */
export interface StatementBlock {
  effect?: 'Allow' | 'Deny';
  actions?: string[];
  not_actions?: string[];
  /** `BUCKET_ARN` stands for `aws_s3_bucket.state.arn`, known only after apply. */
  resources?: string[];
  principals?: Array<{ type: string; identifiers: string[] }>;
  condition?: Array<{ test: string; variable: string; values: string[] }>;
}

export const BUCKET_ARN = 'BUCKET_ARN';

/** The state bucket, its ARN known only after apply. */
export const bucket: RawResource = {
  address: 'aws_s3_bucket.state',
  values: { bucket: 'acme-tfstate' },
  unknown: { arn: true, id: true },
  expressions: { bucket: { constant_value: 'acme-tfstate' } },
};

/** `data.aws_iam_policy_document.NAME` read at apply, its `json` unknown; `BUCKET_ARN` items unknown too. */
export function documentSource(name: string, statements: StatementBlock[]): RawResource {
  const blank = { sid: null, effect: null, actions: null, not_actions: null, resources: null, not_resources: null, principals: [], not_principals: [], condition: [] };
  return {
    address: `data.aws_iam_policy_document.${name}`,
    actions: ['read'],
    values: {
      override_policy_documents: null,
      source_policy_documents: null,
      policy_id: null,
      version: null,
      statement: statements.map((statement) => ({
        ...blank,
        ...statement,
        resources: statement.resources?.map((resource) => (resource === BUCKET_ARN ? null : resource)) ?? null,
      })),
    },
    unknown: {
      id: true,
      json: true,
      statement: statements.map((statement) => ({ resources: statement.resources?.map((resource) => resource === BUCKET_ARN) ?? [] })),
    },
    expressions: {
      statement: statements.map((statement) => ({
        ...(statement.actions ? { actions: { constant_value: statement.actions } } : {}),
        ...(statement.resources
          ? {
              resources: statement.resources.includes(BUCKET_ARN)
                ? { references: ['aws_s3_bucket.state.arn', 'aws_s3_bucket.state'] }
                : { constant_value: statement.resources },
            }
          : {}),
      })),
    },
  };
}

/** A resource of `type` whose `attribute` is set from `data.aws_iam_policy_document.NAME.json`, unknown until apply. */
export function documentHolder(type: string, attribute: string, name: string, extra: Record<string, unknown> = {}): RawResource {
  return {
    address: `${type}.main`,
    values: { ...extra },
    unknown: { [attribute]: true },
    expressions: {
      [attribute]: { references: [`data.aws_iam_policy_document.${name}.json`, `data.aws_iam_policy_document.${name}`] },
    },
  };
}
