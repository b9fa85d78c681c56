import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generatePlan, generatePlanText } from './generate.js';
import { shapeNames, type ShapeName } from './shapes.js';

type Json = Record<string, unknown>;
interface ConfigModule {
  resources?: Json[];
  module_calls?: Record<string, { expressions?: Json; count_expression?: Json; for_each_expression?: Json; module: ConfigModule }>;
  variables?: Record<string, Json>;
}
interface ValuesModule {
  address?: string;
  resources?: Json[];
  child_modules?: ValuesModule[];
}

const plans = new Map<string, Json>();
function plan(resources: number, seed = 42, shape: ShapeName = 'synthetic'): Json {
  const key = `${resources}/${seed}/${shape}`;
  let parsed = plans.get(key);
  if (parsed === undefined) {
    parsed = JSON.parse(generatePlanText({ resources, seed, shape })) as Json;
    plans.set(key, parsed);
  }
  return parsed;
}
const changes = (p: Json): Json[] => p.resource_changes as Json[];
const actions = (change: Json): string => ((change.change as Json).actions as string[]).join(',');

function walkValues(module: ValuesModule, depth: number, visit: (resource: Json, module: ValuesModule, depth: number) => void): void {
  for (const resource of module.resources ?? []) visit(resource, module, depth);
  for (const child of module.child_modules ?? []) {
    expect(child.address?.startsWith(module.address ?? 'module.')).toBe(true);
    walkValues(child, depth + 1, visit);
  }
}

/** Every expression's references, with the attribute path they occur at. */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => referencesIn(item, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'references' && Array.isArray(item)) out.push(...(item as string[]));
      else referencesIn(item, out);
    }
  }
  return out;
}

