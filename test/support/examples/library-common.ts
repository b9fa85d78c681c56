/** Pieces the starter library's examples share: where they live, deferred values, unrelated workload resources. */
import { callOf, ref, type ExprArg, type RefArg, type ResourceSpec } from '../plan-builder.js';
import type { ExampleCase } from './common.js';

/** The case list of one library guardrail, written to `features/library/<id>/examples/`. */
export function libraryCases(id: string, cases: ReadonlyArray<Omit<ExampleCase, 'guardrail'>>): ExampleCase[] {
  return cases.map((c) => ({ ...c, guardrail: `library/${id}` }));
}

/** A new customer-managed KMS key for the workload's data. */
export const DATA_KEY: ResourceSpec = {
  type: 'aws_kms_key',
  name: 'data',
  action: 'create',
  args: { description: 'orders service data', enable_key_rotation: true, deletion_window_in_days: 30 },
};

/**
 * An SSM parameter read only at apply, because it waits for the data key (`depends_on`): every
 * value taken from it is unknown in the plan. Teams keep such settings in Parameter Store.
 */
export function deferredParameter(name: string, parameter: string): ResourceSpec {
  return {
    type: 'aws_ssm_parameter',
    name,
    mode: 'data',
    action: 'read',
    actionReason: 'read_because_dependency_pending',
    args: { name: parameter },
    dependsOn: ['aws_kms_key.data'],
  };
}

/** `data.aws_ssm_parameter.<name>.value` as written. */
export const parameterValue = (name: string): RefArg => ref(`data.aws_ssm_parameter.${name}.value`);

/** `tobool(data.aws_ssm_parameter.<name>.value)`. */
export const parameterFlag = (name: string): ExprArg => callOf('tobool', `data.aws_ssm_parameter.${name}.value`, (v) => v === 'true');

/** An SQS queue and a Lambda log group: resources most guardrails of the library do not select. */
export function unrelatedWorkload(): ResourceSpec[] {
  return [
    {
      type: 'aws_sqs_queue',
      name: 'orders',
      action: 'create',
      args: { name: 'orders-intake', kms_master_key_id: 'alias/aws/sqs', message_retention_seconds: 1209600 },
    },
    {
      type: 'aws_iam_role',
      name: 'orders',
      action: 'no-op',
      args: {
        name: 'orders-worker',
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
    },
  ];
}
