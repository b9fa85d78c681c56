/**
 * The shape of a synthetic estate: which module instances exist, which resource instances each
 * holds, and what each instance undergoes in the plan. All random choices are made here, once,
 * so that rendering the plan (several passes) is a pure function of this layout.
 */
import { mulberry32, type Random } from './prng.js';
import type { ValueContext } from './aws-values.js';

export type SyntheticChange = 'create' | 'update' | 'no-op' | 'delete' | 'replace';

export interface InstanceSpec {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index: number | string | undefined;
  readonly address: string;
  readonly moduleAddress: string;
  readonly change: SyntheticChange;
  /** For replaces: `["delete","create"]` or the create_before_destroy order. */
  readonly createFirst: boolean;
  readonly actionReason: string | undefined;
  /** True when the resources it refers to are created in this plan (their ids are unknown). */
  readonly refsUnknown: boolean;
  readonly ctx: ValueContext;
}

export interface ModuleNode {
  /** Module instance address, `` for the root. */
  readonly address: string;
  readonly instances: InstanceSpec[];
  readonly children: ModuleNode[];
}

export interface Layout {
  readonly root: ModuleNode;
  /** Managed resource instances, i.e. entries of resource_changes. */
  readonly resourceCount: number;
  /** Baseline root blocks present (a prefix of rootBaseline). */
  readonly rootBlocks: number;
  readonly teams: number;
}

export const accountId = '111122223333';
export const region = 'eu-west-1';

/** Root blocks in dependency order, so any prefix only refers to blocks already present. */
export const rootBaseline: readonly { type: string; name: string; logical: string }[] = [
  { type: 'aws_kms_key', name: 'state', logical: 'state' },
  { type: 'aws_s3_bucket', name: 'state', logical: `acme-tfstate-${accountId}` },
  { type: 'aws_s3_bucket_server_side_encryption_configuration', name: 'state', logical: 'state' },
  { type: 'aws_s3_bucket_versioning', name: 'state', logical: 'state' },
  { type: 'aws_s3_bucket_public_access_block', name: 'state', logical: 'state' },
  { type: 'aws_s3_bucket_policy', name: 'state', logical: 'state' },
  { type: 'aws_iam_role', name: 'operator', logical: 'InfraAdmin' },
  { type: 'aws_iam_role_policy', name: 'operator_region_fence', logical: 'region-fence' },
  { type: 'aws_sns_topic', name: 'alerts', logical: 'security-alerts' },
  { type: 'aws_cloudwatch_event_rule', name: 'guardduty', logical: 'guardduty-high' },
  { type: 'aws_cloudwatch_event_target', name: 'guardduty', logical: 'guardduty-high' },
  { type: 'aws_cloudtrail', name: 'main', logical: 'org-audit' },
];

/** Resource types of the bucket module, in declaration order. */
const bucketModuleTypes = [
  'aws_s3_bucket',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy',
] as const;

/** Resource types of the service module besides its counted aws_instance.this. */
const serviceModuleTypes = [
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_security_group',
  'aws_lambda_function',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
] as const;

const replaceable = new Set(['aws_instance', 'aws_security_group', 'aws_cloudwatch_log_group', 'aws_s3_bucket']);

const quote = (key: string | number): string => (typeof key === 'number' ? `[${key}]` : `["${key}"]`);

export interface Draft {
  type: string;
  name: string;
  index?: number | string;
  logical: string;
  variant?: Record<string, string | number | boolean>;
  refs?: Record<string, string>;
  /** Forced change (structural deletes); otherwise drawn from the module's mood. */
  change?: SyntheticChange;
  reason?: string;
}

