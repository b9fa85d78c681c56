/**
 * Security group rules and what they let through: inline `ingress`/`egress` blocks of
 * `aws_security_group`, and the standalone `aws_security_group_rule`,
 * `aws_vpc_security_group_ingress_rule` and `aws_vpc_security_group_egress_rule`. A rule is open to
 * the internet when its CIDR blocks together hold every IPv4 or every IPv6 address; a rule naming
 * a prefix list or a security group is not. Every fact a verdict needs (direction, protocol, ports,
 * ranges) is tri-state: one known only after apply makes the rule indeterminate unless another
 * known fact already rules it out.
 */
import { GuardrailsError } from '../errors.js';
import { readPath, readValue } from '../plan/index.js';
import type { PathValue, PlanModel, ResourceInstance, TriValue } from '../plan/types.js';
import { isPlannedToExist } from './actions.js';
import { coversFamily, isWithin, parseCidr, type CidrRange } from './cidr.js';
import { resourceSubject, type Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

export type Direction = 'ingress' | 'egress';

/** What is asked: traffic in one direction, on one port (TCP, UDP or any protocol with ports) or of any kind. */
export interface NetworkQuery {
  readonly direction: Direction;
  readonly port?: number;
}

/** The resource types whose rules these checks read. */
export const SECURITY_GROUP_TYPES: readonly string[] = [
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];

const STANDALONE_RULE_TYPES = new Set(SECURITY_GROUP_TYPES.slice(1));

/** One rule as read from the plan: an inline block item or a standalone rule resource. */
interface Rule {
  /** The resource findings name: the group (inline rule) or the rule resource. */
  readonly resource: ResourceInstance;
  /** Where the rule sits in that resource: `ingress[1]`, or `` for a standalone rule. */
  readonly path: string;
  readonly direction: Fact<Direction>;
  readonly protocol: Field;
  readonly fromPort: Field;
  readonly toPort: Field;
  readonly cidrs: readonly PathValue[];
  /** Set when the rule is judged as part of a selected group: the group, and whether the plan shows it certainly is. */
  readonly group?: { readonly address: string; readonly uncertain: boolean };
}

/** A value with the path it was read from (for messages). */
interface Field {
  readonly path: string;
  readonly value: TriValue;
}

/** A tri-state fact about a rule, with what makes it unknown or unreadable. */
type Fact<T = true> =
  | { readonly state: 'yes'; readonly value: T }
  | { readonly state: 'no' }
  | { readonly state: 'unknown'; readonly path: string }
  | { readonly state: 'unreadable'; readonly path: string; readonly detail: string };

/** How one rule stands against a query. */
type Exposure =
  | { readonly state: 'open'; readonly traffic: string; readonly ranges: readonly string[] }
  | { readonly state: 'closed' }
  | { readonly state: 'unknown'; readonly path: string }
  | { readonly state: 'unreadable'; readonly path: string; readonly detail: string };

/** Throws a feature error when a subject is not a security group or rule: these checks would judge nothing there. */
export function requireSecurityGroupSubjects(subjects: readonly Subject[], step: string): void {
  const others = [...new Set(subjects.filter((subject) => subject.kind !== 'resource' || !SECURITY_GROUP_TYPES.includes(subject.type)).map((subject) => subject.type))];
  if (others.length === 0) return;
  throw new GuardrailsError('FEATURE_INVALID', `"${step}" judges security groups and their rules, but the selection holds ${others.join(', ')}.`, {
    hint: `Select ${SECURITY_GROUP_TYPES.map((type) => `"${type}"`).join(', ')} resources first (or narrow to them).`,
  });
}

/** How a subject's rules stand against a query, before it is turned into verdicts. */
interface Assessment {
  readonly ruleCount: number;
  readonly open: ReadonlyArray<{ readonly rule: Rule; readonly exposure: Extract<Exposure, { state: 'open' }> }>;
  readonly unreadable: { readonly rule: Rule; readonly exposure: Extract<Exposure, { state: 'unreadable' }> } | undefined;
  /** The first path known only after apply that decides, with the rule it belongs to (none for a whole block). */
  readonly unknown: { readonly rule: Rule | undefined; readonly path: string } | undefined;
}

function assess(model: PlanModel, resource: ResourceInstance, query: NetworkQuery, judgedOnTheirOwn: ReadonlySet<string>): Assessment {
  const { rules, unknownBlocks } = rulesOf(model, resource, query.direction, judgedOnTheirOwn);
  const open: Array<Assessment['open'][number]> = [];
  let unreadable: Assessment['unreadable'];
  let unknown: Assessment['unknown'] = unknownBlocks[0] === undefined ? undefined : { rule: undefined, path: unknownBlocks[0] };
  for (const rule of rules) {
    const exposure = exposureOf(rule, query);
    if (exposure.state === 'open') open.push({ rule, exposure });
    else if (exposure.state === 'unreadable') unreadable ??= { rule, exposure };
    else if (exposure.state === 'unknown') unknown ??= { rule, path: exposure.path };
  }
  return { ruleCount: rules.length, open, unreadable, unknown };
}

/**
 * Judges that no rule of the subject is open to the internet for the query. A group is judged with
 * its inline rules and the standalone rules the plan attaches to it (`security_group_id`), except
 * those in `judgedOnTheirOwn` (rules that are selected themselves, so each is reported once).
 * Returns one verdict per open rule, named by the rule's resource; else one verdict for the subject:
 * failed when a rule cannot be read, indeterminate when a value that decides is known only after apply.
 */
export function checkNotOpen(model: PlanModel, subject: Subject, query: NetworkQuery, judgedOnTheirOwn: ReadonlySet<string> = new Set()): Verdict[] {
  if (subject.kind !== 'resource') return [verdict(subject, 'failed', '', 'is not a security group or rule')];
  const expected = expectation(query);
  const found = assess(model, subject.resource, query, judgedOnTheirOwn);
  if (found.open.length > 0) {
    return found.open.map(({ rule, exposure }) => {
      const actual = describeRule(rule, exposure);
      // A rule that may belong to another instance of the group cannot be pinned on this one.
      const status = rule.group?.uncertain ? 'indeterminate' : 'failed';
      const detail = `${status === 'failed' ? 'is' : 'may be'} ${openPhrase(query)}${ownerNote(rule)}: ${actual}; expected ${expected}`;
      return verdict(resourceSubject(rule.resource), status, rule.path, detail, { expected, actual });
    });
  }
  if (found.unreadable) {
    const { rule, exposure } = found.unreadable;
    const detail = `${exposure.detail}${ownerNote(rule)}, so it cannot be told whether it is ${openPhrase(query)}; expected ${expected}`;
    return [verdict(resourceSubject(rule.resource), 'failed', '', detail, { expected, actual: 'unreadable' })];
  }
  if (found.unknown) {
    const { rule, path } = found.unknown;
    const detail = `is known only after apply${rule ? ownerNote(rule) : ''}; expected ${expected}`;
    return [verdict(rule ? resourceSubject(rule.resource) : subject, 'indeterminate', path, detail, { expected, actual: 'known after apply' })];
  }
  const none = found.ruleCount === 0 ? `has no ${query.direction} rules` : `has no ${query.direction} rule ${openPhrase(query)}`;
  return [verdict(subject, 'passed', '', none, { expected })];
}

/**
 * Whether the subject has a rule open to the internet for the query, for narrowing: passed keeps it,
 * failed drops it, indeterminate (a deciding value known only after apply or unreadable, or an open
 * rule the plan may not attach to it) drops it with a finding.
 */
export function checkOpen(model: PlanModel, subject: Subject, query: NetworkQuery): Verdict {
  if (subject.kind !== 'resource') return verdict(subject, 'failed', '', 'is not a security group or rule');
  const found = assess(model, subject.resource, query, new Set());
  const phrase = openPhrase(query);
  const certain = found.open.find(({ rule }) => !rule.group?.uncertain);
  if (certain) return verdict(subject, 'passed', certain.rule.path, `is ${phrase}: ${describeRule(certain.rule, certain.exposure)}`);
  const uncertain = found.open[0];
  if (uncertain) return verdict(subject, 'indeterminate', '', `may be ${phrase}${ownerNote(uncertain.rule)}: ${describeRule(uncertain.rule, uncertain.exposure)}`);
  if (found.unreadable) return verdict(subject, 'indeterminate', found.unreadable.exposure.path, `${found.unreadable.exposure.detail}${ownerNote(found.unreadable.rule)}`);
  if (found.unknown) {
    const where = found.unknown.rule && found.unknown.rule.resource !== subject.resource ? ` in ${found.unknown.rule.resource.address}` : '';
    return verdict(subject, 'indeterminate', found.unknown.path, `is known only after apply${where}, so it cannot be told whether it is ${phrase}`);
  }
  return verdict(subject, 'failed', '', `is not ${phrase}`);
}

function ownerNote(rule: Rule): string {
  return rule.group ? ` (a rule of ${rule.group.address})` : '';
}

/** The rules of a resource in one direction, and paths known only after apply that may hold more. */
function rulesOf(model: PlanModel, resource: ResourceInstance, direction: Direction, judgedOnTheirOwn: ReadonlySet<string>): { rules: Rule[]; unknownBlocks: string[] } {
  if (STANDALONE_RULE_TYPES.has(resource.type)) return { rules: [standaloneRule(resource)], unknownBlocks: [] };
  const rules: Rule[] = [];
  const unknownBlocks: string[] = [];
  for (const item of readPath(resource, `${direction}[*]`)) {
    if (item.value.state === 'unknown') unknownBlocks.push(item.path.replace(/\[\*\]$/, ''));
    else if (item.value.state === 'known') rules.push(inlineRule(resource, item.path, direction));
  }
  for (const attached of attachedRules(model, resource, judgedOnTheirOwn)) rules.push(attached);
  return { rules, unknownBlocks };
}

function inlineRule(resource: ResourceInstance, path: string, direction: Direction): Rule {
  return {
    resource,
    path,
    direction: { state: 'yes', value: direction },
    protocol: field(resource, `${path}.protocol`),
    fromPort: field(resource, `${path}.from_port`),
    toPort: field(resource, `${path}.to_port`),
    cidrs: [...readPath(resource, `${path}.cidr_blocks[*]`), ...readPath(resource, `${path}.ipv6_cidr_blocks[*]`)],
  };
}

function standaloneRule(resource: ResourceInstance, group?: Rule['group']): Rule {
  const vpcRule = resource.type !== 'aws_security_group_rule';
  const cidrs = vpcRule
    ? [...readPath(resource, 'cidr_ipv4'), ...readPath(resource, 'cidr_ipv6')]
    : [...readPath(resource, 'cidr_blocks[*]'), ...readPath(resource, 'ipv6_cidr_blocks[*]')];
  return {
    resource,
    path: '',
    direction: vpcRule ? { state: 'yes', value: resource.type.endsWith('_egress_rule') ? 'egress' : 'ingress' } : directionOf(resource),
    protocol: field(resource, vpcRule ? 'ip_protocol' : 'protocol'),
    fromPort: field(resource, 'from_port'),
    toPort: field(resource, 'to_port'),
    cidrs,
    ...(group ? { group } : {}),
  };
}

/** Standalone rules whose `security_group_id` the configuration (or a known value) ties to the group. */
function attachedRules(model: PlanModel, group: ResourceInstance, judgedOnTheirOwn: ReadonlySet<string>): Rule[] {
  const byAddress = new Map<string, boolean>();
  for (const reference of model.referencesTo(group.address)) {
    if (reference.attribute !== 'security_group_id' || judgedOnTheirOwn.has(reference.from)) continue;
    const uncertain = reference.uncertain === true;
    byAddress.set(reference.from, (byAddress.get(reference.from) ?? true) && uncertain);
  }
  const rules: Rule[] = [];
  for (const [address, uncertain] of byAddress) {
    const rule = model.resource(address);
    if (!rule || !STANDALONE_RULE_TYPES.has(rule.type) || !isPlannedToExist(resourceSubject(rule))) continue;
    rules.push(standaloneRule(rule, { address: group.address, uncertain }));
  }
  return rules;
}

function directionOf(resource: ResourceInstance): Fact<Direction> {
  const value = readValue(resource, 'type');
  if (value.state === 'unknown') return { state: 'unknown', path: 'type' };
  if (value.state === 'known' && (value.value === 'ingress' || value.value === 'egress')) return { state: 'yes', value: value.value };
  return { state: 'unreadable', path: 'type', detail: `type is ${value.state === 'known' ? show(value.value) : 'not set'}, neither "ingress" nor "egress"` };
}

function field(resource: ResourceInstance, path: string): Field {
  return { path, value: readValue(resource, path) };
}

/** Where one rule stands: closed as soon as one fact rules it out, else unreadable, else unknown, else open. */
function exposureOf(rule: Rule, query: NetworkQuery): Exposure {
  const direction: Fact =
    rule.direction.state === 'yes' ? (rule.direction.value === query.direction ? { state: 'yes', value: true } : { state: 'no' }) : rule.direction;
  const internet = internetRanges(rule.cidrs);
  const traffic = query.port === undefined ? ({ state: 'yes', value: true } as const) : coversPort(rule, query.port);
  const facts: Fact<unknown>[] = [direction, internet, traffic];
  if (facts.some((fact) => fact.state === 'no')) return { state: 'closed' };
  const unreadable = facts.find((fact) => fact.state === 'unreadable');
  if (unreadable?.state === 'unreadable') return { state: 'unreadable', path: unreadable.path, detail: unreadable.detail };
  const unknown = facts.find((fact) => fact.state === 'unknown');
  if (unknown?.state === 'unknown') return { state: 'unknown', path: unknown.path };
  return { state: 'open', traffic: describeTraffic(rule), ranges: internet.state === 'yes' ? internet.value : [] };
}

/** Whether the rule's CIDR blocks hold the whole internet (all of IPv4 or all of IPv6), naming the ranges that do. */
export function internetRanges(cidrs: readonly PathValue[]): Fact<string[]> {
  const ranges: CidrRange[] = [];
  let unknown: string | undefined;
  let unreadable: { path: string; detail: string } | undefined;
  for (const entry of cidrs) {
    if (entry.value.state === 'unknown') unknown ??= entry.path;
    else if (entry.value.state === 'known') {
      const range = typeof entry.value.value === 'string' ? parseCidr(entry.value.value) : undefined;
      if (range) ranges.push(range);
      else unreadable ??= { path: entry.path, detail: `${entry.path} is ${show(entry.value.value)}, which is not a CIDR block` };
    }
  }
  for (const family of [4, 6] as const) {
    if (coversFamily(ranges, family)) return { state: 'yes', value: ranges.filter((range) => range.family === family).map((range) => range.text) };
  }
  if (unreadable) return { state: 'unreadable', ...unreadable };
  if (unknown) return { state: 'unknown', path: unknown.replace(/\[\*\]$/, '') };
  return { state: 'no' };
}

/** IANA numbers and names of the protocols AWS takes; the others open every port of their protocol. */
type Protocol = { readonly kind: 'all' } | { readonly kind: 'ports'; readonly name: 'tcp' | 'udp' } | { readonly kind: 'icmp'; readonly name: string } | { readonly kind: 'other'; readonly number: number };

/** Reads `-1`/`all`, `tcp`/`6`, `udp`/`17`, `icmp`/`1`, `icmpv6`/`58`, or another protocol number. */
export function parseProtocol(value: unknown): Protocol | undefined {
  const text = String(value).trim().toLowerCase();
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (text === '-1' || text === 'all') return { kind: 'all' };
  if (text === 'tcp' || text === '6') return { kind: 'ports', name: 'tcp' };
  if (text === 'udp' || text === '17') return { kind: 'ports', name: 'udp' };
  if (text === 'icmp' || text === '1') return { kind: 'icmp', name: 'icmp' };
  if (text === 'icmpv6' || text === '58') return { kind: 'icmp', name: 'icmpv6' };
  if (/^\d{1,3}$/.test(text) && Number(text) <= 255) return { kind: 'other', number: Number(text) };
  return undefined;
}

/**
 * Whether the rule lets traffic in on the port: every protocol (`-1`) does; TCP and UDP do when
 * from_port..to_port holds it; ICMP has types, not ports, so it does not; any other protocol does,
 * because AWS opens every port of a protocol other than TCP, UDP, ICMP and ICMPv6.
 */
export function coversPort(rule: Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>, port: number): Fact {
  const protocol = rule.protocol.value;
  if (protocol.state === 'unknown') return { state: 'unknown', path: rule.protocol.path };
  const parsed = protocol.state === 'known' ? parseProtocol(protocol.value) : undefined;
  if (!parsed) return { state: 'unreadable', path: rule.protocol.path, detail: `${rule.protocol.path} is ${protocol.state === 'known' ? show(protocol.value) : 'not set'}, which is not a protocol` };
  if (parsed.kind === 'all' || parsed.kind === 'other') return { state: 'yes', value: true };
  if (parsed.kind === 'icmp') return { state: 'no' };
  const range = portRange(rule);
  if (range.state !== 'yes') return range;
  return range.value[0] <= port && port <= range.value[1] ? { state: 'yes', value: true } : { state: 'no' };
}

function portRange(rule: Pick<Rule, 'fromPort' | 'toPort'>): Fact<[number, number]> {
  const ends: number[] = [];
  for (const end of [rule.fromPort, rule.toPort]) {
    if (end.value.state === 'unknown') return { state: 'unknown', path: end.path };
    const value = end.value.state === 'known' ? end.value.value : undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(number) || number < 0 || number > 65535) {
      return { state: 'unreadable', path: end.path, detail: `${end.path} is ${value === undefined ? 'not set' : show(value)}, which is not a port` };
    }
    ends.push(number);
  }
  const [from, to] = ends as [number, number];
  if (from > to) return { state: 'unreadable', path: rule.fromPort.path, detail: `the port range ${from}-${to} is empty` };
  return { state: 'yes', value: [from, to] };
}

