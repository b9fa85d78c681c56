/**
 * The plan shapes the benchmark measures. Each is an estate a user's plan can have, with the same
 * root baseline (state bucket, operator role, alerts, trail) and a different bulk:
 *
 * - `synthetic`: teams of nested bucket and service modules (layout.ts, configuration.ts);
 * - `module-buckets`: one `for_each` module instance per bucket, each with its own KMS key that the
 *   encryption configuration and the bucket policy reference, and versioning;
 * - `root-buckets`: every bucket, its encryption configuration, versioning and public access block
 *   declared as separate root-module blocks, all encrypted with one shared KMS key;
 * - `iam-roles`: one `for_each` module instance per service role, with policy documents (data
 *   sources), a managed policy of three to eight statements, its attachment and an inline policy.
 *
 * Every shape has exactly the requested number of managed resource instances.
 */
import { fakeUuid } from './prng.js';
import { mulberry32, type Random } from './prng.js';
import {
  accountId,
  instance,
  planLayout,
  region,
  rootBaseline,
  rootInstances,
  type Draft,
  type InstanceSpec,
  type Layout,
  type ModuleNode,
  type Mood,
} from './layout.js';
import { attr, baselineResources, configurationFor, constant, refs, resourceJson, withProvider, type BlockConfig } from './configuration.js';

export const shapeNames = ['synthetic', 'module-buckets', 'root-buckets', 'iam-roles'] as const;
export type ShapeName = (typeof shapeNames)[number];

export interface Shape {
  /** One line for the bench README and the results. */
  readonly description: string;
  layout(resources: number, seed: number): Layout;
  configuration(layout: Layout): Record<string, unknown>;
}

/** A layout plus what its configuration needs to know: the bulk units and the count of filler log groups. */
interface ShapedLayout extends Layout {
  readonly units: readonly string[];
  readonly fillers: number;
}

const keyArnOf = (keyAddress: string): string => `arn:aws:kms:${region}:${accountId}:key/${fakeUuid(keyAddress)}`;

/**
 * Starts a layout: the root baseline, then `unitSize`-resource units until fewer than a unit is
 * left, which become counted root log groups (so the count is exact without a partial unit).
 */
function shapedLayout(
  resources: number,
  seed: number,
  unitSize: number,
  addUnit: (root: ModuleNode, unit: number, mood: Mood, random: Random) => string,
): ShapedLayout {
  if (!Number.isInteger(resources) || resources < 1) throw new RangeError(`resources must be a positive integer, got ${resources}`);
  const random = mulberry32(seed);
  const root: ModuleNode = { address: '', instances: [], children: [] };
  const rootBlocks = Math.min(resources, rootBaseline.length);
  let remaining = resources - rootBlocks;
  root.instances.push(...rootInstances(rootBlocks, remaining === 0 ? 'new' : 'existing', random));
  const units: string[] = [];
  // Units come in batches that share a mood, as a team adds or changes many buckets at once.
  let mood: Mood = 'existing';
  while (remaining >= unitSize) {
    if (units.length % 20 === 0) mood = random.chance(0.3) ? 'new' : 'existing';
    units.push(addUnit(root, units.length, mood, random));
    remaining -= unitSize;
  }
  const stateKey = keyArnOf('aws_kms_key.state');
  for (let i = 0; i < remaining; i++) {
    root.instances.push(
      instance({ type: 'aws_cloudwatch_log_group', name: 'filler', index: i, logical: `/acme/filler-${i}`, refs: { keyArn: stateKey } }, '', 'existing', random),
    );
  }
  return { root, resourceCount: resources, rootBlocks, teams: 0, units, fillers: remaining };
}

/** Adds the filler log groups' block to a root module's resources when the layout has any. */
function withFillers(resources: Record<string, unknown>[], layout: ShapedLayout): Record<string, unknown>[] {
  if (layout.fillers > 0) {
    resources.push(
      resourceJson({
        type: 'aws_cloudwatch_log_group',
        name: 'filler',
        expressions: { kms_key_id: refs(...attr('aws_kms_key.state', 'arn')), name: refs('count.index'), retention_in_days: constant(90) },
        count: constant(layout.fillers),
      }),
    );
  }
  return resources;
}