/** Plans the estate for exactly `resources` managed resource instances. */
export function planLayout(resources: number, seed: number): Layout {
  if (!Number.isInteger(resources) || resources < 1) throw new RangeError(`resources must be a positive integer, got ${resources}`);
  const random = mulberry32(seed);
  const root: ModuleNode = { address: '', instances: [], children: [] };
  const rootBlocks = Math.min(resources, rootBaseline.length);
  let remaining = resources - rootBlocks;
  // A tiny plan is a brand-new stack; a large one is an existing estate with a few new teams.
  const rootIsNew = remaining === 0;

  root.instances.push(...rootInstances(rootBlocks, rootIsNew ? 'new' : 'existing', random));

  let teams = 0;
  while (remaining > 0) {
    let budget = Math.min(remaining, random.int(300, 700));
    if (remaining - budget < 60) budget = remaining;
    remaining -= budget;
    root.children.push(teamModule(teams, budget, random));
    teams++;
  }
  return { root, resourceCount: resources, rootBlocks, teams };
}

/** The data source and the first `rootBlocks` baseline blocks of the root module. */
export function rootInstances(rootBlocks: number, mood: Mood, random: Random): InstanceSpec[] {
  const stateKeyArn = `arn:aws:kms:${region}:${accountId}:key/root-state`;
  const rootDrafts: Draft[] = rootBaseline.slice(0, rootBlocks).map((block) => ({
    type: block.type,
    name: block.name,
    logical: block.logical,
    variant: rootVariant(block.type, block.name),
    refs: {
      keyArn: stateKeyArn,
      bucket: rootBaseline[1]?.logical ?? '',
      role: 'InfraAdmin',
      rule: 'guardduty-high',
      topicArn: `arn:aws:sns:${region}:${accountId}:security-alerts`,
    },
  }));
  return [dataInstance(), ...rootDrafts.map((draft) => instance(draft, '', mood, random))];
}

export function rootVariant(type: string, name: string): Record<string, string | number | boolean> {
  if (type === 'aws_iam_role') return { operator: true };
  if (type === 'aws_iam_role_policy' && name === 'operator_region_fence') return { regionFence: true };
  if (type === 'aws_cloudwatch_event_rule') return { pattern: 'guardduty' };
  return {};
}

export function dataInstance(): InstanceSpec {
  return {
    mode: 'data',
    type: 'aws_caller_identity',
    name: 'current',
    index: undefined,
    address: 'data.aws_caller_identity.current',
    moduleAddress: '',
    change: 'no-op',
    createFirst: false,
    actionReason: undefined,
    refsUnknown: false,
    ctx: { address: 'data.aws_caller_identity.current', name: 'current', team: 'platform', accountId, region, variant: {}, refs: {} },
  };
}

export type Mood = 'new' | 'existing';

export function instance(draft: Draft, moduleAddress: string, mood: Mood, random: Random): InstanceSpec {
  const local = `${draft.type}.${draft.name}${draft.index === undefined ? '' : quote(draft.index)}`;
  const address = moduleAddress === '' ? local : `${moduleAddress}.${local}`;
  let change: SyntheticChange = draft.change ?? 'create';
  let createFirst = false;
  let reason = draft.reason;
  if (draft.change === undefined && mood === 'existing') {
    const roll = random.next();
    if (roll < 0.04 && replaceable.has(draft.type)) {
      change = 'replace';
      createFirst = random.chance(0.25);
      reason = 'replace_because_cannot_update';
    } else if (roll < 0.14) {
      change = 'update';
    } else {
      change = 'no-op';
    }
  }
  const team = moduleAddress === '' ? 'platform' : (/team\["([^"]+)"\]/.exec(moduleAddress)?.[1] ?? 'platform');
  return {
    mode: 'managed',
    type: draft.type,
    name: draft.name,
    index: draft.index,
    address,
    moduleAddress,
    change,
    createFirst,
    actionReason: reason,
    refsUnknown: mood === 'new' && change !== 'delete',
    ctx: { address, name: draft.logical, team, accountId, region, variant: draft.variant ?? {}, refs: draft.refs ?? {} },
  };
}