/** `tcp 22`, `tcp 0-65535`, `all traffic`, `icmp`, `protocol 50 (every port)`. */
function describeTraffic(rule: Rule): string {
  const protocol = rule.protocol.value.state === 'known' ? parseProtocol(rule.protocol.value.value) : undefined;
  if (!protocol) return 'traffic';
  if (protocol.kind === 'all') return 'all traffic';
  if (protocol.kind === 'icmp') return protocol.name;
  if (protocol.kind === 'other') return `protocol ${protocol.number} (every port)`;
  const range = portRange(rule);
  if (range.state !== 'yes') return protocol.name;
  const [from, to] = range.value;
  return from === to ? `${protocol.name} ${from}` : `${protocol.name} ${from}-${to}`;
}

function describeRule(rule: Rule, exposure: Extract<Exposure, { state: 'open' }>): string {
  const ranges = exposure.ranges.map((range) => JSON.stringify(range)).join(', ');
  const direction = rule.direction.state === 'yes' ? rule.direction.value : 'ingress';
  return `${direction} ${exposure.traffic} ${direction === 'ingress' ? 'from' : 'to'} ${ranges}`;
}

/** `open to the internet on port 22`, `open for egress to the internet`. */
function openPhrase(query: NetworkQuery): string {
  const on = query.port === undefined ? '' : ` on port ${query.port}`;
  return query.direction === 'ingress' ? `open to the internet${on}` : `open for egress to the internet${on}`;
}