const bucketVariant = (random: Random): Record<string, string | boolean> => ({
  legacySse: random.chance(0.11),
  bucketKey: !random.chance(0.07),
  versioning: random.chance(0.12) ? 'Suspended' : 'Enabled',
  partialPolicy: random.chance(0.1),
  publicPolicy: random.chance(0.08),
});

const moduleBucketTypes = [
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_policy',
] as const;

const moduleBuckets: Shape = {
  description: '`module.bucket["…"]` (`for_each`) instances, each a KMS key, a bucket, its SSE configuration and policy referencing the key, and versioning',
  layout: (resources, seed) =>
    shapedLayout(resources, seed, moduleBucketTypes.length, (root, unit, mood, random) => {
      const key = `data-${String(unit).padStart(5, '0')}`;
      const address = `module.bucket["${key}"]`;
      const bucket = `acme-${key}`;
      const variant = bucketVariant(random);
      // A bucket removed from the for_each map: every object of its instance is deleted.
      const retired = mood === 'existing' && random.chance(0.02);
      const refs = { keyArn: keyArnOf(`${address}.aws_kms_key.this`), bucket };
      const instances = moduleBucketTypes.map((type) =>
        instance(
          { type, name: 'this', logical: type === 'aws_kms_key' ? key : bucket, variant, refs, ...(retired ? { change: 'delete' as const, reason: 'delete_because_no_module' } : {}) },
          address,
          mood,
          random,
        ),
      );
      root.children.push({ address, instances, children: [] });
      return key;
    }),
  configuration: (layout) => {
    const shaped = layout as ShapedLayout;
    const settings = (field: string): Record<string, unknown> => refs(`var.settings.${field}`, 'var.settings');
    const resources: BlockConfig[] = [
      { type: 'aws_kms_key', name: 'this', expressions: { description: refs('var.name'), enable_key_rotation: constant(true), policy: {} } },
      { type: 'aws_s3_bucket', name: 'this', expressions: { bucket: refs('var.name'), tags: refs('var.name') } },
      {
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        name: 'this',
        expressions: {
          bucket: refs(...attr('aws_s3_bucket.this', 'id')),
          rule: [
            {
              apply_server_side_encryption_by_default: [
                { kms_master_key_id: refs(...attr('aws_kms_key.this', 'arn')), sse_algorithm: settings('sse_algorithm') },
              ],
              bucket_key_enabled: settings('bucket_key'),
            },
          ],
        },
      },
      {
        type: 'aws_s3_bucket_versioning',
        name: 'this',
        expressions: { bucket: refs(...attr('aws_s3_bucket.this', 'id')), versioning_configuration: [{ status: settings('versioning') }] },
      },
      {
        type: 'aws_s3_bucket_policy',
        name: 'this',
        expressions: {
          bucket: refs(...attr('aws_s3_bucket.this', 'id')),
          policy: refs(...attr('aws_s3_bucket.this', 'arn'), ...attr('aws_kms_key.this', 'arn'), 'var.settings.strict_policy', 'var.settings'),
        },
      },
    ];
    const rootModule: Record<string, unknown> = { resources: withFillers(baselineResources(layout), shaped) };
    if (shaped.units.length > 0) {
      rootModule.module_calls = {
        bucket: {
          source: './modules/bucket',
          expressions: { name: refs('each.key'), settings: refs('each.value') },
          for_each_expression: refs('local.buckets'),
          module: { resources: resources.map(resourceJson), variables: { name: {}, settings: {} } },
        },
      };
    }
    return withProvider(rootModule);
  },
};

const rootBucketTypes = [
  'aws_s3_bucket',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_public_access_block',
] as const;

const sharedKey = 'aws_kms_key.shared';

