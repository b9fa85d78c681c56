/**
 * The conversion feeding the HTML reporter: the library colours a scenario by its steps, so
 * the steps must carry the report's outcome; an indeterminate or not-applicable scenario must
 * never be drawn as passed.
 */
import { describe, expect, it } from 'vitest';
import { checkToCucumber, observationToCucumber } from '../../src/report/html.js';
import { failingCheck, observation, warningCheck } from './fixtures.js';

type Feature = ReturnType<typeof checkToCucumber>[number];
const stepStatuses = (features: Feature[], name: string): string[] =>
  features.find((feature) => feature.name.startsWith(name))!.elements.flatMap((element) => element.steps.map((step) => step.result.status));

describe('checkToCucumber', () => {
  it.each([
    ['failing check', failingCheck, 'state-bucket-kms', ['passed', 'failed', 'failed']],
    ['failing check', failingCheck, 'state-bucket-versioning', ['passed', 'passed']],
    ['failing check (indeterminate fails)', failingCheck, 'ci-oidc-sub', ['failed']],
    ['warning check (indeterminate warns)', warningCheck, 'ci-oidc-sub', ['pending']],
    ['failing check', failingCheck, 'operator-mfa', ['passed', 'skipped']],
    ['failing check (observed, no recorded steps)', failingCheck, 'provider-no-profile', ['failed']],
  ])('%s: %s has steps %j', (_name, report, guardrail, expected) => {
    expect(stepStatuses(checkToCucumber(report), guardrail)).toEqual(expected);
  });

  it('attaches each finding to the step that produced it, address first, with expected and actual', () => {
    const steps = checkToCucumber(failingCheck)[0]!.elements[0]!.steps;
    expect(steps[1]!.result.error_message).toBe(
      'failed: aws_s3_bucket_server_side_encryption_configuration.state: rule[0].apply_server_side_encryption_by_default[0].sse_algorithm is &quot;AES256&quot;; expected &quot;aws:kms&quot;\n  expected: &quot;aws:kms&quot;\n  actual:   &quot;AES256&quot;\n' +
        'indeterminate: aws_s3_bucket_server_side_encryption_configuration.state: rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id is known only after apply',
    );
    expect(steps[2]!.name).toBe('module.logs[&quot;a&lt;b&gt;&amp;c&quot;].aws_s3_bucket_server_side_encryption_configuration.this rule[0].bucket_key_enabled');
  });

  it('mentions the waiver on the passing scenario', () => {
    const versioning = checkToCucumber(failingCheck)[1]!;
    expect(versioning.elements[0]!.description).toContain('Waived: aws_s3_bucket_versioning.scratch');
    expect(versioning.metadata).toContainEqual({ name: 'Outcome', value: 'passed' });
  });
});

describe('observationToCucumber', () => {
  it('makes one feature per workload, with guardrail scenarios or the workload error', () => {
    const features = observationToCucumber(observation);
    expect(features.map((feature) => feature.name)).toEqual(['payments', 'network', 'legacy-dns']);
    expect(features[1]!.elements.map((element) => element.name)).toEqual(['state-bucket-kms: Default encryption uses the state key', 'ci-oidc-sub: The sub condition is pinned']);
    expect(features[1]!.elements[1]!.steps.map((step) => step.result.status)).toEqual(['failed']);
    expect(features[2]!.elements[0]!.steps[0]!.result).toEqual({
      status: 'failed',
      error_message: 'no successful pipeline with a tfplan.json artifact on ref main (job &quot;plan&quot;)',
    });
    expect(features[1]!.metadata).toContainEqual({ name: 'Would fail', value: 'state-bucket-kms (failed), ci-oidc-sub (indeterminate)' });
  });
});