function expectation(query: NetworkQuery): string {
  const on = query.port === undefined ? '' : ` on port ${query.port}`;
  return query.direction === 'ingress' ? `no ingress from the internet${on}` : `no egress to the internet${on}`;
}

/** Parses the CIDR blocks a step names; a block that does not parse is a feature error. */
export function parseStepCidrs(texts: readonly string[]): CidrRange[] {
  return texts.map((text) => {
    const range = parseCidr(text);
    if (range) return range;
    throw new GuardrailsError('FEATURE_INVALID', `"${text.slice(0, 64)}" is not a CIDR block.`, {
      hint: 'Write CIDR blocks as an address and a prefix length: "10.0.0.0/8", "fd00::/8".',
    });
  });
}

/**
 * Judges that every CIDR block an attribute holds (a string or a list of strings; with [*], at every
 * path reached) lies inside one of the allowed ranges. An attribute that holds no block (null, empty)
 * has none outside; one known only after apply is indeterminate; a value that is not a CIDR block fails.
 */
export function checkRangesWithin(model: PlanModel, subject: Subject, path: string, allowed: readonly CidrRange[]): Verdict {
  const within = `within ${allowed.map((range) => range.text).join(', ')}`;
  return checkRanges(subject, path, within, 'outside the allowed ranges', (range) => allowed.some((outer) => isWithin(range, outer)));
}