const rootBuckets: Shape = {
  description: 'separate root-module blocks per bucket (bucket, SSE configuration, versioning, public access block), every SSE configuration referencing its bucket and one shared KMS key',
  layout: (resources, seed) => {
    // The shared key takes one resource; the rest are bucket units.
    const layout = shapedLayout(resources, seed, rootBucketTypes.length, (root, unit, mood, random) => {
      const name = `data_${String(unit).padStart(5, '0')}`;
      const bucket = `acme-data-${String(unit).padStart(5, '0')}`;
      const variant = bucketVariant(random);
      for (const type of rootBucketTypes) {
        root.instances.push(instance({ type, name, logical: bucket, variant, refs: { keyArn: keyArnOf(sharedKey), bucket } }, '', mood, random));
      }
      return name;
    });
    if (layout.units.length === 0) return layout;
    // Replace one filler (or the last unit's public access block) by the shared key: the count stays exact.
    const key = instance({ type: 'aws_kms_key', name: 'shared', logical: 'shared-data', refs: {} }, '', 'existing', mulberry32(seed + 1));
    const root = layout.root;
    if (layout.fillers > 0) {
      root.instances.splice(root.instances.length - 1, 1, key);
      return { ...layout, fillers: layout.fillers - 1 };
    }
    const units = layout.units.slice(0, -1);
    const dropped = layout.units[layout.units.length - 1] ?? '';
    const kept: InstanceSpec[] = root.instances.filter((spec) => spec.name !== dropped);
    root.instances.splice(0, root.instances.length, ...kept, key);
    const fillers = rootBucketTypes.length - 1;
    for (let i = 0; i < fillers; i++) {
      root.instances.push(
        instance({ type: 'aws_cloudwatch_log_group', name: 'filler', index: i, logical: `/acme/filler-${i}`, refs: { keyArn: keyArnOf('aws_kms_key.state') } }, '', 'existing', mulberry32(seed + 2 + i)),
      );
    }
    return { ...layout, units, fillers };
  },
  configuration: (layout) => {
    const shaped = layout as ShapedLayout;
    const resources = withFillers(baselineResources(layout), shaped);
    if (shaped.units.length > 0) {
      resources.push(
        resourceJson({ type: 'aws_kms_key', name: 'shared', expressions: { description: constant('Shared data key'), enable_key_rotation: constant(true) } }),
      );
    }
    const legacy = new Set(layout.root.instances.filter((spec) => spec.ctx.variant.legacySse === true).map((spec) => spec.name));
    for (const name of shaped.units) {
      const bucket = `aws_s3_bucket.${name}`;
      const kms = !legacy.has(name);
      resources.push(
        resourceJson({ type: 'aws_s3_bucket', name, expressions: { bucket: constant(`acme-${name.replace('_', '-')}`), tags: constant({ Name: name }) } }),
        resourceJson({
          type: 'aws_s3_bucket_server_side_encryption_configuration',
          name,
          expressions: {
            bucket: refs(...attr(bucket, 'id')),
            rule: [
              {
                apply_server_side_encryption_by_default: [
                  kms
                    ? { kms_master_key_id: refs(...attr(sharedKey, 'arn')), sse_algorithm: constant('aws:kms') }
                    : { sse_algorithm: constant('AES256') },
                ],
                bucket_key_enabled: constant(kms),
              },
            ],
          },
        }),
        resourceJson({ type: 'aws_s3_bucket_versioning', name, expressions: { bucket: refs(...attr(bucket, 'id')), versioning_configuration: [{ status: constant('Enabled') }] } }),
        resourceJson({
          type: 'aws_s3_bucket_public_access_block',
          name,
          expressions: {
            block_public_acls: constant(true),
            block_public_policy: constant(true),
            bucket: refs(...attr(bucket, 'id')),
            ignore_public_acls: constant(true),
            restrict_public_buckets: constant(true),
          },
        }),
      );
    }
    return withProvider({ resources });
  },
};

const roleTypes = ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_iam_role_policy'] as const;

/** A data source instance (read during planning: in prior_state, not in resource_changes). */
function dataSource(type: string, name: string, moduleAddress: string, ctx: InstanceSpec['ctx']): InstanceSpec {
  const address = `${moduleAddress}.data.${type}.${name}`;
  return { mode: 'data', type, name, index: undefined, address, moduleAddress, change: 'no-op', createFirst: false, actionReason: undefined, refsUnknown: false, ctx: { ...ctx, address } };
}

