import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { checkJson, cli, feature, plan, workspace } from '../runner/harness.js';

async function run(resources: readonly RawResource[], steps: string[]) {
  const dir = workspace({ 'tfplan.json': plan(resources), 'rule.feature': feature('rule', { rule: steps }) });
  const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'rule.feature']);
  const scenario = report.guardrails[0]!.scenarios[0]!;
  return { status: scenario.status, messages: scenario.findings.map((finding) => finding.message), reason: scenario.reason };
}

const group = (name: string, ingress: unknown, unknown: unknown = {}, actions?: RawResource['actions']): RawResource => ({
  address: `aws_security_group.${name}`,
  values: { name, ingress },
  unknown,
  ...(actions ? { actions } : {}),
});
const item = (from: number, to: number, cidrs: unknown[], protocol = 'tcp') => ({ from_port: from, to_port: to, protocol, cidr_blocks: cidrs, description: null });

const noSshFromInternet = [
  'Given the "aws_security_group" resources',
  'When I take the items of its "ingress"',
  'And those whose "cidr_blocks" contains "0.0.0.0/0"',
  'And those whose "from_port" is at most 22',
  'And those whose "to_port" is at least 22',
  'Then no resource has any of them',
];

describe('no item of a list with several conditions', () => {
  it('fails each resource with an item meeting all the conditions, naming the item', async () => {
    const result = await run(
      [group('bastion', [item(443, 443, ['0.0.0.0/0']), item(0, 65535, ['0.0.0.0/0'])]), group('web', [item(443, 443, ['0.0.0.0/0']), item(22, 22, ['10.0.0.0/8'])])],
      noSshFromInternet,
    );
    expect(result.status).toBe('failed');
    expect(result.messages).toEqual([
      'aws_security_group.bastion: ingress[1] is one of the ingress items whose cidr_blocks contains "0.0.0.0/0" and whose from_port is at most 22 and whose to_port is at least 22; expected none',
    ]);
  });

  it('passes when no item meets them all, and for an empty or absent list', async () => {
    const result = await run([group('web', [item(443, 443, ['0.0.0.0/0']), item(22, 22, ['10.0.0.0/8'])]), group('empty', []), group('absent', null)], noSshFromInternet);
    expect(result.status).toBe('passed');
  });

  it('is indeterminate when a list, or a field of an item, is known only after apply', async () => {
    const list = await run([group('later', null, { ingress: true })], noSshFromInternet);
    expect(list.status).toBe('indeterminate');
    expect(list.messages).toEqual(['aws_security_group.later: ingress is known only after apply, so its items cannot be told']);
    const field = await run([group('later', [item(22, 22, ['0.0.0.0/0']), { ...item(0, 0, []), cidr_blocks: null }], { ingress: [{}, { cidr_blocks: true }] })], noSshFromInternet);
    // The first item is a known violation; the second cannot be told.
    expect(field.status).toBe('failed');
    expect(field.messages).toHaveLength(2);
    expect(field.messages[0]).toMatch(/cannot tell whether it is selected, because ingress\[1\]\.cidr_blocks is known only after apply/);
    const undecidedOnly = await run([group('later', [{ ...item(22, 22, []), cidr_blocks: null }], { ingress: [{ cidr_blocks: true }] })], noSshFromInternet);
    expect(undecidedOnly.status).toBe('indeterminate');
  });

  it('is not-applicable without resources of the type, and judges nothing that is planned for deletion', async () => {
    expect((await run([{ address: 'aws_s3_bucket.b', values: {} }], noSshFromInternet)).status).toBe('not-applicable');
    expect((await run([group('old', [item(22, 22, ['0.0.0.0/0'])], {}, ['delete'])], noSshFromInternet)).status).toBe('not-applicable');
  });

  it('a field no item has is a feature error, not a rule that passes', async () => {
    const dir = workspace({
      'tfplan.json': plan([group('web', [item(22, 22, ['0.0.0.0/0'])])]),
      'rule.feature': feature('rule', { rule: noSshFromInternet.map((step) => step.replace('"cidr_blocks"', '"cidr_block"')) }),
    });
    const result = await cli(dir, ['check', '--plan', 'tfplan.json', '--features', 'rule.feature']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no selected ingress item has a field "cidr_block"; did you mean "cidr_blocks"?');
  });
});

describe('at least one item, and every item', () => {
  const rules = (name: string, algorithms: Array<string | null>, unknown: unknown = {}): RawResource => ({
    address: `aws_s3_bucket_server_side_encryption_configuration.${name}`,
    values: { rule: algorithms.map((sse) => ({ apply_server_side_encryption_by_default: [{ sse_algorithm: sse }], bucket_key_enabled: true })) },
    unknown,
  });
  const anyKms = [
    'Given the "aws_s3_bucket_server_side_encryption_configuration" resources',
    'When I take the items of its "rule"',
    'And those whose "apply_server_side_encryption_by_default[0].sse_algorithm" is "aws:kms"',
    'Then every resource has at least one of them',
  ];

  it('any: fails a resource without such an item (an empty list too), is indeterminate when an item cannot be told', async () => {
    expect((await run([rules('a', ['AES256', 'aws:kms'])], anyKms)).status).toBe('passed');
    const none = await run([rules('a', ['AES256']), rules('b', [])], anyKms);
    expect(none.status).toBe('failed');
    expect(none.messages).toEqual([
      'aws_s3_bucket_server_side_encryption_configuration.a: has none of the rule items whose apply_server_side_encryption_by_default[0].sse_algorithm is "aws:kms"; expected at least one',
      'aws_s3_bucket_server_side_encryption_configuration.b: has none of the rule items whose apply_server_side_encryption_by_default[0].sse_algorithm is "aws:kms"; expected at least one',
    ]);
    const later = await run([rules('a', [null], { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: true }] }] })], anyKms);
    expect(later.status).toBe('indeterminate');
  });

  it('every: each item is judged; an empty list holds vacuously; nested blocks are items too', async () => {
    const every = ['Given the "aws_s3_bucket_server_side_encryption_configuration" resources', 'When I take the items of its "rule"', 'Then its "bucket_key_enabled" is true'];
    expect((await run([rules('a', ['aws:kms', 'AES256']), rules('b', [])], every)).status).toBe('passed');
    const nested = [
      'Given the "aws_s3_bucket_server_side_encryption_configuration" resources',
      'When I take the items of its "rule"',
      'And I take the items of its "apply_server_side_encryption_by_default"',
      'Then its "sse_algorithm" is "aws:kms"',
    ];
    const result = await run([rules('a', ['aws:kms', 'AES256'])], nested);
    expect(result.status).toBe('failed');
    expect(result.messages).toEqual([
      'aws_s3_bucket_server_side_encryption_configuration.a: rule[1].apply_server_side_encryption_by_default[0].sse_algorithm is "AES256"; expected "aws:kms"',
    ]);
  });

  it('a quantifier before any items were taken is a feature error', async () => {
    const dir = workspace({
      'tfplan.json': plan([rules('a', ['aws:kms'])]),
      'rule.feature': feature('rule', { rule: ['Given the "aws_s3_bucket_server_side_encryption_configuration" resources', 'Then no resource has any of them'] }),
    });
    const result = await cli(dir, ['check', '--plan', 'tfplan.json', '--features', 'rule.feature']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no items are taken yet');
  });
});
