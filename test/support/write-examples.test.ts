import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfigFile } from '../../src/source/parse.js';
import { allCases } from './examples/catalogue.js';
import { infraAccountPlan } from './examples/infra-account.js';
import { block, buildPlan, expandTraversal, jsonencode, jsonencodeOf, planJson, ref, TERRAFORM_1_9, type PlanSpec } from './plan-builder.js';
import { caseFiles, generatedDirectories, renderExampleFiles } from './write-examples.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
type Obj = Record<string, unknown>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)));
}

describe('plan builder', () => {
  it.each([
    ['aws_kms_key.state.arn', ['aws_kms_key.state.arn', 'aws_kms_key.state']],
    ['data.aws_caller_identity.current.account_id', ['data.aws_caller_identity.current.account_id', 'data.aws_caller_identity.current']],
    ['module.state_backend.bucket_id', ['module.state_backend.bucket_id', 'module.state_backend']],
    ['var.bucket_id', ['var.bucket_id']],
    ['aws_s3_bucket.this[0].arn', ['aws_s3_bucket.this[0].arn', 'aws_s3_bucket.this[0]', 'aws_s3_bucket.this']],
    // A computed index: the block without a key, then the index expression's references.
    ['aws_s3_bucket.this[each.key].id', ['aws_s3_bucket.this', 'each.key']],
    ['aws_s3_bucket.this[each.value].arn', ['aws_s3_bucket.this', 'each.value']],
    ['aws_s3_bucket.this[count.index].arn', ['aws_s3_bucket.this', 'count.index']],
  ])('lists the references of %s as Terraform does', (traversal, expected) => {
    expect(expandTraversal(traversal)).toEqual(expected);
  });

  it('encodes like jsonencode: sorted keys, HTML characters escaped', () => {
    expect(jsonencode({ b: 1, a: { numeric: ['>=', 7] } })).toBe('{"a":{"numeric":["\\u003e=",7]},"b":1}');
  });

  const spec: PlanSpec = {
    tool: TERRAFORM_1_9,
    providers: [{ name: 'aws', args: { region: 'eu-central-1' } }],
    resources: [
      { type: 'aws_kms_key', name: 'k', action: 'create', args: { description: 'k', enable_key_rotation: true } },
      { type: 'aws_s3_bucket', name: 'old', action: 'delete', args: { bucket: 'old-tfstate' } },
      {
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        name: 'e',
        action: 'create',
        args: { bucket: 'b', rule: block({ apply_server_side_encryption_by_default: block({ sse_algorithm: 'aws:kms', kms_master_key_id: ref('aws_kms_key.k.arn') }) }) },
      },
      { type: 'aws_s3_bucket_policy', name: 'p', action: 'create', args: { bucket: 'b', policy: jsonencodeOf(['aws_kms_key.k.arn'], (get) => ({ Key: get('aws_kms_key.k.arn') })) } },
    ],
  };
  const plan = buildPlan(spec) as { resource_changes: { address: string; change: Obj }[]; configuration: { root_module: { resources: Obj[] } } };
  const change = (address: string) => plan.resource_changes.find((rc) => rc.address === address)?.change as Obj;

  it.each([
    ['aws_kms_key.k', 'arn', undefined, true],
    ['aws_s3_bucket_policy.p', 'policy', undefined, true],
    ['aws_kms_key.k', 'enable_key_rotation', true, undefined],
  ])('%s.%s: after %j, after_unknown %j', (address, attribute, after, unknown) => {
    expect((change(address).after as Obj)[attribute]).toEqual(after);
    expect((change(address).after_unknown as Obj)[attribute]).toEqual(unknown);
  });

  it('marks an unknown leaf inside nested blocks and keeps its configuration reference', () => {
    const e = change('aws_s3_bucket_server_side_encryption_configuration.e');
    expect(e.after_unknown).toEqual({ id: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] });
    const config = plan.configuration.root_module.resources.find((r) => r.address === 'aws_s3_bucket_server_side_encryption_configuration.e');
    expect(config?.expressions).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: { references: ['aws_kms_key.k.arn', 'aws_kms_key.k'] } }] }],
    });
  });

  it('renders a delete with its prior values and no after', () => {
    const d = change('aws_s3_bucket.old');
    expect(d.actions).toEqual(['delete']);
    expect(d.after).toBeNull();
    expect((d.before as Obj).arn).toBe('arn:aws:s3:::old-tfstate');
  });

  it('refuses a reference to a resource that is not in the plan', () => {
    const broken: PlanSpec = { ...spec, resources: [{ type: 'aws_s3_bucket_policy', name: 'p', action: 'create', args: { bucket: ref('aws_s3_bucket.missing.id') } }] };
    expect(() => buildPlan(broken)).toThrow(/points at no resource/);
  });

  it('renders for_each instances: one configuration block, keyed addresses, each.key and each.value resolved', () => {
    const forEach = { a: 'acme-a', b: 'acme-b' };
    const instances: PlanSpec = {
      ...spec,
      resources: (['a', 'b'] as const).flatMap((key) => [
        { type: 'aws_s3_bucket', name: 'this', key, forEach, action: 'no-op' as const, args: { bucket: ref('each.value') } },
        { type: 'aws_s3_bucket_versioning', name: 'this', key, forEach, action: 'no-op' as const, args: { bucket: ref('aws_s3_bucket.this[each.key].id') } },
      ]),
    };
    const rendered = buildPlan(instances) as typeof plan & { resource_changes: { address: string; index?: unknown; change: Obj }[] };
    const versioning = rendered.resource_changes.find((rc) => rc.address === 'aws_s3_bucket_versioning.this["b"]');
    expect((versioning as { index?: unknown } | undefined)?.index).toBe('b');
    expect((versioning?.change.after as Obj).bucket).toBe('acme-b');
    const blocks = rendered.configuration.root_module.resources.filter((r) => r.address === 'aws_s3_bucket_versioning.this');
    expect(blocks).toEqual([expect.objectContaining({ for_each_expression: { constant_value: forEach }, expressions: { bucket: { references: ['aws_s3_bucket.this', 'each.key'] } } })]);
  });

  it('ends the JSON with a newline, as show -json prints it', () => {
    expect(planJson({ a: '<b>' })).toBe('{"a":"\\u003cb\\u003e"}\n');
  });
});

