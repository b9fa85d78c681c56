import { describe, expect, it } from 'vitest';
import type { RawProvider, RawResource } from '../support/raw-plan.js';
import { checkJson, feature, plan, workspace } from './harness.js';

// Runs the compiled steps (build first): tag guardrails end to end, default_tags counted.
async function run(resources: RawResource[], providers: RawProvider[], steps: string[]) {
  const cwd = workspace({ 'tfplan.json': plan(resources, providers), 'features/g.feature': feature('g', { Rule: steps }, { tags: '@enforce' }) });
  const { code, report } = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features/g.feature']);
  const guardrail = report.guardrails[0]!;
  return { code, status: guardrail.status, findings: guardrail.findings.map((finding) => `${finding.status} ${finding.message}`), reason: guardrail.scenarios[0]?.reason };
}

const provider = (defaultTags?: unknown): RawProvider => ({
  key: 'aws',
  name: 'aws',
  expressions: { region: { constant_value: 'eu-central-1' }, ...(defaultTags === undefined ? {} : { default_tags: [{ tags: defaultTags }] }) },
});
/** A new bucket whose tags_all the plan shows as known after apply, as older providers print it. */
const bucket = (name: string, tags: Record<string, string> | null): RawResource => ({
  address: `aws_s3_bucket.${name}`,
  values: { bucket: name, tags },
  unknown: { id: true, arn: true, tags_all: true },
  expressions: { bucket: { constant_value: name } },
});
const policy: RawResource = { address: 'aws_iam_role_policy.p', values: { name: 'p', policy: '{}', role: 'r' }, expressions: { name: { constant_value: 'p' } } };

const OWNER = ['Given the resources that support tags', 'Then it is tagged "Owner"'];

describe('Given the resources that support tags / Then it is tagged', () => {
  it('violating: a resource without the tag fails, naming it and saying how tags_all was decided', async () => {
    const result = await run([bucket('logs', { Name: 'logs' }), policy], [provider({ constant_value: { Team: 'platform' } })], OWNER);
    expect(result.code).toBe(1);
    expect(result.status).toBe('failed');
    expect(result.findings).toEqual([
      'failed aws_s3_bucket.logs: tags_all["Owner"] is not set (tags_all decided from the aws provider\'s default_tags and tags); expected a tag "Owner"',
    ]);
  });

  it('compliant: the provider default tag counts; a type without tags is not selected', async () => {
    expect(await run([bucket('logs', null), policy], [provider({ constant_value: { Owner: 'platform' } })], OWNER)).toMatchObject({ code: 0, status: 'passed', findings: [] });
  });

  it('unknown: default_tags from a variable leave it indeterminate', async () => {
    const result = await run([bucket('logs', { Name: 'logs' })], [provider({ references: ['var.default_tags'] })], OWNER);
    expect(result.status).toBe('indeterminate');
    expect(result.findings).toEqual([
      "indeterminate aws_s3_bucket.logs: tags_all cannot be read: tags_all is known only after apply and the aws provider's default_tags are set by an expression the plan does not show; expected a tag \"Owner\"",
    ]);
  });

  it('not-applicable: nothing in the plan supports tags', async () => {
    expect(await run([policy], [provider()], OWNER)).toMatchObject({ code: 0, status: 'not-applicable', reason: 'no resources that support tags in this plan' });
  });

  it('a resource whose values the plan does not show cannot be placed: indeterminate, never dropped', async () => {
    const result = await run([{ address: 'aws_s3_bucket.x', values: {}, unknown: true }, bucket('logs', { Owner: 'o' })], [provider()], OWNER);
    expect(result.status).toBe('indeterminate');
    expect(result.findings).toEqual([
      'indeterminate aws_s3_bucket.x: cannot tell whether it is selected, because its values are not in the plan, so it cannot be told whether it supports tags',
    ]);
  });
});

describe('its tag ... is one of, and narrowing by tags', () => {
  it('judges the value, the resource tag over the default one', async () => {
    const steps = ['Given the "aws_s3_bucket" resources', 'Then its tag "Environment" is one of "dev", "prod"'];
    const defaults = provider({ constant_value: { Environment: 'sandbox' } });
    expect(await run([bucket('a', { Environment: 'prod' })], [defaults], steps)).toMatchObject({ status: 'passed' });
    expect(await run([bucket('a', null)], [defaults], steps)).toMatchObject({
      status: 'failed',
      findings: ['failed aws_s3_bucket.a: tags_all["Environment"] is "sandbox" (tags_all decided from the aws provider\'s default_tags and tags); expected one of "dev", "prod"'],
    });
  });

  it('those whose tag is one of keeps only those resources', async () => {
    const steps = ['Given the resources that support tags', 'And those whose tag "Environment" is one of "prod"', 'Then it is tagged "Owner"'];
    const resources = [bucket('prod', { Environment: 'prod', Owner: 'o' }), bucket('dev', { Environment: 'dev' })];
    expect(await run(resources, [provider()], steps)).toMatchObject({ status: 'passed' });
    expect(await run([bucket('dev', { Environment: 'dev' })], [provider()], steps)).toMatchObject({ status: 'not-applicable' });
  });

  it('those tagged keeps the tagged ones', async () => {
    const steps = ['Given the "aws_s3_bucket" resources', 'And those tagged "DataClassification"', 'Then its tag "DataClassification" is one of "internal"'];
    const resources = [bucket('a', { DataClassification: 'secret' }), bucket('b', null)];
    expect(await run(resources, [provider()], steps)).toMatchObject({ status: 'failed', findings: [expect.stringContaining('aws_s3_bucket.a: tags_all["DataClassification"] is "secret"')] });
  });
});