function teamModule(teamIndex: number, budget: number, random: Random): ModuleNode {
  const team = `team-${String(teamIndex).padStart(2, '0')}`;
  const address = `module.team["${team}"]`;
  const mood: Mood = random.chance(0.3) ? 'new' : 'existing';
  const node: ModuleNode = { address, instances: [], children: [] };
  const keyArn = `arn:aws:kms:${region}:${accountId}:key/${team}-data`;
  const topicArn = `arn:aws:sns:${region}:${accountId}:security-alerts`;
  node.instances.push(instance({ type: 'aws_kms_key', name: 'data', logical: team, refs: {} }, address, mood, random));
  let left = budget - 1;
  let buckets = 0;
  let services = 0;
  while (left >= 5) {
    if (left >= 7 && random.chance(0.45)) {
      const count = random.int(0, Math.min(6, left - 6));
      left -= 6 + count;
      const shrink = mood === 'existing' && left >= 2 && random.chance(0.25) ? random.int(1, Math.min(2, left)) : 0;
      left -= shrink;
      node.children.push(serviceModule(address, team, services++, count, shrink, mood, random, topicArn));
    } else {
      left -= 5;
      const retired = mood === 'existing' && random.chance(0.06);
      node.children.push(bucketModule(address, team, buckets++, retired, mood, random, keyArn));
    }
  }
  for (let i = 0; i < left; i++) {
    node.instances.push(
      instance(
        { type: 'aws_cloudwatch_log_group', name: 'this', index: i, logical: `/acme/${team}/app-${i}`, refs: { keyArn } },
        address,
        mood,
        random,
      ),
    );
  }
  return node;
}

function bucketModule(
  parent: string,
  team: string,
  index: number,
  retired: boolean,
  mood: Mood,
  random: Random,
  keyArn: string,
): ModuleNode {
  const key = `data-${String(index).padStart(3, '0')}`;
  const address = `${parent}.module.bucket["${key}"]`;
  const bucket = `acme-${team}-${key}`;
  const variant = {
    legacySse: random.chance(0.11),
    bucketKey: !random.chance(0.07),
    versioning: random.chance(0.12) ? 'Suspended' : 'Enabled',
    publicPolicy: random.chance(0.08),
    partialPolicy: random.chance(0.1),
  };
  const instances = bucketModuleTypes.map((type) =>
    instance(
      {
        type,
        name: 'this',
        logical: bucket,
        variant,
        refs: { keyArn, bucket },
        ...(retired ? { change: 'delete' as const, reason: 'delete_because_no_module' } : {}),
      },
      address,
      mood,
      random,
    ),
  );
  return { address, instances, children: [] };
}

function serviceModule(
  parent: string,
  team: string,
  index: number,
  count: number,
  shrink: number,
  mood: Mood,
  random: Random,
  topicArn: string,
): ModuleNode {
  const address = `${parent}.module.service[${index}]`;
  const name = `${team}-svc-${String(index).padStart(2, '0')}`;
  const securityGroupId = `sg-${team}-${index}`;
  const refs = { role: name, roleArn: `arn:aws:iam::${accountId}:role/${name}`, topicArn, rule: name, securityGroupId };
  const variant = { maxSession: random.chance(0.1) ? 43200 : 3600, openIngress: random.chance(0.05), memory: random.pick([128, 256, 512, 1024]) };
  const instances = serviceModuleTypes.map((type) =>
    instance({ type, name: 'this', logical: name, variant, refs }, address, mood, random),
  );
  for (let i = 0; i < count + shrink; i++) {
    const gone = i >= count;
    instances.push(
      instance(
        {
          type: 'aws_instance',
          name: 'this',
          index: i,
          logical: `${name}-${i}`,
          variant: { instanceType: random.pick(['t4g.small', 't4g.medium', 'm7g.large']), unencryptedRoot: random.chance(0.04) },
          refs,
          ...(gone ? { change: 'delete' as const, reason: 'delete_because_count_index' } : {}),
        },
        address,
        mood,
        random,
      ),
    );
  }
  return { address, instances, children: [] };
}