/** Judges that no CIDR block the attribute holds is wider than the prefix length (a /8 is wider than a /16). */
export function checkRangesNoWider(model: PlanModel, subject: Subject, path: string, prefix: number): Verdict {
  return checkRanges(subject, path, `no wider than /${prefix}`, `wider than /${prefix}`, (range) => range.prefix >= prefix);
}

function checkRanges(subject: Subject, path: string, rule: string, breach: string, accepts: (range: CidrRange) => boolean): Verdict {
  const expected = `every range ${rule}`;
  if (subject.kind !== 'resource') return verdict(subject, 'failed', path, `cannot be read on a ${subject.kind}; expected ${expected}`, { expected });
  const rejected: string[] = [];
  let unknown: string | undefined;
  for (const entry of cidrEntries(subject.resource, path)) {
    if (entry.value.state === 'unknown') unknown ??= entry.path;
    if (entry.value.state !== 'known') continue;
    const range = typeof entry.value.value === 'string' ? parseCidr(entry.value.value) : undefined;
    if (!range) return verdict(subject, 'failed', entry.path, `is ${show(entry.value.value)}, which is not a CIDR block; expected ${expected}`, { expected, actual: show(entry.value.value) });
    if (!accepts(range)) rejected.push(range.text);
  }
  if (rejected.length > 0) {
    const actual = rejected.map((text) => JSON.stringify(text)).join(', ');
    return verdict(subject, 'failed', path, `holds ${actual}, ${breach}; expected ${expected}`, { expected, actual });
  }
  if (unknown) return verdict(subject, 'indeterminate', unknown, `is known only after apply; expected ${expected}`, { expected, actual: 'known after apply' });
  return verdict(subject, 'passed', path, `holds only ranges ${rule}`, { expected });
}

/** Every value a path reaches, lists opened item by item (so an item known only after apply is seen as one). */
function cidrEntries(resource: ResourceInstance, path: string): PathValue[] {
  return readPath(resource, path).flatMap((entry) =>
    entry.value.state === 'known' && Array.isArray(entry.value.value) ? readPath(resource, `${entry.path}[*]`) : [entry],
  );
}
