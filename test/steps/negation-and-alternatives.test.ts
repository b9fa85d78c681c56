import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { checkJson, feature, plan, workspace } from '../runner/harness.js';

/** Runs one feature against resources and gives each scenario's status and finding messages, by title. */
async function run(resources: readonly RawResource[], scenarios: Record<string, string[]>) {
  const dir = workspace({ 'tfplan.json': plan(resources), 'rule.feature': feature('rule', scenarios) });
  const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'rule.feature']);
  return Object.fromEntries(
    report.guardrails[0]!.scenarios.map((scenario) => [scenario.name, { status: scenario.status, messages: scenario.findings.map((finding) => finding.message), reason: scenario.reason }]),
  );
}

const rule = (address: string, values: Record<string, unknown>, unknown: unknown = {}): RawResource => ({ address, values, unknown });

describe('several resource types in one selection', () => {
  const select = 'Given the "aws_security_group_rule" or "aws_vpc_security_group_ingress_rule" resources';

  it('judges every instance of each type, and fails the violating one of either', async () => {
    const result = await run(
      [
        rule('aws_security_group_rule.ssh', { type: 'ingress', description: 'ssh from office' }),
        rule('aws_vpc_security_group_ingress_rule.https', { description: null }),
        rule('aws_s3_bucket.other', { bucket: 'b' }),
      ],
      { described: [select, 'Then its "description" is set'] },
    );
    expect(result.described!.status).toBe('failed');
    expect(result.described!.messages).toEqual(['aws_vpc_security_group_ingress_rule.https: description is not set; expected a value']);
  });

  it('is indeterminate when a value of one type is known only after apply', async () => {
    const result = await run([rule('aws_vpc_security_group_ingress_rule.https', {}, { description: true })], { described: [select, 'Then its "description" is set'] });
    expect(result.described!.status).toBe('indeterminate');
  });

  it('is not-applicable when no type of the list is in the plan, naming them all', async () => {
    const result = await run([rule('aws_s3_bucket.other', { bucket: 'b' })], { described: [select, 'Then its "description" is set'] });
    expect(result.described!.status).toBe('not-applicable');
    expect(result.described!.reason).toBe('no aws_security_group_rule or aws_vpc_security_group_ingress_rule resources in this plan');
  });
});

