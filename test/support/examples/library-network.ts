/** Examples for the starter library's security group guardrails: inline rules, standalone rules, the internet. */
import { OPENTOFU_1_10, TERRAFORM_1_4, block, ref, type Arg, type ArgMap, type ResourceSpec } from '../plan-builder.js';
import { planOf, type ExampleCase } from './common.js';
import { DATA_KEY, deferredParameter, libraryCases, parameterValue, unrelatedWorkload } from './library-common.js';

const VPC_ID = 'vpc-0a1b2c3d4e5f60718';
const OFFICE = '203.0.113.0/24';

/** One inline `ingress` (or `egress`) item, every field written as the plan shows it. */
function rule(protocol: string, from: number, to: number, cidrs: readonly string[], description: string, ipv6: readonly string[] = []): ArgMap {
  return { cidr_blocks: [...cidrs], description, from_port: from, ipv6_cidr_blocks: [...ipv6], prefix_list_ids: [], protocol, security_groups: [], self: false, to_port: to };
}

const ALL_EGRESS = rule('-1', 0, 0, ['0.0.0.0/0'], 'all egress');
const HTTPS_FROM_ANYWHERE = rule('tcp', 443, 443, ['0.0.0.0/0'], 'HTTPS', ['::/0']);

/** `aws_security_group.<name>` with inline ingress items (an empty list is written `ingress = []`). */
function group(name: string, ingress: readonly ArgMap[]): ResourceSpec {
  return {
    type: 'aws_security_group',
    name,
    action: 'create',
    args: { name: `orders-${name}`, description: `orders ${name}`, vpc_id: VPC_ID, ingress: block(...ingress), egress: block(ALL_EGRESS) },
  };
}

/** A standalone `aws_vpc_security_group_ingress_rule` of the web group. */
function vpcIngressRule(name: string, args: Record<string, Arg>): ResourceSpec {
  return { type: 'aws_vpc_security_group_ingress_rule', name, action: 'create', args: { security_group_id: ref('aws_security_group.web.id'), ...args } };
}

/** A standalone `aws_security_group_rule` of the database group. */
function legacyRule(name: string, args: Record<string, Arg>): ResourceSpec {
  return { type: 'aws_security_group_rule', name, action: 'create', args: { type: 'ingress', security_group_id: ref('aws_security_group.db.id'), ...args } };
}

const web = (extra: readonly ArgMap[] = []): ResourceSpec => group('web', [HTTPS_FROM_ANYWHERE, rule('tcp', 22, 22, ['10.20.0.0/16'], 'SSH from the VPN'), ...extra]);
const db = (extra: readonly ArgMap[] = []): ResourceSpec => group('db', [rule('tcp', 5432, 5432, ['10.20.0.0/16'], 'PostgreSQL from the VPC'), ...extra]);

export const securityGroupNoAdminPortsCases = libraryCases('security-group-no-admin-ports-from-internet', [
  {
    name: 'compliant-ssh-from-vpn-rdp-from-office',
    description: 'HTTPS is open to everyone; SSH only from the VPN range, and RDP through a standalone rule from the office range.',
    status: 'passed',
    plan: planOf([web(), db(), vpcIngressRule('rdp', { ip_protocol: 'tcp', from_port: 3389, to_port: 3389, cidr_ipv4: OFFICE, description: 'RDP from the office' })]),
  },
  {
    name: 'violating-inline-ssh-from-anywhere',
    description: 'The web group has an inline rule admitting SSH from 0.0.0.0/0.',
    status: 'failed',
    findings: ['aws_security_group.web'],
    plan: planOf([group('web', [HTTPS_FROM_ANYWHERE, rule('tcp', 22, 22, ['0.0.0.0/0'], 'SSH')]), db()]),
  },
  {
    name: 'violating-standalone-rdp-from-ipv6-internet',
    description: 'A standalone aws_vpc_security_group_ingress_rule admits RDP from ::/0.',
    status: 'failed',
    findings: ['aws_vpc_security_group_ingress_rule.rdp'],
    plan: planOf([web(), vpcIngressRule('rdp', { ip_protocol: 'tcp', from_port: 3389, to_port: 3389, cidr_ipv6: '::/0' })], { tool: OPENTOFU_1_10 }),
  },
  {
    name: 'violating-all-traffic-rule',
    description: 'An aws_security_group_rule admits every protocol and port (-1) from 0.0.0.0/0, SSH and RDP included.',
    status: 'failed',
    findings: ['aws_security_group_rule.debug'],
    plan: planOf([db(), legacyRule('debug', { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] })], { tool: TERRAFORM_1_4 }),
  },
  {
    name: 'indeterminate-cidr-from-deferred-parameter',
    description: 'A standalone SSH rule takes its source range from an SSM parameter read only at apply, so whether it is the internet is unknown.',
    status: 'indeterminate',
    findings: ['aws_vpc_security_group_ingress_rule.ssh'],
    plan: planOf([
      DATA_KEY,
      web(),
      vpcIngressRule('ssh', { ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: parameterValue('admin_cidr') }),
      deferredParameter('admin_cidr', '/platform/network/admin-cidr'),
    ]),
  },
  {
    name: 'not-applicable-no-security-group',
    description: 'A workload with a queue and a role but no security group or rule.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const securityGroupNoDatabasePortsCases = libraryCases('security-group-no-database-ports-from-internet', [
  {
    name: 'compliant-database-from-vpc-only',
    description: 'PostgreSQL is admitted from the VPC range only, through an inline rule and a standalone one for the Redis port; HTTPS is open to everyone.',
    status: 'passed',
    plan: planOf([web(), db(), legacyRule('redis', { protocol: 'tcp', from_port: 6379, to_port: 6379, cidr_blocks: ['10.20.0.0/16'] })]),
  },
  {
    name: 'violating-postgres-from-anywhere',
    description: 'The database group admits PostgreSQL from 0.0.0.0/0 inline.',
    status: 'failed',
    findings: ['aws_security_group.db'],
    plan: planOf([web(), group('db', [rule('tcp', 5432, 5432, ['0.0.0.0/0'], 'PostgreSQL')])]),
  },
  {
    name: 'violating-port-range-covers-mongodb',
    description: 'A standalone rule opens TCP 27000-28000 to the internet, which covers MongoDB (27017).',
    status: 'failed',
    findings: ['aws_security_group_rule.mongo'],
    plan: planOf([db(), legacyRule('mongo', { protocol: 'tcp', from_port: 27000, to_port: 28000, cidr_blocks: ['0.0.0.0/0'] })]),
  },
  {
    name: 'not-applicable-no-security-group',
    description: 'A workload with a queue and a role but no security group or rule.',
    status: 'not-applicable',
    plan: planOf(unrelatedWorkload()),
  },
]);

export const libraryNetworkCases: ExampleCase[] = [...securityGroupNoAdminPortsCases, ...securityGroupNoDatabasePortsCases];
