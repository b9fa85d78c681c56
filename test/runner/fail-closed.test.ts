import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkJson, cli, feature, plan, repoRoot, workspace } from './harness.js';

/** Runs check with one feature file against a plan of the given resources. */
async function check(resources: Parameters<typeof plan>[0], scenarios: Record<string, string[]>) {
  const cwd = workspace({ 'tfplan.json': plan(resources), 'features/g.feature': feature('g', scenarios, { tags: '@enforce' }) });
  return checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features/g.feature']);
}

describe('set means set: null, "", [] and {} are not set in every step that asks', () => {
  const trail = (kms: unknown) => [{ address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: kms } }];

  it('`is set` fails on kms_key_id = ""', async () => {
    const { code, report } = await check(trail(''), { KMS: ['Given the "aws_cloudtrail" resources', 'Then its "kms_key_id" is set'] });
    expect(code).toBe(1);
    expect(report.guardrails[0]!.status).toBe('failed');
    expect(report.guardrails[0]!.findings[0]!.message).toContain('aws_cloudtrail.main: kms_key_id is "", which is not set');
  });

  it('`none of its ... is set` passes on "" and []', async () => {
    const resources = [{ address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: '', event_selector: [] } }];
    const { code, report } = await check(resources, { None: ['Given the "aws_cloudtrail" resources', 'Then none of its "kms_key_id", "event_selector" is set'] });
    expect(code).toBe(0);
    expect(report.guardrails[0]!.status).toBe('passed');
  });

  it('narrowing `those whose ... is set` drops a resource whose value is {}', async () => {
    const resources = [
      { address: 'aws_cloudtrail.a', values: { name: 'a', tags: {} } },
      { address: 'aws_cloudtrail.b', values: { name: 'b', tags: { team: 'x' } } },
    ];
    const { report } = await check(resources, {
      Tagged: ['Given the "aws_cloudtrail" resources', 'And those whose "tags" is set', 'Then its "name" is "a"'],
    });
    expect(report.guardrails[0]!.findings.map((finding) => finding.address)).toEqual(['aws_cloudtrail.b']);
  });
});

describe('duplicate addresses are an input error', () => {
  it('check exits 2 naming the file and the address when resource_changes lists an address twice', async () => {
    const resources = [
      { address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k' } },
      { address: 'aws_cloudtrail.main', values: { name: 'main', kms_key_id: null } },
    ];
    const cwd = workspace({
      'tfplan.json': plan(resources),
      'features/g.feature': feature('g', { KMS: ['Given the "aws_cloudtrail" resources', 'Then its "kms_key_id" is set'] }),
    });
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features/g.feature']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tfplan.json');
    expect(run.stderr).toContain('resource_changes lists aws_cloudtrail.main more than once');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('unreadable is never absent', () => {
  const role = (policy: string) => [
    { address: 'aws_iam_role.admin', values: { name: 'InfraAdmin', max_session_duration: 3600, assume_role_policy: policy } },
  ];
  const trust = (condition: unknown) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: condition }],
    });
  const scenarios = {
    'Sessions last at most one hour': [
      'Given the "aws_iam_role" resources',
      'And those whose "assume_role_policy" policy trusts "AWS" principals',
      'Then its "max_session_duration" is at most 3600',
    ],
  };

  it('a trust policy with "Condition": null keeps the role as an indeterminate finding instead of dropping it', async () => {
    const { code, report } = await check(role(trust(null)), scenarios);
    expect(code).toBe(1);
    const guardrail = report.guardrails[0]!;
    expect(guardrail.status).toBe('indeterminate');
    expect(guardrail.findings).toEqual([
      expect.objectContaining({
        address: 'aws_iam_role.admin',
        status: 'indeterminate',
        path: 'assume_role_policy',
        message: expect.stringContaining('aws_iam_role.admin: cannot tell whether it is selected, because assume_role_policy is not a valid policy document: Statement[0].Condition is null'),
      }),
    ]);
  });

  it('a readable trust policy still selects the role', async () => {
    const { code, report } = await check(role(trust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })), scenarios);
    expect(code).toBe(0);
    expect(report.guardrails[0]!.status).toBe('passed');
  });
});

