import { describe, expect, it } from 'vitest';
import { checkJson, cli, feature, plan, stateBucket, workspace } from './harness.js';

const SSE = 'aws_s3_bucket_server_side_encryption_configuration';
const KMS_ONLY = [`Given the "${SSE}" resources`, `Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"`];
const BUCKETS_NAMED = ['Given the "aws_s3_bucket" resources', 'Then its "bucket" matches /tfstate/'];

/** Runs one feature file against a state bucket whose algorithm is `algorithm`. */
async function runFeature(algorithm: string, featureText: string, extra: string[] = []) {
  const cwd = workspace({ 'tfplan.json': plan(stateBucket(algorithm)), 'features/g.feature': featureText });
  return checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features', ...extra]);
}

describe('enforcement from tags', () => {
  it('an @observe guardrail that fails does not fail the run, and the report shows it failed and observed', async () => {
    const { code, report } = await runFeature('AES256', feature('kms-only', { 'KMS': KMS_ONLY }, { tags: '@observe' }));
    expect(code).toBe(0);
    expect(report.verdict).toBe('passed');
    expect(report.guardrails[0]).toMatchObject({ id: 'kms-only', enforcement: 'observe', status: 'failed' });
    expect(report.guardrails[0]!.findings[0]).toMatchObject({ address: `${SSE}.state`, status: 'failed', actual: '"AES256"' });
  });

  it('an @enforce guardrail that fails exits 1', async () => {
    const { code, report } = await runFeature('AES256', feature('kms-only', { 'KMS': KMS_ONLY }, { tags: '@enforce' }));
    expect(code).toBe(1);
    expect(report.verdict).toBe('failed');
    expect(report.guardrails[0]).toMatchObject({ enforcement: 'enforce', status: 'failed' });
  });

  it('a guardrail without either tag is enforced', async () => {
    const { code } = await runFeature('AES256', feature('kms-only', { 'KMS': KMS_ONLY }));
    expect(code).toBe(1);
  });

  it('a scenario tagged @observe inside an enforced feature does not fail the run; its enforced sibling does', async () => {
    const observedOnly = feature('kms-only', { '@observe KMS (observed)': KMS_ONLY, 'Bucket named': BUCKETS_NAMED }, { tags: '@enforce' });
    const observed = await runFeature('AES256', observedOnly);
    expect(observed.code).toBe(0);
    const scenarios = observed.report.guardrails[0]!.scenarios;
    expect(scenarios.map((scenario) => [scenario.name, scenario.enforcement, scenario.status])).toEqual([
      ['KMS (observed)', 'observe', 'failed'],
      ['Bucket named', 'enforce', 'passed'],
    ]);

    const bothEnforced = feature('kms-only', { 'KMS': KMS_ONLY, 'Bucket named': BUCKETS_NAMED }, { tags: '@enforce' });
    expect((await runFeature('AES256', bothEnforced)).code).toBe(1);
  });

  it('a passing enforced guardrail exits 0', async () => {
    const { code, report } = await runFeature('aws:kms', feature('kms-only', { 'KMS': KMS_ONLY }, { tags: '@enforce' }));
    expect(code).toBe(0);
    expect(report.guardrails[0]!.status).toBe('passed');
    expect(report.summary).toEqual({ passed: 1, failed: 0, indeterminate: 0, 'not-applicable': 0 });
  });
});

describe('--on-indeterminate', () => {
  const enforced = feature('kms-only', { 'KMS': KMS_ONLY }, { tags: '@enforce' });
  it('an enforced indeterminate guardrail fails the run by default', async () => {
    const { code, report } = await runFeature('UNKNOWN', enforced);
    expect(code).toBe(1);
    expect(report.onIndeterminate).toBe('fail');
    expect(report.guardrails[0]!.status).toBe('indeterminate');
  });

  it('with warn it does not, and stays indeterminate in the report', async () => {
    const { code, report } = await runFeature('UNKNOWN', enforced, ['--on-indeterminate', 'warn']);
    expect(code).toBe(0);
    expect(report.onIndeterminate).toBe('warn');
    expect(report.guardrails[0]!.status).toBe('indeterminate');
  });

  it('with fail given explicitly it does', async () => {
    expect((await runFeature('UNKNOWN', enforced, ['--on-indeterminate', 'fail'])).code).toBe(1);
  });

  it('an observed indeterminate guardrail never fails the run', async () => {
    const { code } = await runFeature('UNKNOWN', feature('kms-only', { 'KMS': KMS_ONLY }, { tags: '@observe' }));
    expect(code).toBe(0);
  });
});

describe('not-applicable', () => {
  it('a plan without the selected type makes the guardrail not-applicable, and the report names what was missing', async () => {
    const steps = ['Given the "aws_cloudtrail" resources', 'Then its "is_multi_region_trail" is true'];
    const { code, report } = await runFeature('aws:kms', feature('trail', { 'Multi-region': steps }, { tags: '@enforce' }));
    expect(code).toBe(0);
    expect(report.guardrails[0]).toMatchObject({ status: 'not-applicable', findings: [] });
    expect(report.guardrails[0]!.scenarios[0]!.reason).toBe('no aws_cloudtrail resources in this plan');
    expect(report.summary['not-applicable']).toBe(1);
  });

  it('narrowing to nothing is not-applicable, but a required selection that narrows to nothing fails', async () => {
    const narrowed = ['Given the "aws_s3_bucket" resources', 'And those whose "bucket" matches /^audit-/', 'Then its "bucket" is "x"'];
    const notApplicable = await runFeature('aws:kms', feature('audit', { 'Audit bucket': narrowed }));
    expect(notApplicable.report.guardrails[0]!.status).toBe('not-applicable');
    expect(notApplicable.report.guardrails[0]!.scenarios[0]!.reason).toContain('aws_s3_bucket resources');
    expect(notApplicable.report.guardrails[0]!.scenarios[0]!.reason).toContain('/^audit-/');

    const required = ['Given the "aws_s3_bucket" resources', 'When I require at least one of them', 'And those whose "bucket" matches /^audit-/', 'Then its "bucket" is "x"'];
    const failed = await runFeature('aws:kms', feature('audit', { 'Audit bucket': required }));
    expect(failed.code).toBe(1);
    expect(failed.report.guardrails[0]!.status).toBe('failed');
    expect(failed.report.guardrails[0]!.findings[0]).toMatchObject({ address: 'aws_s3_bucket', status: 'failed', expected: 'at least one' });
  });
});

