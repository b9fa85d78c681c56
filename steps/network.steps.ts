import { checkNotOpen, checkOpen, checkRangesNoWider, checkRangesWithin, parseStepCidrs, requireSecurityGroupSubjects, type NetworkQuery } from '../src/checks/network.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import { GuardrailsError } from '../src/errors.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** Judges every selected group or rule that will exist after apply; a rule selected itself is not judged again through its group. */
function judgeRules(world: GuardrailWorld, query: NetworkQuery): void {
  requireSecurityGroupSubjects(world.subjects, world.currentStep);
  const selected = new Set(world.subjects.map((subject) => subject.address));
  world.judge(world.subjectsAfterApply.flatMap((subject) => checkNotOpen(world.plan, subject, query, selected)));
}

function narrowToOpen(world: GuardrailWorld, query: NetworkQuery, description: string): 'skipped' | undefined {
  requireSecurityGroupSubjects(world.subjects, world.currentStep);
  return world.narrow(world.subjects.map((subject) => checkOpen(world.plan, subject, query)), description);
}

/**
 * Security groups and their rules: inline `ingress`/`egress` blocks of aws_security_group and the
 * standalone rule resources. The internet is every IPv4 or every IPv6 address (0.0.0.0/0, ::/0, or
 * blocks that add up to them); prefix lists and security groups as sources are not the internet.
 */
export const networkSteps: StepSpec[] = [
  {
    keyword: 'Given',
    family: 'network',
    expression: 'those open to the internet',
    description:
      'Keeps the selected security groups and rules with an ingress rule from the internet, of any protocol or port (a group counts its standalone rules).',
    example: 'And those open to the internet',
    run: function (this: GuardrailWorld) {
      return narrowToOpen(this, { direction: 'ingress' }, 'open to the internet');
    },
  },
  {
    keyword: 'Given',
    family: 'network',
    expression: 'those open to the internet on port {int}',
    description: 'Keeps the selected security groups and rules with an ingress rule from the internet that covers the port.',
    example: 'And those open to the internet on port 443',
    run: function (this: GuardrailWorld, port: number) {
      return narrowToOpen(this, { direction: 'ingress', port: checkedPort(port) }, `open to the internet on port ${port}`);
    },
  },
  {
    keyword: 'Then',
    family: 'network',
    expression: 'it is not open to the internet',
    description:
      'No ingress rule admits traffic from the internet, of any protocol or port. A group is judged with its inline rules and the standalone rules attached to it.',
    example: 'Then it is not open to the internet',
    run: function (this: GuardrailWorld) {
      judgeRules(this, { direction: 'ingress' });
    },
  },
  {
    keyword: 'Then',
    family: 'network',
    expression: 'it is not open to the internet on port {int}',
    description:
      'No ingress rule from the internet covers the port: protocol -1 covers every port, TCP and UDP their from_port..to_port, ICMP none, any other protocol every port.',
    example: 'Then it is not open to the internet on port 22',
    run: function (this: GuardrailWorld, port: number) {
      judgeRules(this, { direction: 'ingress', port: checkedPort(port) });
    },
  },
  {
    keyword: 'Then',
    family: 'network',
    expression: 'it is not open for egress to the internet',
    description: 'No egress rule sends traffic to the internet, of any protocol or port.',
    example: 'Then it is not open for egress to the internet',
    run: function (this: GuardrailWorld) {
      judgeRules(this, { direction: 'egress' });
    },
  },
  {
    keyword: 'Then',
    family: 'network',
    expression: 'it is not open for egress to the internet on port {int}',
    description: 'No egress rule to the internet covers the port.',
    example: 'Then it is not open for egress to the internet on port 25',
    run: function (this: GuardrailWorld, port: number) {
      judgeRules(this, { direction: 'egress', port: checkedPort(port) });
    },
  },
  {
    keyword: 'Then',
    family: 'network',
    expression: 'every range in its {attribute} is within {values}',
    description:
      'Every CIDR block the attribute holds (a string or a list) lies inside one of the ranges. An attribute holding no block passes; one known only after apply is indeterminate.',
    example: 'Then every range in its "cidr_blocks" is within "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"',
    run: function (this: GuardrailWorld, path: string, ranges: string[]) {
      const allowed = parseStepCidrs(ranges);
      requireKnownAttribute(this.subjects, path);
      this.judge(this.subjectsAfterApply.map((subject) => checkRangesWithin(this.plan, subject, path, allowed)));
    },
  },
  {
    keyword: 'Then',
    family: 'network',
    expression: 'no range in its {attribute} is wider than \\/{int}',
    description: 'No CIDR block the attribute holds (a string or a list) has a shorter prefix than the bound: /8 is wider than /16. An attribute holding no block passes.',
    example: 'Then no range in its "cidr_blocks" is wider than /16',
    run: function (this: GuardrailWorld, path: string, prefix: number) {
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128) {
        throw new GuardrailsError('FEATURE_INVALID', `/${prefix} is not a prefix length: expected a whole number from 0 to 128`);
      }
      requireKnownAttribute(this.subjects, path);
      this.judge(this.subjectsAfterApply.map((subject) => checkRangesNoWider(this.plan, subject, path, prefix)));
    },
  },
];

function checkedPort(port: number): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new GuardrailsError('FEATURE_INVALID', `port ${port} is not a port: expected a whole number from 0 to 65535`);
}