/** Problems found resolving the references of one configuration module (and its children). */
function unresolved(module: ConfigModule, passedInputs: ReadonlySet<string> | undefined, where: string): string[] {
  const problems: string[] = [];
  const declared = new Set((module.resources ?? []).map((r) => String(r.address)));
  const variables = module.variables ?? {};
  const check = (reference: string, site: string): void => {
    const [head, second, third] = reference.split('.');
    if (head === 'var') {
      const variable = second?.replace(/\[.*$/, '') ?? '';
      if (!(variable in variables)) problems.push(`${where}${site}: ${reference} names no variable`);
      else if (passedInputs !== undefined && !passedInputs.has(variable) && !('default' in (variables[variable] ?? {})))
        problems.push(`${where}${site}: ${reference} is not passed by the caller`);
    } else if (head === 'data') {
      if (!declared.has(`data.${second}.${third?.replace(/\[.*$/, '')}`)) problems.push(`${where}${site}: ${reference} is not configured`);
    } else if (head === 'module') {
      if (!((second ?? '') in (module.module_calls ?? {}))) problems.push(`${where}${site}: ${reference} is not a module call`);
    } else if (!['each', 'count', 'local', 'path', 'self', 'terraform'].includes(head ?? '')) {
      if (!declared.has(`${head}.${second?.replace(/\[.*$/, '')}`)) problems.push(`${where}${site}: ${reference} is not configured`);
    }
  };
  for (const resource of module.resources ?? []) {
    for (const reference of referencesIn([resource.expressions, resource.count_expression, resource.for_each_expression]))
      check(reference, String(resource.address));
  }
  for (const [name, call] of Object.entries(module.module_calls ?? {})) {
    for (const reference of referencesIn([call.expressions, call.count_expression, call.for_each_expression])) check(reference, `module.${name}`);
    const inputs = new Set(Object.keys(call.expressions ?? {}));
    problems.push(...unresolved(call.module, inputs, `${where}module.${name}.`));
  }
  return problems;
}

describe('generatePlan', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const digest = (seed: number): string => createHash('sha256').update(generatePlanText({ resources: 2000, seed })).digest('hex');
    expect(digest(7)).toBe(digest(7));
    expect(digest(7)).not.toBe(digest(8));
  });

  it.each([1, 10, 12, 13, 999, 1000, 4321])('writes exactly %i resource instances', (resources) => {
    const p = plan(resources);
    expect(changes(p)).toHaveLength(resources);
    expect(new Set(changes(p).map((c) => c.address)).size).toBe(resources);
    expect(p.format_version).toBe('1.2');
  });

  it('the reference check itself reports a dangling reference and an input the caller does not pass', () => {
    const broken: ConfigModule = {
      resources: [{ address: 'aws_s3_bucket_policy.p', expressions: { bucket: { references: ['aws_s3_bucket.gone.id', 'aws_s3_bucket.gone'] } } }],
      module_calls: {
        child: {
          expressions: {},
          module: { resources: [{ address: 'aws_kms_key.k', expressions: { description: { references: ['var.team'] } } }], variables: { team: {} } },
        },
      },
    };
    expect(unresolved(broken, undefined, '')).toEqual([
      'aws_s3_bucket_policy.p: aws_s3_bucket.gone.id is not configured',
      'aws_s3_bucket_policy.p: aws_s3_bucket.gone is not configured',
      'module.child.aws_kms_key.k: var.team is not passed by the caller',
    ]);
  });

  it.each([10, 1000, 5000])('keeps every configuration reference resolvable (%i resources)', (resources) => {
    const configuration = plan(resources).configuration as { root_module: ConfigModule; provider_config: Json };
    expect(unresolved(configuration.root_module, undefined, '')).toEqual([]);
    expect(Object.keys(configuration.provider_config)).toContain('aws');
  });

  it('lists every change except deletes in planned_values, deletes and updates in prior_state, modules nested', () => {
    const p = plan(5000);
    const planned = new Map<string, string>();
    let deepest = 0;
    walkValues((p.planned_values as Json).root_module as ValuesModule, 0, (resource, module, depth) => {
      planned.set(String(resource.address), module.address ?? '');
      deepest = Math.max(deepest, depth);
    });
    const prior = new Set<string>();
    walkValues(((p.prior_state as Json).values as Json).root_module as ValuesModule, 0, (resource) => prior.add(String(resource.address)));
    expect(deepest).toBe(2);
    for (const change of changes(p)) {
      const kind = actions(change);
      const address = String(change.address);
      expect(planned.has(address), address).toBe(kind !== 'delete');
      if (kind !== 'delete') expect(planned.get(address)).toBe(change.module_address ?? '');
      expect(prior.has(address), address).toBe(kind !== 'create');
    }
    expect(prior.has('data.aws_caller_identity.current')).toBe(true);
  });

  it('has a share of deletes, replaces, updates and unknown values', () => {
    const all = changes(plan(5000));
    const share = (predicate: (change: Json) => boolean): number => all.filter(predicate).length / all.length;
    expect(share((c) => actions(c) === 'delete')).toBeGreaterThan(0.01);
    expect(share((c) => actions(c) === 'delete,create' || actions(c) === 'create,delete')).toBeGreaterThan(0.005);
    expect(share((c) => actions(c) === 'update')).toBeGreaterThan(0.03);
    expect(share((c) => JSON.stringify((c.change as Json).after_unknown).includes('true'))).toBeGreaterThan(0.1);
    const encryption = all.find(
      (c) => c.type === 'aws_s3_bucket_server_side_encryption_configuration' && actions(c) === 'create',
    ) as Json;
    expect(JSON.stringify((encryption.change as Json).after_unknown)).toContain('"kms_master_key_id":true');
    expect(all.some((c) => c.action_reason === 'delete_because_count_index')).toBe(true);
    expect(all.some((c) => c.action_reason === 'delete_because_no_module')).toBe(true);
  });

  it('writes policies as JSON strings and many buckets on one team key', () => {
    const all = changes(plan(3000));
    const policies = all.filter((c) => c.type === 'aws_s3_bucket_policy' && actions(c) === 'no-op');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const text = ((policy.change as Json).after as Json).policy;
      expect(typeof text).toBe('string');
      expect((JSON.parse(text as string) as Json).Version).toBe('2012-10-17');
    }
    const keys = new Map<string, number>();
    for (const c of all) {
      if (c.type !== 'aws_s3_bucket_server_side_encryption_configuration' || actions(c) !== 'no-op') continue;
      const rule = ((c.change as Json).after as { rule: { apply_server_side_encryption_by_default: Json[] }[] }).rule[0];
      const key = String(rule?.apply_server_side_encryption_by_default[0]?.kms_master_key_id);
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    expect(Math.max(...[...keys.entries()].filter(([key]) => key !== '').map(([, n]) => n))).toBeGreaterThan(10);
  });

  // How long this takes is the bench's own measure, not a unit test's.
  it('renders 50,000 resources', () => {
    let bytes = 0;
    generatePlan({ resources: 50_000, seed: 1 }, (chunk) => {
      bytes += chunk.length;
    });
    expect(bytes).toBeGreaterThan(50_000 * 1000);
  });
});