describe('negated conditions, asserting and narrowing', () => {
  const buckets = [
    rule('aws_s3_bucket_acl.public', { acl: 'public-read' }),
    rule('aws_s3_bucket_acl.private', { acl: 'private' }),
    rule('aws_s3_bucket_acl.unset', { acl: null }),
  ];

  it('is not / is not one of / does not match fail the violating resource only', async () => {
    const result = await run(buckets, {
      'is not': ['Given the "aws_s3_bucket_acl" resources', 'Then its "acl" is not "public-read"'],
      'is not one of': ['Given the "aws_s3_bucket_acl" resources', 'Then its "acl" is not one of "public-read" or "public-read-write"'],
      'does not match': ['Given the "aws_s3_bucket_acl" resources', 'Then its "acl" does not match /^public-/'],
    });
    for (const title of ['is not', 'is not one of', 'does not match']) {
      expect(result[title]!.status, title).toBe('failed');
      expect(result[title]!.messages, title).toHaveLength(1);
      expect(result[title]!.messages[0], title).toMatch(/^aws_s3_bucket_acl\.public: acl is "public-read"; expected /);
    }
  });

  it('narrows by every condition, and its negation', async () => {
    const result = await run(buckets, {
      'not private': ['Given the "aws_s3_bucket_acl" resources', 'And those whose "acl" is not "private"', 'Then there are at most 1 of them'],
      'not set': ['Given the "aws_s3_bucket_acl" resources', 'And those whose "acl" is not set', 'Then there are at most 0 of them'],
      'one of with or': ['Given the "aws_s3_bucket_acl" resources', 'And those whose "acl" is one of "private" or "public-read"', 'Then there are at least 2 of them'],
      'does not match': ['Given the "aws_s3_bucket_acl" resources', 'And those whose "acl" does not match /^p/', 'Then its "acl" is set'],
    });
    // "not private" keeps the public one and the unset one: two, more than one.
    expect(result['not private']!.status).toBe('failed');
    expect(result['not private']!.messages[0]).toMatch(/^aws_s3_bucket_acl: 2 aws_s3_bucket_acl resources whose acl is not "private" in this plan; expected at most 1/);
    expect(result['not set']!.status).toBe('failed');
    expect(result['one of with or']!.status).toBe('passed');
    // Only the unset ACL is left, and it is not set.
    expect(result['does not match']!.messages).toEqual(['aws_s3_bucket_acl.unset: acl is not set; expected a value']);
  });

  it('a value known only after apply is indeterminate when asserting and when narrowing, never passed or dropped', async () => {
    const result = await run([rule('aws_s3_bucket_acl.later', {}, { acl: true })], {
      asserting: ['Given the "aws_s3_bucket_acl" resources', 'Then its "acl" is not "public-read"'],
      narrowing: ['Given the "aws_s3_bucket_acl" resources', 'And those whose "acl" is not "private"', 'Then its "acl" is set'],
    });
    expect(result.asserting!.status).toBe('indeterminate');
    expect(result.narrowing!.status).toBe('indeterminate');
    expect(result.narrowing!.messages[0]).toMatch(/cannot tell whether it is selected/);
  });

  it('narrowing to nothing is not-applicable', async () => {
    const result = await run(buckets, {
      none: ['Given the "aws_s3_bucket_acl" resources', 'And those whose "acl" is not one of "private", "public-read"', 'And those whose "acl" is set', 'Then its "acl" is "x"'],
    });
    expect(result.none!.status).toBe('not-applicable');
  });

  it('contains and does not contain read a list item by item', async () => {
    const result = await run(
      [rule('aws_security_group_rule.open', { cidr_blocks: ['0.0.0.0/0'] }), rule('aws_security_group_rule.later', { cidr_blocks: ['10.0.0.0/8', null] }, { cidr_blocks: [false, true] })],
      { closed: ['Given the "aws_security_group_rule" resources', 'Then its "cidr_blocks" does not contain "0.0.0.0/0"'] },
    );
    expect(result.closed!.status).toBe('failed');
    expect(result.closed!.messages).toEqual([
      'aws_security_group_rule.open: cidr_blocks is ["0.0.0.0/0"]; expected a list without "0.0.0.0/0"',
      'aws_security_group_rule.later: cidr_blocks has items known only after apply; expected a list without "0.0.0.0/0"',
    ]);
  });
});

describe('data sources by type', () => {
  const document = (address: string, values: Record<string, unknown>, unknown: unknown = {}): RawResource => ({ address, actions: ['read'], values, unknown });
  const scenario = { 'policy documents': ['Given the "aws_iam_policy_document" data sources', 'Then its "json" does not match /"Action":\\s*"\\*"/'] };

  it('selects the data sources of the type, in any module, and fails a violating one', async () => {
    const result = await run(
      [document('data.aws_iam_policy_document.admin', { json: '{"Statement":[{"Action": "*"}]}' }), document('data.aws_iam_policy_document.read', { json: '{"Statement":[{"Action":"s3:GetObject"}]}' })],
      scenario,
    );
    expect(result['policy documents']!.status).toBe('failed');
    expect(result['policy documents']!.messages).toHaveLength(1);
    expect(result['policy documents']!.messages[0]).toMatch(/^data\.aws_iam_policy_document\.admin: json is /);
  });

  it('is indeterminate when the document is read only during apply', async () => {
    const result = await run([document('data.aws_iam_policy_document.later', {}, { json: true })], scenario);
    expect(result['policy documents']!.status).toBe('indeterminate');
  });

  it('never selects a managed resource of the same name, and is not-applicable without data sources', async () => {
    const result = await run([rule('aws_iam_policy.admin', { policy: '{}' })], scenario);
    expect(result['policy documents']!.status).toBe('not-applicable');
    expect(result['policy documents']!.reason).toBe('no aws_iam_policy_document data sources in this plan');
  });
});

describe('a misspelt type in a list of types', () => {
  it('is warned about, like a single misspelt type', async () => {
    const dir = workspace({
      'tfplan.json': plan([rule('aws_security_group_rule.ssh', { description: 'ssh' })]),
      'rule.feature': feature('rule', { described: ['Given the "aws_vpc_security_group_ingress_rule" or "aws_security_grup_rule" resources', 'Then its "description" is set'] }),
    });
    const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'rule.feature']);
    expect(report.guardrails[0]!.status).toBe('not-applicable');
    expect(report.guardrails[0]!.warnings).toEqual(['rule.feature:5: "aws_security_grup_rule" selects nothing in this plan; did you mean "aws_security_group_rule"?']);
  });
});
