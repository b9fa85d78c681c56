import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { checkNotOpen, checkOpen, checkRangesNoWider, checkRangesWithin, coversPort, parseProtocol, parseStepCidrs, type NetworkQuery } from './network.js';
import { selectByAddress } from './select.js';

const SSH: NetworkQuery = { direction: 'ingress', port: 22 };
const ANY: NetworkQuery = { direction: 'ingress' };

/** An inline rule item as show -json prints it. */
const item = (protocol: string, from: number | null, to: number | null, cidrs: string[], extra: Record<string, unknown> = {}) => ({
  protocol,
  from_port: from,
  to_port: to,
  cidr_blocks: cidrs.filter((cidr) => !cidr.includes(':')),
  ipv6_cidr_blocks: cidrs.filter((cidr) => cidr.includes(':')),
  prefix_list_ids: [],
  security_groups: [],
  self: false,
  description: '',
  ...extra,
});

const group = (ingress: unknown, unknown: unknown = {}, egress: unknown = []): RawResource => ({
  address: 'aws_security_group.web',
  values: { name: 'web', ingress, egress },
  unknown: { id: true, arn: true, ...(unknown as object) },
  expressions: { name: { constant_value: 'web' } },
});

function judge(resources: RawResource[], address: string, query: NetworkQuery, selected: string[] = []) {
  const model = planWith(resources);
  const [subject] = selectByAddress(model, address);
  return checkNotOpen(model, subject!, query, new Set(selected));
}

function statuses(resources: RawResource[], address: string, query: NetworkQuery) {
  return judge(resources, address, query).map((v) => v.status);
}