describe('generated examples', () => {
  const rendered = renderExampleFiles();

  it('are committed exactly as the descriptions render them (regenerate with the command in features/README.md)', () => {
    const stale = [...rendered].filter(([rel, text]) => {
      try {
        return readFileSync(path.join(repoRoot, rel), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    expect(stale.map(([rel]) => rel)).toEqual([]);
    const onDisk = generatedDirectories().flatMap((d) => filesUnder(path.join(repoRoot, d)));
    expect(onDisk.filter((rel) => !rendered.has(rel))).toEqual([]);
  });

  const cases = allCases();
  const guardrails = [...new Set(cases.map((c) => c.guardrail))];

  // Forbidding aws_iam_access_key anywhere makes ci-oidc-trust applicable to every plan.
  const ALWAYS_APPLICABLE = new Set(['ci-oidc-trust']);

  it.each(guardrails)('%s has compliant, violating and not-applicable examples', (g) => {
    const names = cases.filter((c) => c.guardrail === g).map((c) => c.name);
    expect(names.some((n) => n.startsWith('compliant-'))).toBe(true);
    expect(names.some((n) => n.startsWith('violating-'))).toBe(true);
    expect(names.some((n) => n.startsWith('not-applicable-'))).toBe(!ALWAYS_APPLICABLE.has(g));
  });

  const prefixStatus = { 'compliant-': 'passed', 'violating-': 'failed', 'indeterminate-': 'indeterminate', 'not-applicable-': 'not-applicable' };

  describe.each(cases.map((c) => [`${c.guardrail}/${c.name}`, c] as const))('%s', (_id, c) => {
    const files = caseFiles(c);
    const plan = JSON.parse(files['tfplan.json'] ?? '') as Obj;
    const expectation = parseYaml(files['expect.yaml'] ?? '') as { status: string; findings?: string[]; description: string };

    it('has a status that matches its name and findings when not passing', () => {
      const [, status] = Object.entries(prefixStatus).find(([p]) => c.name.startsWith(p)) ?? [];
      expect(expectation.status).toBe(status);
      expect(expectation.description.length).toBeGreaterThan(10);
      if (status === 'failed' || status === 'indeterminate') expect(expectation.findings?.length ?? 0).toBeGreaterThan(0);
      else expect(expectation.findings).toBeUndefined();
    });

    it('names findings that exist in the plan', () => {
      const known = planAddresses(plan);
      for (const f of expectation.findings ?? []) expect(known, f).toContain(f);
    });

    it('has configuration references that all resolve', () => {
      expect(unresolvedReferences(plan)).toEqual([]);
    });

    it('never gives a value both in after and as unknown', () => {
      expect(unknownAndKnown(plan)).toEqual([]);
    });

    if (c.sources) {
      it('ships .tf sources that parse and declare the resources of the plan', async () => {
        const declared = await declaredInSources(files);
        expect(declared).toEqual(configuredInPlan(plan));
      });
    }
  });

  it('the infra-account workload is consistent too', async () => {
    const plan = JSON.parse(rendered.get('examples/infra-account/tfplan.json') ?? '') as Obj;
    expect(unresolvedReferences(plan)).toEqual([]);
    expect(unknownAndKnown(plan)).toEqual([]);
    const files = Object.fromEntries([...rendered].filter(([rel]) => rel.startsWith('examples/infra-account/')).map(([rel, t]) => [rel.slice('examples/infra-account/'.length), t]));
    expect(await declaredInSources(files)).toEqual(configuredInPlan(plan));
    expect(infraAccountPlan().resources.length).toBeGreaterThan(30);
  });
});

/**
 * Resource addresses of the plan (changes and prior state), its provider configuration keys, and
 * the resource types in it (a finding about a missing kind of resource names its type).
 */
function planAddresses(plan: Obj): string[] {
  const out = new Set<string>();
  for (const rc of (plan.resource_changes as Obj[] | undefined) ?? []) out.add(rc.address as string).add(rc.type as string);
  const walk = (m: Obj | undefined) => {
    for (const r of (m?.resources as Obj[] | undefined) ?? []) out.add(r.address as string);
    for (const c of (m?.child_modules as Obj[] | undefined) ?? []) walk(c);
  };
  walk(((plan.prior_state as Obj | undefined)?.values as Obj | undefined)?.root_module as Obj | undefined);
  for (const key of Object.keys(((plan.configuration as Obj).provider_config as Obj | undefined) ?? {})) out.add(key);
  return [...out];
}

function referencesIn(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(referencesIn);
  if (typeof v === 'object' && v !== null) {
    const o = v as Obj;
    const own = Array.isArray(o.references) ? (o.references as string[]) : [];
    return [...own, ...Object.entries(o).filter(([k]) => k !== 'references' && k !== 'constant_value').flatMap(([, x]) => referencesIn(x))];
  }
  return [];
}

/** References in the configuration that name no variable, module call or resource of their module. */
function unresolvedReferences(plan: Obj): string[] {
  const problems: string[] = [];
  const check = (module: Obj, where: string, refs: string[]) => {
    const resources = new Set(((module.resources as Obj[] | undefined) ?? []).map((r) => r.address as string));
    const calls = (module.module_calls as Obj | undefined) ?? {};
    const variables = (module.variables as Obj | undefined) ?? {};
    for (const r of refs) {
      const parts = r.split('.');
      const ok =
        parts[0] === 'var' ? parts[1]! in variables
        : parts[0] === 'module' ? parts[1]! in calls
        : parts[0] === 'data' ? resources.has(parts.slice(0, 3).join('.').replace(/\[.*$/, ''))
        : ['local', 'each', 'count', 'path', 'self'].includes(parts[0]!) || resources.has(parts.slice(0, 2).join('.').replace(/\[.*$/, ''));
      if (!ok) problems.push(`${where}: ${r}`);
    }
  };
  const walk = (module: Obj, where: string) => {
    for (const r of (module.resources as Obj[] | undefined) ?? []) check(module, `${where}${r.address as string}`, referencesIn(r.expressions));
    for (const [name, o] of Object.entries((module.outputs as Obj | undefined) ?? {})) check(module, `${where}output.${name}`, referencesIn(o));
    for (const [name, call] of Object.entries((module.module_calls as Record<string, Obj> | undefined) ?? {})) {
      check(module, `${where}module.${name}`, referencesIn(call.expressions));
      walk(call.module as Obj, `${where}module.${name}.`);
    }
  };
  const config = plan.configuration as Obj;
  walk(config.root_module as Obj, '');
  for (const [key, p] of Object.entries((config.provider_config as Record<string, Obj> | undefined) ?? {})) {
    if (p.module_address) continue;
    check(config.root_module as Obj, `provider ${key}`, referencesIn(p.expressions));
  }
  return problems;
}

/** Attributes present in `after` yet marked unknown in `after_unknown` (top level). */
function unknownAndKnown(plan: Obj): string[] {
  const out: string[] = [];
  for (const rc of (plan.resource_changes as Obj[] | undefined) ?? []) {
    const change = rc.change as Obj;
    const after = (change.after as Obj | null) ?? {};
    for (const [k, v] of Object.entries((change.after_unknown as Obj | undefined) ?? {})) if (v === true && k in after) out.push(`${rc.address as string}.${k}`);
  }
  return out;
}

/** `<module dir>:<type>.<name>` of every resource block in the plan's configuration. */
function configuredInPlan(plan: Obj): string[] {
  const out: string[] = [];
  const walk = (module: Obj, dir: string) => {
    for (const r of (module.resources as Obj[] | undefined) ?? []) out.push(`${dir}:${r.address as string}`);
    for (const call of Object.values((module.module_calls as Record<string, Obj> | undefined) ?? {})) {
      walk(call.module as Obj, path.posix.join(dir, call.source as string));
    }
  };
  walk((plan.configuration as Obj).root_module as Obj, '.');
  return out.sort();
}

/** The same list, from the `.tf` sources of a case (parsed as HCL). */
async function declaredInSources(files: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.tf')) continue;
    const parsed = (await parseConfigFile(file, text)).body as { resource?: Record<string, Obj>; data?: Record<string, Obj> };
    const dir = path.posix.dirname(file) === '.' ? '.' : path.posix.dirname(file);
    for (const [type, byName] of Object.entries(parsed.resource ?? {})) for (const name of Object.keys(byName)) out.push(`${dir}:${type}.${name}`);
    for (const [type, byName] of Object.entries(parsed.data ?? {})) for (const name of Object.keys(byName)) out.push(`${dir}:data.${type}.${name}`);
  }
  return out.sort();
}