describe.each(shapeNames.filter((shape) => shape !== 'synthetic'))('the %s shape', (shape) => {
  it.each([1, 12, 13, 16, 17, 1000, 1003])('writes exactly %i resource instances', (resources) => {
    const p = plan(resources, 42, shape);
    expect(changes(p)).toHaveLength(resources);
    expect(new Set(changes(p).map((c) => c.address)).size).toBe(resources);
  });

  it('is deterministic for a seed', () => {
    const text = (seed: number): string => generatePlanText({ resources: 500, seed, shape });
    expect(text(7)).toBe(text(7));
    expect(text(7)).not.toBe(text(8));
  });

  it.each([13, 1000, 1003])('keeps every configuration reference resolvable (%i resources)', (resources) => {
    const configuration = plan(resources, 42, shape).configuration as { root_module: ConfigModule };
    expect(unresolved(configuration.root_module, undefined, '')).toEqual([]);
  });

  it('lists creates in planned_values only and everything that exists in prior_state', () => {
    const p = plan(2000, 42, shape);
    const planned = new Set<string>();
    walkValues((p.planned_values as Json).root_module as ValuesModule, 0, (resource) => planned.add(String(resource.address)));
    const prior = new Set<string>();
    walkValues(((p.prior_state as Json).values as Json).root_module as ValuesModule, 0, (resource) => prior.add(String(resource.address)));
    for (const change of changes(p)) {
      const kind = actions(change);
      expect(planned.has(String(change.address))).toBe(kind !== 'delete');
      expect(prior.has(String(change.address))).toBe(kind !== 'create');
    }
    expect(changes(p).filter((c) => actions(c) === 'create').length).toBeGreaterThan(0);
    expect(changes(p).filter((c) => actions(c) === 'no-op').length).toBeGreaterThan(0);
  });
});

describe('what each shape is made of', () => {
  const typesIn = (p: Json): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const c of changes(p)) counts.set(String(c.type), (counts.get(String(c.type)) ?? 0) + 1);
    return counts;
  };

  it('module-buckets: one for_each module instance per bucket, its SSE configuration and policy referencing the module\'s own key', () => {
    const p = plan(2000, 42, 'module-buckets');
    const call = ((p.configuration as Json).root_module as ConfigModule).module_calls?.bucket;
    expect(call?.for_each_expression).toBeDefined();
    const sse = call?.module.resources?.find((r) => r.type === 'aws_s3_bucket_server_side_encryption_configuration');
    expect(referencesIn(sse?.expressions)).toEqual(expect.arrayContaining(['aws_kms_key.this.arn', 'aws_s3_bucket.this.id']));
    expect(referencesIn(call?.module.resources?.find((r) => r.type === 'aws_s3_bucket_policy')?.expressions)).toContain('aws_kms_key.this.arn');
    expect(typesIn(p).get('aws_kms_key')).toBeGreaterThan(390);
    const encrypted = changes(p).filter((c) => c.type === 'aws_s3_bucket_server_side_encryption_configuration' && actions(c) === 'no-op');
    const keys = new Set(encrypted.map((c) => JSON.stringify(((c.change as Json).after as Json).rule)));
    expect(keys.size).toBeGreaterThan(encrypted.length * 0.8);
  });

  it('root-buckets: separate root blocks per bucket, every KMS-encrypted one on the one shared key', () => {
    const p = plan(2000, 42, 'root-buckets');
    const root = (p.configuration as Json).root_module as ConfigModule;
    expect(root.module_calls).toBeUndefined();
    const sse = (root.resources ?? []).filter((r) => r.type === 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.length).toBeGreaterThan(450);
    const onSharedKey = sse.filter((r) => referencesIn(r.expressions).includes('aws_kms_key.shared.arn'));
    expect(onSharedKey.length).toBeGreaterThan(sse.length * 0.8);
    for (const block of sse) expect(referencesIn(block.expressions)).toContain(`aws_s3_bucket.${String(block.name)}.id`);
  });

  it('iam-roles: roles with policy documents of several statements, read as data sources', () => {
    const p = plan(2000, 42, 'iam-roles');
    const counts = typesIn(p);
    for (const type of ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_iam_role_policy']) expect(counts.get(type)).toBeGreaterThan(450);
    const documents: Json[] = [];
    walkValues(((p.prior_state as Json).values as Json).root_module as ValuesModule, 0, (resource) => {
      if (resource.type === 'aws_iam_policy_document' && resource.name === 'this') documents.push(resource.values as Json);
    });
    expect(documents.length).toBeGreaterThan(450);
    const statements = documents.map((values) => (JSON.parse(String(values.json)) as { Statement: unknown[] }).Statement.length);
    expect(Math.min(...statements)).toBe(3);
    expect(Math.max(...statements)).toBe(8);
    const policy = changes(p).find((c) => c.type === 'aws_iam_policy' && actions(c) === 'no-op') as Json;
    expect((JSON.parse(String(((policy.change as Json).after as Json).policy)) as { Statement: unknown[] }).Statement.length).toBeGreaterThanOrEqual(3);
  });
});
