/** Examples for `state-bucket-access-logged`: state buckets made with for_each, and their logging configurations. */
import { ref, type Arg, type PlannedAction, type ResourceSpec } from '../plan-builder.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';

const G = 'state-bucket-access-logged';
const STATE_BUCKETS = { a: 'acme-a-tfstate', b: 'acme-b-tfstate' };

const accessLogs = (action: Extract<PlannedAction, 'create' | 'no-op'>): ResourceSpec => ({
  type: 'aws_s3_bucket',
  name: 'access_logs',
  action,
  args: { bucket: 'acme-s3-access-logs', tags: { Purpose: 'access-logs' } },
});

/** `aws_s3_bucket.state["a"]`, `["b"]` from one for_each block. */
const stateBuckets = (action: Extract<PlannedAction, 'create' | 'no-op'>): ResourceSpec[] =>
  Object.keys(STATE_BUCKETS).map((key) => ({
    type: 'aws_s3_bucket',
    name: 'state',
    key,
    forEach: STATE_BUCKETS,
    action,
    args: { bucket: ref('each.value'), tags: { Purpose: 'opentofu-state' } },
  }));

/** Logging configurations for `keys`, writing into the access-log bucket; `bucket` as given. */
const logging = (action: Extract<PlannedAction, 'create' | 'no-op'>, keys: readonly string[], bucket: Arg, forEach: Arg): ResourceSpec[] =>
  keys.map((key) => ({
    type: 'aws_s3_bucket_logging',
    name: 'state',
    key,
    forEach,
    action,
    args: { bucket, target_bucket: ref('aws_s3_bucket.access_logs.id'), target_prefix: 'state/' },
  }));

const byKey = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, key]));

export const stateBucketAccessLoggedCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-for-each-buckets-logged',
    description: 'Two state buckets made with for_each, each with a logging configuration written as aws_s3_bucket.state[each.key], into a separate access-log bucket.',
    status: 'passed',
    plan: planOf([...stateBuckets('no-op'), accessLogs('no-op'), ...logging('no-op', ['a', 'b'], ref('aws_s3_bucket.state[each.key].id'), byKey(['a', 'b']))]),
  },
  {
    guardrail: G,
    name: 'violating-for-each-bucket-b-not-logged',
    description: 'Two state buckets made with for_each; the logging configuration iterates over "a" only, so bucket "b" is not logged.',
    status: 'failed',
    findings: ['aws_s3_bucket.state["b"]'],
    plan: planOf([...stateBuckets('no-op'), accessLogs('no-op'), ...logging('no-op', ['a'], ref('aws_s3_bucket.state[each.key].id'), byKey(['a']))]),
  },
  {
    guardrail: G,
    name: 'violating-state-bucket-only-a-log-target',
    description: 'The state bucket receives the assets bucket\'s access logs (it is that configuration\'s target_bucket) but has no logging configuration of its own.',
    status: 'failed',
    findings: ['aws_s3_bucket.state'],
    plan: planOf([
      { type: 'aws_s3_bucket', name: 'state', action: 'no-op', args: { bucket: 'acme-platform-tfstate', tags: { Purpose: 'opentofu-state' } } },
      ...assetsBucket('no-op'),
      {
        type: 'aws_s3_bucket_logging',
        name: 'assets',
        action: 'create',
        args: { bucket: ref('aws_s3_bucket.assets.id'), target_bucket: ref('aws_s3_bucket.state.id'), target_prefix: 'assets/' },
      },
    ]),
  },
  {
    guardrail: G,
    name: 'indeterminate-logging-key-from-variable',
    description:
      'A first apply of two for_each state buckets whose logging iterates over var.logged_buckets and writes aws_s3_bucket.state[each.value]: the plan does not show which bucket each logging configuration is for.',
    status: 'indeterminate',
    findings: ['aws_s3_bucket.state["a"]', 'aws_s3_bucket.state["b"]'],
    plan: planOf([...stateBuckets('create'), accessLogs('create'), ...logging('create', ['a', 'b'], ref('aws_s3_bucket.state[each.value].id'), ref('var.logged_buckets'))], {
      variables: { logged_buckets: { value: { a: 'a', b: 'b' }, description: 'Keys of the state buckets to log' } },
    }),
  },
  {
    guardrail: G,
    name: 'not-applicable-no-state-bucket',
    description: 'A workload with an assets bucket and a Lambda role, and no state bucket.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
];