describe('unknown values', () => {
  it('an sse_algorithm known only after apply is indeterminate, never passed, through the whole CLI', async () => {
    const { report } = await runFeature('UNKNOWN', feature('kms-only', { 'KMS': KMS_ONLY }));
    const guardrail = report.guardrails[0]!;
    expect(guardrail.status).toBe('indeterminate');
    expect(guardrail.findings).toHaveLength(1);
    expect(guardrail.findings[0]).toMatchObject({
      address: `${SSE}.state`,
      status: 'indeterminate',
      path: 'rule[0].apply_server_side_encryption_by_default[0].sse_algorithm',
      actual: 'known after apply',
    });
    expect(report.summary.passed).toBe(0);
  });

  it('an sse_algorithm known only after apply leaves the bundled state-bucket encryption scenario indeterminate', async () => {
    const [bucket, encryption] = stateBucket('UNKNOWN');
    const expressions = encryption!.expressions as { rule: Array<{ apply_server_side_encryption_by_default: Array<Record<string, unknown>> }> };
    expressions.rule[0]!.apply_server_side_encryption_by_default[0]!.kms_master_key_id = { references: ['aws_kms_key.state.arn', 'aws_kms_key.state'] };
    const cwd = workspace({
      'tfplan.json': plan([
        bucket!,
        { ...encryption!, unknown: { bucket: true, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: true, kms_master_key_id: true }] }] } },
        { address: 'aws_kms_key.state', values: { enable_key_rotation: true }, unknown: { arn: true, id: true }, expressions: {} },
      ]),
    });
    const { report } = await checkJson(cwd, ['--plan', 'tfplan.json', '--tags', '@id:state-bucket-kms-only']);
    const scenario = report.guardrails[0]!.scenarios.find((candidate) => candidate.name.startsWith('Default encryption'))!;
    expect(scenario.status).toBe('indeterminate');
    expect(scenario.findings.map((finding) => [finding.address, finding.status])).toEqual([[`${SSE}.state`, 'indeterminate']]);
  });

  it('an assume_role_policy known only after apply is indeterminate through the bundled operator-role guardrail', async () => {
    const cwd = workspace({
      'tfplan.json': plan([
        { address: 'aws_iam_role.infra_admin', values: { name: 'InfraAdmin', max_session_duration: 3600 }, unknown: { assume_role_policy: true, arn: true } },
      ]),
    });
    const { report, code } = await checkJson(cwd, ['--plan', 'tfplan.json', '--tags', '@id:operator-role-mfa-region-fence']);
    expect(report.guardrails.map((guardrail) => guardrail.id)).toEqual(['operator-role-mfa-region-fence']);
    const guardrail = report.guardrails[0]!;
    expect(guardrail.status).toBe('indeterminate');
    expect(guardrail.findings.some((finding) => finding.address === 'aws_iam_role.infra_admin' && finding.status === 'indeterminate')).toBe(true);
    expect(guardrail.scenarios.every((scenario) => scenario.status !== 'passed')).toBe(true);
    expect(code).toBe(1);
  });
});

describe('--tags', () => {
  it('runs only the guardrails it selects; the others are not in the report', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('aws:kms'), [{ key: 'aws', name: 'aws', expressions: { profile: { constant_value: 'admin' } } }]) });
    const one = await checkJson(cwd, ['--plan', 'tfplan.json', '--tags', '@id:provider-no-profile']);
    expect(one.report.guardrails.map((guardrail) => guardrail.id)).toEqual(['provider-no-profile']);
    expect(one.report.guardrails[0]!.status).toBe('failed');
    expect(one.report.guardrails[0]!.findings[0]).toMatchObject({ address: 'aws', path: 'profile', status: 'failed' });
    expect(one.code).toBe(1);

    const others = await checkJson(cwd, ['--plan', 'tfplan.json', '--tags', 'not @id:provider-no-profile']);
    expect(others.report.guardrails.map((guardrail) => guardrail.id)).not.toContain('provider-no-profile');
    expect(others.report.guardrails.length).toBeGreaterThan(1);
  });
});

describe('--tags that select no guardrail', () => {
  it('is a usage error, so a mistyped id never turns the gate into a clean no-op', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('aws:kms')) });
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--tags', '@id:state-bucket-kms-onyl']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the tag expression "@id:state-bucket-kms-onyl" selects no guardrail');
  });
});

describe('a scenario tagged @enforce inside an observed feature', () => {
  it('is enforced: its own tag overrides the feature\'s', async () => {
    const mixed = feature('kms-only', { '@enforce KMS (enforced)': KMS_ONLY, 'Bucket named': BUCKETS_NAMED }, { tags: '@observe' });
    const { code, report } = await runFeature('AES256', mixed);
    expect(report.guardrails[0]!.enforcement).toBe('observe');
    expect(report.guardrails[0]!.scenarios.map((scenario) => [scenario.name, scenario.enforcement])).toEqual([
      ['KMS (enforced)', 'enforce'],
      ['Bucket named', 'observe'],
    ]);
    expect(code).toBe(1);
  });
});