const iamRoles: Shape = {
  description: '`module.role["…"]` (`for_each`) instances, each a role with a trust policy document, a managed policy of 3–8 statements from a policy document, its attachment and an inline policy',
  layout: (resources, seed) =>
    shapedLayout(resources, seed, roleTypes.length, (root, unit, mood, random) => {
      const key = `svc-${String(unit).padStart(5, '0')}`;
      const address = `module.role["${key}"]`;
      const name = `acme-${key}`;
      const variant = { maxSession: random.chance(0.1) ? 43200 : 3600, wildcard: random.chance(0.05), principal: random.pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) };
      const refs = { role: name, roleArn: `arn:aws:iam::${accountId}:role/${name}`, policyArn: `arn:aws:iam::${accountId}:policy/${name}` };
      const drafts: Draft[] = roleTypes.map((type) => ({ type, name: type === 'aws_iam_role_policy' ? 'inline' : 'this', logical: name, variant, refs }));
      const instances = drafts.map((draft) => instance(draft, address, mood, random));
      const base = instances[0]!.ctx;
      instances.unshift(
        dataSource('aws_iam_policy_document', 'assume', address, { ...base, variant: { ...variant, document: 'trust' } }),
        dataSource('aws_iam_policy_document', 'this', address, base),
      );
      root.children.push({ address, instances, children: [] });
      return key;
    }),
  configuration: (layout) => {
    const shaped = layout as ShapedLayout;
    const document = (resource: string): string[] => attr(`data.aws_iam_policy_document.${resource}`, 'json');
    const resources: BlockConfig[] = [
      {
        type: 'aws_iam_policy_document',
        name: 'assume',
        mode: 'data',
        expressions: { statement: [{ actions: constant(['sts:AssumeRole']), principals: [{ identifiers: refs('var.principal'), type: constant('Service') }] }] },
      },
      {
        type: 'aws_iam_policy_document',
        name: 'this',
        mode: 'data',
        // Its statements come from a `dynamic "statement"` block over var.statements, which show -json does not list.
        expressions: {},
      },
      {
        type: 'aws_iam_role',
        name: 'this',
        expressions: { assume_role_policy: refs(...document('assume')), max_session_duration: refs('var.max_session'), name: refs('var.name') },
      },
      { type: 'aws_iam_policy', name: 'this', expressions: { name: refs('var.name'), policy: refs(...document('this')) } },
      {
        type: 'aws_iam_role_policy_attachment',
        name: 'this',
        expressions: { policy_arn: refs(...attr('aws_iam_policy.this', 'arn')), role: refs(...attr('aws_iam_role.this', 'name')) },
      },
      { type: 'aws_iam_role_policy', name: 'inline', expressions: { name: refs('var.name'), policy: {}, role: refs(...attr('aws_iam_role.this', 'id')) } },
    ];
    const rootModule: Record<string, unknown> = { resources: withFillers(baselineResources(layout), shaped) };
    if (shaped.units.length > 0) {
      rootModule.module_calls = {
        role: {
          source: './modules/role',
          expressions: { max_session: refs('each.value.max_session', 'each.value'), name: refs('each.key'), principal: refs('each.value.principal', 'each.value'), statements: refs('each.value.statements', 'each.value') },
          for_each_expression: refs('local.services'),
          module: { resources: resources.map(resourceJson), variables: { max_session: { default: 3600 }, name: {}, principal: {}, statements: {} } },
        },
      };
    }
    return withProvider(rootModule);
  },
};

const synthetic: Shape = {
  description: 'teams (`for_each`) of nested bucket modules (`for_each`) and service modules (`count`): IAM, Lambda, EC2, security groups, log groups',
  layout: planLayout,
  configuration: configurationFor,
};

export const shapes: Readonly<Record<ShapeName, Shape>> = {
  synthetic,
  'module-buckets': moduleBuckets,
  'root-buckets': rootBuckets,
  'iam-roles': iamRoles,
};