describe('a feature that judges nothing is an error (exit 2, file and line)', () => {
  const bucket = [{ address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate' } }];
  async function checkFeature(text: string, file = 'features/g.feature', extra: string[] = []) {
    const cwd = workspace({ 'tfplan.json': plan(bucket), [file]: text });
    return cli(cwd, ['check', '--plan', 'tfplan.json', '--features', file, ...extra]);
  }
  const STEPS = '    Given the "aws_s3_bucket" resources\n    Then its "bucket" is set\n';

  it.each([
    ['an empty file', '', 'features/g.feature:1: holds no Feature, so it judges nothing.'],
    ['only comments', '# todo: write the guardrail\n', 'features/g.feature:1: holds no Feature'],
    ['a feature without scenarios', '@id:g\nFeature: g\n  Only a description.\n', 'features/g.feature:2: feature "g" has no scenarios, so it judges nothing.'],
    // Today `Scenario s` parses as description text and the gate says PASSED with 0 guardrails.
    ['a misspelt Scenario keyword', `@id:g\nFeature: g\n\n  Scenario s: encrypted\n${STEPS}`, 'features/g.feature:4: the line "Scenario s: encrypted" reads as description text'],
    ['a Scenario keyword without its colon', `@id:g\nFeature: g\n  Scenario encrypted\n${STEPS}`, 'features/g.feature:3: the line "Scenario encrypted" reads as description text'],
    ['a scenario with no Then', '@id:g\nFeature: g\n  Scenario: selects only\n    Given the "aws_s3_bucket" resources\n', 'features/g.feature:3: scenario "selects only" has no Then step'],
    ['a scenario with no steps', '@id:g\nFeature: g\n  Scenario: empty\n', 'features/g.feature:3: scenario "empty" has no Then step'],
    [
      'a data table under a built-in step',
      '@id:g\nFeature: g\n  Scenario: t\n    Given the "aws_s3_bucket" resources\n      | bucket |\n    Then its "bucket" is set\n',
      'features/g.feature:4: step "the "aws_s3_bucket" resources" has a data table, which built-in steps do not take.',
    ],
    [
      'a doc string under a built-in step',
      '@id:g\nFeature: g\n  Scenario: t\n    Given the "aws_s3_bucket" resources\n    Then its "bucket" is set\n      """\n      x\n      """\n',
      'features/g.feature:5: step "its "bucket" is set" has a doc string',
    ],
  ])('%s', async (_name, text, message) => {
    const run = await checkFeature(text);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).not.toContain('internal error');
  });

  it('a description line that merely mentions a keyword mid-sentence is fine', async () => {
    const run = await checkFeature(`@id:g\nFeature: g\n  State buckets: a Scenario below checks them.\n\n  Scenario: encrypted\n${STEPS}`);
    expect(run.code).toBe(0);
  });

  it('a --features path that is not a .feature file exits 2, not 3', async () => {
    const run = await checkFeature('hello', 'notes.txt');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: notes.txt: is not a .feature file.');
  });

  it('a --features path that does not exist beside one that does exits 2 instead of being skipped', async () => {
    const cwd = workspace({ 'tfplan.json': plan(bucket), 'features/g.feature': `@id:g\nFeature: g\n  Scenario: s\n${STEPS}` });
    const run = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features/g.feature', 'features/typo.feature']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('features/typo.feature: does not exist.');
  });

  it('a bad --tags expression exits 2 naming it', async () => {
    const run = await checkFeature(`@id:g\nFeature: g\n  Scenario: s\n${STEPS}`, 'features/g.feature', ['--tags', '@enforce and']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the tag expression "@enforce and" is not valid');
  });

  it('guardrails test fails a feature that judges nothing', async () => {
    const cwd = workspace({
      'guardrails/g/g.feature': '@id:g\nFeature: g\n  Scenario s: forgotten colon\n',
      'guardrails/g/examples/compliant/tfplan.json': plan(bucket),
      'guardrails/g/examples/compliant/expect.yaml': 'status: passed\n',
    });
    const run = await cli(cwd, ['test', 'guardrails']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('guardrails/g/g.feature:3');
  });
});

describe('typos do not pass', () => {
  const instance = (name: string, extra: Record<string, unknown> = {}) => ({
    address: `aws_db_instance.${name}`,
    values: { identifier: name, publicly_accessible: false, storage_encrypted: true, kms_key_id: null, ...extra },
  });
  async function checkFeature(resources: Parameters<typeof plan>[0], steps: string[]) {
    const cwd = workspace({ 'tfplan.json': plan(resources), 'features/g.feature': feature('g', { Typo: steps }) });
    return cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features/g.feature']);
  }

  it('`none of its "publicly_accesible" is set` is a feature error with a did-you-mean, not a pass', async () => {
    const run = await checkFeature([instance('main')], ['Given the "aws_db_instance" resources', 'Then none of its "publicly_accesible" is set']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('features/g.feature:6');
    expect(run.stderr).toContain('no selected aws_db_instance resource has an attribute "publicly_accesible"; did you mean "publicly_accessible"?');
  });

  it('a narrowing step with a misspelt attribute is a feature error too', async () => {
    const run = await checkFeature([instance('main')], ['Given the "aws_db_instance" resources', 'And those whose "identifer" matches /main/', 'Then its "storage_encrypted" is true']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean "identifier"?');
  });

  it('an attribute known only after apply (listed in after_unknown) is no typo', async () => {
    const run = await checkFeature(
      [{ address: 'aws_db_instance.main', values: { identifier: 'main' }, unknown: { arn: true } }],
      ['Given the "aws_db_instance" resources', 'Then its "arn" is set'],
    );
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('did you mean');
  });

  it('no typo is claimed when a resource\'s values are entirely unknown', async () => {
    const run = await checkFeature([{ address: 'aws_db_instance.main', values: {}, unknown: true }], ['Given the "aws_db_instance" resources', 'Then none of its "publicly_accesible" is set']);
    expect(run.code).not.toBe(2);
  });
});

describe('a resource type one typo away from a type in the plan is warned about in every report', () => {
  it('warns in summary, json, junit, markdown and html, and stays not-applicable', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const cwd = workspace({
      'tfplan.json': plan([{ address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate' } }]),
      'features/g.feature': feature('g', { Typo: ['Given the "aws_s3_buckt" resources', 'Then its "bucket" is set'] }),
    });
    const run = await cli(cwd, [
      'check', '--plan', 'tfplan.json', '--features', 'features/g.feature',
      '--format', 'summary', '--format', 'json:r.json', '--format', 'junit:r.xml', '--format', 'markdown:r.md', '--format', 'html:html',
    ]);
    expect(run.code).toBe(0);
    const warning = 'features/g.feature:5: "aws_s3_buckt" selects nothing in this plan; did you mean "aws_s3_bucket"?';
    expect(run.stdout).toContain(`Warning: g: ${warning}`);
    const report = JSON.parse(readFileSync(`${cwd}/r.json`, 'utf8')) as { guardrails: Array<{ status: string; warnings?: string[] }> };
    expect(report.guardrails[0]).toMatchObject({ status: 'not-applicable', warnings: [warning] });
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(`${repoRoot}/schema/findings-report.schema.json`, 'utf8')) as Record<string, unknown>);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(readFileSync(`${cwd}/r.xml`, 'utf8')).toContain('warning: features/g.feature:5: &quot;aws_s3_buckt&quot; selects nothing');
    expect(readFileSync(`${cwd}/r.md`, 'utf8')).toContain('**Warnings:**');
    expect(readFileSync(`${cwd}/r.md`, 'utf8')).toContain('"aws_s3_buckt" selects nothing');
    const html = readdirSync(`${cwd}/html`, { recursive: true }).map(String).filter((file) => file.endsWith('.html'));
    expect(html.some((file) => readFileSync(`${cwd}/html/${file}`, 'utf8').includes('aws_s3_buckt'))).toBe(true);
  });

  it('a type absent from the plan with no near miss gives no warning', async () => {
    const { report } = await check([{ address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate' } }], {
      Absent: ['Given the "aws_cloudtrail" resources', 'Then its "name" is set'],
    });
    expect(report.guardrails[0]!.warnings).toBeUndefined();
  });
});
