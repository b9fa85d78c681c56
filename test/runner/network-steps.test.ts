import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { checkJson, cli, feature, plan, workspace } from './harness.js';

// Runs the compiled steps (build first): guardrails about security groups, end to end.
async function run(resources: RawResource[], steps: string[]) {
  const cwd = workspace({ 'tfplan.json': plan(resources), 'features/g.feature': feature('g', { Rule: steps }, { tags: '@enforce' }) });
  const { code, report } = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features/g.feature']);
  const guardrail = report.guardrails[0]!;
  return { code, status: guardrail.status, findings: guardrail.findings.map((finding) => `${finding.status} ${finding.message}`), reason: guardrail.scenarios[0]?.reason };
}

const inline = (name: string, ingress: unknown, unknown: Record<string, unknown> = {}): RawResource => ({
  address: `aws_security_group.${name}`,
  values: { name, ingress, egress: [] },
  unknown: { id: true, arn: true, ...unknown },
  expressions: { name: { constant_value: name } },
});
const rule = (protocol: string, from: number, to: number, cidrs: string[]) => ({
  protocol,
  from_port: from,
  to_port: to,
  cidr_blocks: cidrs,
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  security_groups: [],
  self: false,
  description: '',
});
const standalone = (name: string, values: Record<string, unknown>, unknown: Record<string, unknown> = {}): RawResource => ({
  address: `aws_vpc_security_group_ingress_rule.${name}`,
  values: { ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: null, cidr_ipv6: null, prefix_list_id: null, referenced_security_group_id: null, ...values },
  unknown: { id: true, security_group_id: true, ...unknown },
  expressions: { security_group_id: { references: ['aws_security_group.web.id', 'aws_security_group.web'] } },
});

const SSH_CLOSED = ['Given the "aws_security_group" resources', 'Then it is not open to the internet on port 22'];
const RULE_SSH_CLOSED = ['Given the "aws_vpc_security_group_ingress_rule" resources', 'Then it is not open to the internet on port 22'];

describe('Then it is not open to the internet on port 22', () => {
  it('inline: violating fails, naming the group, the block and the port range', async () => {
    const result = await run([inline('web', [rule('tcp', 0, 1024, ['0.0.0.0/0'])])], SSH_CLOSED);
    expect(result.code).toBe(1);
    expect(result.status).toBe('failed');
    expect(result.findings).toEqual([
      'failed aws_security_group.web: ingress[0] is open to the internet on port 22: ingress tcp 0-1024 from "0.0.0.0/0"; expected no ingress from the internet on port 22',
    ]);
  });

  it('inline: compliant passes', async () => {
    const result = await run([inline('web', [rule('tcp', 443, 443, ['0.0.0.0/0']), rule('tcp', 22, 22, ['10.0.0.0/8'])])], SSH_CLOSED);
    expect(result).toMatchObject({ code: 0, status: 'passed', findings: [] });
  });

  it('inline: ingress known only after apply is indeterminate', async () => {
    const result = await run([inline('web', null, { ingress: true })], SSH_CLOSED);
    expect(result.code).toBe(1);
    expect(result.status).toBe('indeterminate');
    expect(result.findings).toEqual(['indeterminate aws_security_group.web: ingress is known only after apply; expected no ingress from the internet on port 22']);
  });

  it('no security group in the plan: not-applicable', async () => {
    const result = await run([{ address: 'aws_s3_bucket.b', values: { bucket: 'b' } }], SSH_CLOSED);
    expect(result).toMatchObject({ code: 0, status: 'not-applicable', reason: 'no aws_security_group resources in this plan' });
  });

  it('standalone: violating fails, compliant passes, unknown is indeterminate, absent is not-applicable', async () => {
    expect(await run([standalone('ssh', { ip_protocol: '-1', from_port: null, to_port: null, cidr_ipv6: '::/0' })], RULE_SSH_CLOSED)).toMatchObject({
      code: 1,
      status: 'failed',
      findings: [
        'failed aws_vpc_security_group_ingress_rule.ssh: is open to the internet on port 22: ingress all traffic from "::/0"; expected no ingress from the internet on port 22',
      ],
    });
    expect(await run([standalone('ssh', { prefix_list_id: 'pl-0123' })], RULE_SSH_CLOSED)).toMatchObject({ code: 0, status: 'passed' });
    expect(await run([standalone('ssh', {}, { cidr_ipv4: true })], RULE_SSH_CLOSED)).toMatchObject({
      code: 1,
      status: 'indeterminate',
      findings: ['indeterminate aws_vpc_security_group_ingress_rule.ssh: cidr_ipv4 is known only after apply; expected no ingress from the internet on port 22'],
    });
    expect(await run([inline('web', [])], RULE_SSH_CLOSED)).toMatchObject({ code: 0, status: 'not-applicable' });
  });

  it('a group with only standalone rules is judged with them', async () => {
    const result = await run([inline('web', []), standalone('ssh', { cidr_ipv4: '0.0.0.0/0' })], SSH_CLOSED);
    expect(result.status).toBe('failed');
    expect(result.findings).toEqual([
      'failed aws_vpc_security_group_ingress_rule.ssh: is open to the internet on port 22 (a rule of aws_security_group.web): ingress tcp 22 from "0.0.0.0/0"; expected no ingress from the internet on port 22',
    ]);
  });

  it('a group and its rule selected together: the rule is reported once, under its own address', async () => {
    const result = await run([inline('web', []), standalone('ssh', { cidr_ipv4: '0.0.0.0/0' })], [
      'Given the "aws_security_group" or "aws_vpc_security_group_ingress_rule" resources',
      'Then it is not open to the internet on port 22',
    ]);
    expect(result.findings).toEqual([
      'failed aws_vpc_security_group_ingress_rule.ssh: is open to the internet on port 22: ingress tcp 22 from "0.0.0.0/0"; expected no ingress from the internet on port 22',
    ]);
  });

  it('an aws_security_group_rule is read by its type', async () => {
    const resources: RawResource[] = [
      {
        address: 'aws_security_group_rule.all_out',
        values: { type: 'egress', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: null },
        unknown: { id: true, security_group_id: true },
      },
    ];
    expect(await run(resources, ['Given the "aws_security_group_rule" resources', 'Then it is not open to the internet on port 22'])).toMatchObject({ status: 'passed' });
    expect(await run(resources, ['Given the "aws_security_group_rule" resources', 'Then it is not open for egress to the internet'])).toMatchObject({ status: 'failed' });
  });

  it('a selection of another type is a feature error (exit 2), not a pass', async () => {
    const cwd = workspace({
      'tfplan.json': plan([{ address: 'aws_s3_bucket.b', values: { bucket: 'b' } }]),
      'features/g.feature': feature('g', { Rule: ['Given the "aws_s3_bucket" resources', 'Then it is not open to the internet on port 22'] }),
    });
    const result = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features/g.feature']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('judges security groups and their rules, but the selection holds aws_s3_bucket');
  });
});