describe('inline ingress of aws_security_group', () => {
  it.each([
    ['tcp 22 from 0.0.0.0/0', item('tcp', 22, 22, ['0.0.0.0/0']), 'failed', 'failed'],
    ['tcp 20-25 from 0.0.0.0/0', item('tcp', 20, 25, ['0.0.0.0/0']), 'failed', 'failed'],
    ['tcp 443 from 0.0.0.0/0', item('tcp', 443, 443, ['0.0.0.0/0']), 'passed', 'failed'],
    ['udp 22 from 0.0.0.0/0 (a port of any protocol with ports)', item('udp', 22, 22, ['0.0.0.0/0']), 'failed', 'failed'],
    ['all protocols from ::/0', item('-1', 0, 0, ['::/0']), 'failed', 'failed'],
    ['"all" from 0.0.0.0/0', item('all', 0, 65535, ['0.0.0.0/0']), 'failed', 'failed'],
    ['protocol 6 (tcp) 0-1024 from 0.0.0.0/0', item('6', 0, 1024, ['0.0.0.0/0']), 'failed', 'failed'],
    ['icmp from 0.0.0.0/0 (no ports)', item('icmp', 8, 0, ['0.0.0.0/0']), 'passed', 'failed'],
    ['protocol 50 from 0.0.0.0/0 (every port of it)', item('50', 0, 0, ['0.0.0.0/0']), 'failed', 'failed'],
    ['tcp 22 from 10.0.0.0/8', item('tcp', 22, 22, ['10.0.0.0/8']), 'passed', 'passed'],
    ['tcp 22 from two halves of the internet', item('tcp', 22, 22, ['0.0.0.0/1', '128.0.0.0/1']), 'failed', 'failed'],
    ['tcp 22 from a prefix list', item('tcp', 22, 22, [], { prefix_list_ids: ['pl-123'] }), 'passed', 'passed'],
    ['tcp 22 from a security group', item('tcp', 22, 22, [], { security_groups: ['sg-123'] }), 'passed', 'passed'],
  ])('%s', (_name, rule, onPort22, onAnyPort) => {
    expect(statuses([group([rule])], 'aws_security_group.web', SSH)).toEqual([onPort22]);
    expect(statuses([group([rule])], 'aws_security_group.web', ANY)).toEqual([onAnyPort]);
  });

  it('names the rule, its traffic and its ranges', () => {
    const [finding] = judge([group([item('tcp', 443, 443, ['10.0.0.0/8']), item('tcp', 20, 25, ['0.0.0.0/0', '::/0'])])], 'aws_security_group.web', SSH);
    expect(finding).toMatchObject({
      status: 'failed',
      path: 'ingress[1]',
      message: 'aws_security_group.web: ingress[1] is open to the internet on port 22: ingress tcp 20-25 from "0.0.0.0/0"; expected no ingress from the internet on port 22',
      expected: 'no ingress from the internet on port 22',
      actual: 'ingress tcp 20-25 from "0.0.0.0/0"',
    });
  });

  it('reports every open rule', () => {
    expect(statuses([group([item('tcp', 22, 22, ['0.0.0.0/0']), item('-1', 0, 0, ['::/0'])])], 'aws_security_group.web', SSH)).toEqual(['failed', 'failed']);
  });

  it('a group without ingress rules passes, saying so', () => {
    expect(judge([group([])], 'aws_security_group.web', SSH)[0]).toMatchObject({ status: 'passed', message: 'aws_security_group.web: has no ingress rules' });
  });

  it('ingress known only after apply is indeterminate', () => {
    expect(judge([group(null, { ingress: true })], 'aws_security_group.web', SSH)[0]).toMatchObject({
      status: 'indeterminate',
      path: 'ingress',
      message: 'aws_security_group.web: ingress is known only after apply; expected no ingress from the internet on port 22',
    });
  });

  it('an unknown CIDR decides only where the ports do not', () => {
    const unknownCidr = { ingress: [{ cidr_blocks: true }, { cidr_blocks: true }] };
    const rules = [item('tcp', 22, 22, []), item('tcp', 443, 443, [])];
    const verdicts = judge([group(rules, unknownCidr)], 'aws_security_group.web', SSH);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ status: 'indeterminate', path: 'ingress[0].cidr_blocks' });
    expect(statuses([group([rules[1]], { ingress: [{ cidr_blocks: true }] })], 'aws_security_group.web', SSH)).toEqual(['passed']);
  });

  it('one unknown item does not hide an internet range beside it', () => {
    const rule = item('tcp', 22, 22, ['0.0.0.0/0', 'x']);
    rule.cidr_blocks = ['0.0.0.0/0', null as unknown as string];
    expect(statuses([group([rule], { ingress: [{ cidr_blocks: [false, true] }] })], 'aws_security_group.web', SSH)).toEqual(['failed']);
  });

  it('unknown ports or protocol from the internet are indeterminate', () => {
    expect(statuses([group([item('tcp', null, null, ['0.0.0.0/0'])], { ingress: [{ from_port: true, to_port: true }] })], 'aws_security_group.web', SSH)).toEqual(['indeterminate']);
    expect(statuses([group([item('tcp', 0, 0, ['0.0.0.0/0'])], { ingress: [{ protocol: true }] })], 'aws_security_group.web', SSH)).toEqual(['indeterminate']);
  });

  it('a port or protocol that cannot be read fails a check and is indeterminate in a narrowing', () => {
    const resources = [group([item('tcp', null, null, ['0.0.0.0/0'])])];
    expect(judge(resources, 'aws_security_group.web', SSH)[0]).toMatchObject({
      status: 'failed',
      message: 'aws_security_group.web: ingress[0].from_port is not set, which is not a port, so it cannot be told whether it is open to the internet on port 22; expected no ingress from the internet on port 22',
    });
    const model = planWith(resources);
    expect(checkOpen(model, selectByAddress(model, 'aws_security_group.web')[0]!, SSH).status).toBe('indeterminate');
    expect(statuses([group([item('gre', 0, 0, ['0.0.0.0/0'])])], 'aws_security_group.web', SSH)).toEqual(['failed']);
  });

  it('ingress and egress are judged apart', () => {
    const egressAll = [item('-1', 0, 0, ['0.0.0.0/0'])];
    expect(statuses([group([], {}, egressAll)], 'aws_security_group.web', SSH)).toEqual(['passed']);
    expect(statuses([group([], {}, egressAll)], 'aws_security_group.web', { direction: 'egress', port: 25 })).toEqual(['failed']);
    expect(judge([group([], {}, egressAll)], 'aws_security_group.web', { direction: 'egress' })[0]!.message).toBe(
      'aws_security_group.web: egress[0] is open for egress to the internet: egress all traffic to "0.0.0.0/0"; expected no egress to the internet',
    );
  });
});

