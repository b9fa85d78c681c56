// A team's own steps, loaded with
//   guardrails check --steps docs/examples/team-steps/team.steps.mjs ...
// The file needs no package.json: the CLI resolves 'tofu-guardrails' to the package running it.
import { defineStep, evaluateAccess, parsePolicy, readValue, resourceSubject, verdict } from 'tofu-guardrails';

defineStep({
  keyword: 'Given',
  expression: 'the bucket policies of the plan',
  description: 'Selects every aws_s3_bucket_policy resource that will exist after apply.',
  example: 'Given the bucket policies of the plan',
  run: function () {
    const policies = this.plan.resourcesOfType('aws_s3_bucket_policy').filter((resource) => resource.change !== 'delete');
    // An empty selection ends the scenario as not-applicable.
    return this.select(policies.map(resourceSubject), 'bucket policies');
  },
});

defineStep({
  keyword: 'Then',
  expression: 'its provider configuration sets {string}',
  description: 'The provider block governing the resource sets the argument; the implied default provider sets nothing.',
  example: 'Then its provider configuration sets "region"',
  run: function (argument) {
    this.judge(
      this.subjectsAfterApply.map((subject) => {
        const provider = this.plan.providerOf(subject.address);
        if (provider === undefined) return verdict(subject, 'indeterminate', argument, 'has no provider the plan can name');
        if (provider.kind === 'implied') {
          return verdict(subject, 'failed', argument, `is not set: the resource uses ${provider.description}`, { expected: `${argument} set`, actual: 'no provider block' });
        }
        if (provider.expressions[argument] === undefined) {
          return verdict(subject, 'failed', argument, `is not set in the ${provider.key} provider block`, { expected: `${argument} set`, actual: 'not set' });
        }
        return verdict(subject, 'passed', argument, `is set in the ${provider.key} provider block`);
      }),
    );
  },
});

defineStep({
  keyword: 'Then',
  expression: 'its policy does not allow {string} on the bucket objects',
  description: 'The bucket policy does not allow the action on every object of the bucket it is attached to (IAM evaluation: Deny wins).',
  example: 'Then its policy does not allow "s3:DeleteObject" on the bucket objects',
  run: function (action) {
    this.judge(this.subjectsAfterApply.map((subject) => judgePolicy(this.plan, subject, action)));
  },
});

/** One verdict for one bucket policy: failed when it allows the action, indeterminate when the plan cannot tell. */
function judgePolicy(plan, subject, action) {
  const expected = `no Allow of ${action} on the bucket's objects`;
  const bucketName = bucketNameOf(plan, subject.resource);
  if (bucketName.state !== 'known') return verdict(subject, 'indeterminate', 'bucket', `cannot be read: ${bucketName.reason}; expected ${expected}`, { expected });
  const policy = readValue(subject.resource, 'policy');
  if (policy.state === 'unknown') return verdict(subject, 'indeterminate', 'policy', `is known only after apply; expected ${expected}`, { expected, actual: 'known after apply' });
  if (policy.state === 'absent') return verdict(subject, 'failed', 'policy', `is not set; expected ${expected}`, { expected, actual: 'no policy' });
  const parsed = parsePolicy(policy.value);
  if (!parsed.ok) return verdict(subject, 'failed', 'policy', `cannot be read: ${parsed.reason}`, { expected, actual: 'not a policy document' });
  const answer = evaluateAccess(parsed.document, action, `arn:aws:s3:::${bucketName.value}/*`);
  if (answer.allows === 'yes') return verdict(subject, 'failed', 'policy', `allows ${action} on arn:aws:s3:::${bucketName.value}/*; expected ${expected}`, { expected, actual: 'allowed' });
  if (answer.allows === 'unknown') return verdict(subject, 'indeterminate', 'policy', `may allow ${action}, depending on values known only after apply; expected ${expected}`, { expected });
  return verdict(subject, 'passed', 'policy', `does not allow ${action}`);
}

/**
 * The name of the bucket a policy is attached to. `bucket` is often the bucket's id, known only
 * after apply; the reference in the configuration then says which bucket it is.
 */
function bucketNameOf(plan, policy) {
  const own = readValue(policy, 'bucket');
  if (own.state === 'known') return { state: 'known', value: own.value };
  const reference = plan.referencesFrom(policy.address).find((entry) => entry.attribute === 'bucket' && !entry.uncertain);
  const bucket = reference === undefined ? undefined : plan.resource(reference.to);
  if (bucket === undefined) return { state: 'unknown', reason: 'its bucket is known only after apply and refers to no bucket in the plan' };
  const name = readValue(bucket, 'bucket');
  if (name.state !== 'known') return { state: 'unknown', reason: `the name of ${bucket.address} is not known before apply` };
  return { state: 'known', value: name.value };
}