describe('Given those open to the internet on port N', () => {
  const steps = ['Given the "aws_security_group" resources', 'And those open to the internet on port 443', 'Then its "name" is "public"'];

  it('keeps the groups with such a rule and judges them', async () => {
    const resources = [inline('public', [rule('tcp', 443, 443, ['0.0.0.0/0'])]), inline('private', [rule('tcp', 443, 443, ['10.0.0.0/8'])])];
    expect(await run(resources, steps)).toMatchObject({ code: 0, status: 'passed' });
  });

  it('none open: not-applicable; one it cannot place: indeterminate', async () => {
    expect(await run([inline('private', [rule('tcp', 443, 443, ['10.0.0.0/8'])])], steps)).toMatchObject({ status: 'not-applicable' });
    const unknown = await run([inline('private', null, { ingress: true })], steps);
    expect(unknown.status).toBe('indeterminate');
    expect(unknown.findings).toEqual([
      'indeterminate aws_security_group.private: cannot tell whether it is selected, because ingress is known only after apply, so it cannot be told whether it is open to the internet on port 443',
    ]);
  });
});

describe('Then every range in its ATTRIBUTE is within', () => {
  const steps = ['Given the "aws_security_group_rule" resources', 'Then every range in its "cidr_blocks" is within "10.0.0.0/8", "192.168.0.0/16"'];
  const sgRule = (cidrs: unknown, unknown: Record<string, unknown> = {}): RawResource => ({
    address: 'aws_security_group_rule.db',
    values: { type: 'ingress', protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_blocks: cidrs },
    unknown,
  });

  it('passes inside, fails outside, is indeterminate while unknown', async () => {
    expect(await run([sgRule(['10.2.0.0/16'])], steps)).toMatchObject({ status: 'passed' });
    expect(await run([sgRule(['10.2.0.0/16', '100.64.0.0/10'])], steps)).toMatchObject({
      status: 'failed',
      findings: ['failed aws_security_group_rule.db: cidr_blocks holds "100.64.0.0/10", outside the allowed ranges; expected every range within 10.0.0.0/8, 192.168.0.0/16'],
    });
    expect(await run([sgRule(null, { cidr_blocks: true })], steps)).toMatchObject({ status: 'indeterminate' });
  });

  it('no range wider than /16: a /8 fails', async () => {
    const wider = ['Given the "aws_security_group_rule" resources', 'Then no range in its "cidr_blocks" is wider than /16'];
    expect(await run([sgRule(['10.2.0.0/16'])], wider)).toMatchObject({ status: 'passed' });
    expect(await run([sgRule(['10.0.0.0/8'])], wider)).toMatchObject({
      status: 'failed',
      findings: ['failed aws_security_group_rule.db: cidr_blocks holds "10.0.0.0/8", wider than /16; expected every range no wider than /16'],
    });
  });

  it('a range in the step that is not a CIDR block is a feature error', async () => {
    const cwd = workspace({
      'tfplan.json': plan([sgRule(['10.2.0.0/16'])]),
      'features/g.feature': feature('g', { Rule: ['Given the "aws_security_group_rule" resources', 'Then every range in its "cidr_blocks" is within "10.0.0.0"'] }),
    });
    const result = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features/g.feature']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"10.0.0.0" is not a CIDR block');
  });
});