describe('standalone rules', () => {
  const sgRule = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}): RawResource => ({
    address: 'aws_security_group_rule.ssh',
    values: { type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: null, source_security_group_id: null, self: false, ...values },
    unknown: { id: true, security_group_id: true, ...unknown },
  });
  const vpcRule = (type: 'ingress' | 'egress', values: Record<string, unknown>, unknown: Record<string, unknown> = {}): RawResource => ({
    address: `aws_vpc_security_group_${type}_rule.r`,
    values: { ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: null, cidr_ipv6: null, prefix_list_id: null, referenced_security_group_id: null, ...values },
    unknown: { id: true, arn: true, security_group_rule_id: true, ...unknown },
  });

  it.each([
    ['aws_security_group_rule ingress tcp 22 from 0.0.0.0/0', sgRule({}), 'failed'],
    ['aws_security_group_rule egress', sgRule({ type: 'egress' }), 'passed'],
    ['aws_security_group_rule whose type is unknown', sgRule({ type: null }, { type: true }), 'indeterminate'],
    ['aws_security_group_rule from a source group', sgRule({ cidr_blocks: null, source_security_group_id: 'sg-1' }), 'passed'],
    ['aws_security_group_rule ipv6 ::/0', sgRule({ cidr_blocks: [], ipv6_cidr_blocks: ['::/0'] }), 'failed'],
    ['aws_security_group_rule with unknown cidr_blocks', sgRule({ cidr_blocks: null }, { cidr_blocks: true }), 'indeterminate'],
    ['vpc ingress rule all protocols from 0.0.0.0/0', vpcRule('ingress', { ip_protocol: '-1', from_port: null, to_port: null, cidr_ipv4: '0.0.0.0/0' }), 'failed'],
    ['vpc ingress rule tcp 22 from ::/0', vpcRule('ingress', { cidr_ipv6: '::/0' }), 'failed'],
    ['vpc ingress rule tcp 3389 from 0.0.0.0/0', vpcRule('ingress', { from_port: 3389, to_port: 3389, cidr_ipv4: '0.0.0.0/0' }), 'passed'],
    ['vpc ingress rule from a prefix list', vpcRule('ingress', { prefix_list_id: 'pl-1' }), 'passed'],
    ['vpc ingress rule from a security group', vpcRule('ingress', { referenced_security_group_id: 'sg-1' }), 'passed'],
    ['vpc ingress rule with unknown cidr_ipv4', vpcRule('ingress', {}, { cidr_ipv4: true }), 'indeterminate'],
    ['vpc egress rule to 0.0.0.0/0', vpcRule('egress', { cidr_ipv4: '0.0.0.0/0' }), 'passed'],
  ])('%s', (_name, resource, expected) => {
    expect(statuses([resource], resource.address, SSH)).toEqual([expected]);
  });

  it('a finding names the rule resource and its port range', () => {
    const [finding] = judge([vpcRule('ingress', { from_port: 0, to_port: 1024, cidr_ipv4: '0.0.0.0/0' })], 'aws_vpc_security_group_ingress_rule.r', SSH);
    expect(finding!.message).toBe(
      'aws_vpc_security_group_ingress_rule.r: is open to the internet on port 22: ingress tcp 0-1024 from "0.0.0.0/0"; expected no ingress from the internet on port 22',
    );
  });
});

describe('a group is judged with the standalone rules attached to it', () => {
  const attached: RawResource = {
    address: 'aws_vpc_security_group_ingress_rule.ssh',
    values: { ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0', cidr_ipv6: null, prefix_list_id: null, referenced_security_group_id: null },
    unknown: { id: true, security_group_id: true },
    expressions: { security_group_id: { references: ['aws_security_group.web.id', 'aws_security_group.web'] }, cidr_ipv4: { constant_value: '0.0.0.0/0' } },
  };

  it('an open attached rule fails, named by the rule', () => {
    const [finding] = judge([group([]), attached], 'aws_security_group.web', SSH);
    expect(finding).toMatchObject({
      status: 'failed',
      message:
        'aws_vpc_security_group_ingress_rule.ssh: is open to the internet on port 22 (a rule of aws_security_group.web): ingress tcp 22 from "0.0.0.0/0"; expected no ingress from the internet on port 22',
    });
    const model = planWith([group([]), attached]);
    expect(checkOpen(model, selectByAddress(model, 'aws_security_group.web')[0]!, SSH).status).toBe('passed');
  });

  it('a rule selected itself is judged once, on its own', () => {
    expect(statuses([group([]), attached], 'aws_security_group.web', SSH)).toEqual(['failed']);
    expect(judge([group([]), attached], 'aws_security_group.web', SSH, ['aws_vpc_security_group_ingress_rule.ssh']).map((v) => v.status)).toEqual(['passed']);
  });

  it('a rule planned for deletion no longer counts', () => {
    expect(statuses([group([]), { ...attached, actions: ['delete'] }], 'aws_security_group.web', SSH)).toEqual(['passed']);
  });
});

describe('protocols and ports', () => {
  it.each([
    ['-1', 'all'],
    ['ALL', 'all'],
    ['TCP', 'ports'],
    ['17', 'ports'],
    ['icmpv6', 'icmp'],
    ['58', 'icmp'],
    ['132', 'other'],
  ])('%s is %s', (text, kind) => {
    expect(parseProtocol(text)?.kind).toBe(kind);
  });

  it.each(['256', 'sctp', '', 'tcp6'])('%j is not a protocol', (text) => {
    expect(parseProtocol(text)).toBeUndefined();
  });

  const rule = (protocol: unknown, from: unknown, to: unknown) => ({
    protocol: { path: 'protocol', value: { state: 'known', value: protocol } as const },
    fromPort: { path: 'from_port', value: { state: 'known', value: from } as const },
    toPort: { path: 'to_port', value: { state: 'known', value: to } as const },
  });

  it.each([
    ['tcp', 22, 22, 22, 'yes'],
    ['tcp', 0, 65535, 22, 'yes'],
    ['tcp', 23, 65535, 22, 'no'],
    ['tcp', 0, 21, 22, 'no'],
    ['tcp', '22', '22', 22, 'yes'],
    ['tcp', 25, 20, 22, 'unreadable'],
    ['tcp', -1, -1, 22, 'unreadable'],
    ['icmp', -1, -1, 22, 'no'],
    ['-1', null, null, 22, 'yes'],
  ])('%s %s-%s covers %d: %s', (protocol, from, to, port, expected) => {
    expect(coversPort(rule(protocol, from, to), port).state).toBe(expected);
  });
});

describe('every range in an attribute is within', () => {
  const vpc = (cidr: unknown, unknown: Record<string, unknown> = {}): RawResource => ({
    address: 'aws_security_group_rule.r',
    values: { cidr_blocks: cidr, type: 'ingress' },
    unknown,
  });
  const allowed = parseStepCidrs(['10.0.0.0/8', '172.16.0.0/12']);
  const within = (resource: RawResource) => {
    const model = planWith([resource]);
    return checkRangesWithin(model, selectByAddress(model, resource.address)[0]!, 'cidr_blocks', allowed);
  };

  it.each([
    [['10.1.0.0/16', '172.16.5.0/24'], 'passed'],
    [['10.1.0.0/16', '0.0.0.0/0'], 'failed'],
    [[], 'passed'],
    [null, 'passed'],
    ['10.0.0.0/8', 'passed'],
    [['10.0.0.0/8', 'not-a-cidr'], 'failed'],
  ])('%j: %s', (cidr, expected) => {
    expect(within(vpc(cidr)).status).toBe(expected);
  });

  it('names the ranges outside', () => {
    expect(within(vpc(['10.1.0.0/16', '0.0.0.0/0'])).message).toBe(
      'aws_security_group_rule.r: cidr_blocks holds "0.0.0.0/0", outside the allowed ranges; expected every range within 10.0.0.0/8, 172.16.0.0/12',
    );
  });

  it('a list, or one item of it, known only after apply is indeterminate', () => {
    expect(within(vpc(null, { cidr_blocks: true })).status).toBe('indeterminate');
    expect(within(vpc(['10.0.0.0/8', null], { cidr_blocks: [false, true] }))).toMatchObject({ status: 'indeterminate', path: 'cidr_blocks[1]' });
  });

  it('a block the step names that is not a CIDR is a feature error', () => {
    expect(() => parseStepCidrs(['10.0.0.0'])).toThrow('"10.0.0.0" is not a CIDR block.');
  });
});

describe('no range in an attribute is wider than a prefix', () => {
  const rule = (cidr: unknown, unknown: Record<string, unknown> = {}): RawResource => ({ address: 'aws_security_group_rule.r', values: { cidr_blocks: cidr, type: 'ingress' }, unknown });
  const noWider = (resource: RawResource, prefix: number) => {
    const model = planWith([resource]);
    return checkRangesNoWider(model, selectByAddress(model, resource.address)[0]!, 'cidr_blocks', prefix);
  };

  it.each([
    [['10.1.0.0/16', '10.2.3.0/24'], 16, 'passed'],
    [['10.0.0.0/8'], 16, 'failed'],
    [['0.0.0.0/0'], 1, 'failed'],
    [[], 16, 'passed'],
    [['2001:db8::/32'], 48, 'failed'],
  ])('%j with /%d: %s', (cidr, prefix, expected) => {
    expect(noWider(rule(cidr), prefix).status).toBe(expected);
  });

  it('names the wide ranges, and is indeterminate while unknown', () => {
    expect(noWider(rule(['10.1.0.0/16', '10.0.0.0/8']), 16).message).toBe(
      'aws_security_group_rule.r: cidr_blocks holds "10.0.0.0/8", wider than /16; expected every range no wider than /16',
    );
    expect(noWider(rule(null, { cidr_blocks: true }), 16).status).toBe('indeterminate');
  });
});
