import { describe, expect, it } from 'vitest';
import { buildPlanModel } from './model.js';
import type { PlanModel } from './types.js';
import fs from 'node:fs';
import path from 'node:path';
import { corpusDir, corpusModel, loadedFromFile } from '../../test/plan/plans.js';
import { corpusAvailable } from '../../test/support/ci.js';

function governing(model: PlanModel, address: string): string | undefined {
  const provider = model.providerOf(address);
  if (provider?.kind === 'implied') return `implied ${provider.name} (${provider.reason})`;
  return provider?.key;
}

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

describe.runIf(corpusAvailable())('providerOf answers for every managed resource of every corpus plan', () => {
  it('names a provider block or the implied default provider, never nothing', () => {
    const plans = [
      ...jsonFiles(path.join(corpusDir, 'plans')).filter((file) => !file.includes(`${path.sep}_negative${path.sep}`)),
      ...jsonFiles(path.join(corpusDir, 'generated')).filter((file) => !file.includes(`${path.sep}misc-errored-plan${path.sep}`)),
    ];
    expect(plans.length).toBeGreaterThan(180);
    const counts = { configured: 0, implied: 0 };
    for (const file of plans) {
      const model = buildPlanModel(loadedFromFile(file));
      for (const resource of model.resources.filter((instance) => instance.mode === 'managed')) {
        const provider = model.providerOf(resource.address);
        expect(provider, `${path.relative(corpusDir, file)}: ${resource.address}`).toBeDefined();
        counts[provider!.kind] += 1;
        // The provider's name agrees with the plan's own provider address for the resource.
        const planned = resource.providerName?.split('/').pop()?.replace(/^provider\./, '');
        if (planned !== undefined && provider!.kind === 'implied') expect(provider!.name, resource.address).toBe(planned);
      }
    }
    // Both kinds occur in the corpus, so both are exercised here.
    expect(counts.configured).toBeGreaterThan(0);
    expect(counts.implied).toBeGreaterThan(0);
  });
});

describe.runIf(corpusAvailable())('providerOf on corpus plans', () => {
  it.each([
    // Root default and root alias.
    ['plans/opentofu-show/show-json__provider-aliasing__output.json', 'test_instance.test', 'test'],
    ['plans/opentofu-show/show-json__provider-aliasing__output.json', 'test_instance.test_backup', 'test.backup'],
    // Current Terraform resolves a passed provider to the parent's key already.
    ['plans/opentofu-show/show-json__provider-aliasing__output.json', 'module.child.module.grandchild.test_instance.test_alternate', 'test.backup'],
    // A module-scoped key with no settings and nothing above: the module's own configuration.
    ['plans/opentofu-show/show-json__nested-modules__output.json', 'module.my_module.module.more.test_instance.test', 'module.my_module.module.more:test'],
    // Same local name, different provider source: never walk up into the root's `test`.
    ['plans/opentofu-show/show-json__provider-aliasing-conflict__output.json', 'module.child.test_instance.test', 'module.child:test'],
    // Old keys (`foo:null.aliased`, `db_instance:aws`) name only the module.
    ['plans/terraform-json/basic__plan.json', 'module.foo.null_resource.aliased', 'foo:null.aliased'],
    ['plans/terraform-json/basic__plan.json', 'module.foo.null_resource.foo', 'null'],
    ['plans/infracost/terraform_v0.12_plan.json', 'module.db.module.db_1.module.db_instance.aws_db_instance.this[0]', 'db:aws'],
    ['plans/infracost/terraform_v0.12_plan.json', 'aws_instance.instance_1', 'aws'],
  ])('%s: %s -> %s', (plan, address, key) => {
    expect(governing(corpusModel(plan), address)).toBe(key);
  });

  it('lists every provider configuration with its settings', () => {
    const model = corpusModel('plans/terraform-json/basic__plan.json');
    expect(model.providers.map((provider) => [provider.key, provider.name, provider.alias, provider.modulePath])).toEqual([
      ['aws', 'aws', undefined, ''],
      ['aws.east', 'aws', 'east', ''],
      ['null', 'null', undefined, ''],
      ['foo:null.aliased', 'null', 'aliased', 'module.foo'],
    ]);
    expect(model.providers[1]?.expressions).toEqual({ region: { constant_value: 'us-east-1' } });
  });
});

/** A plan with provider blocks at several module levels and one resource per module. */
function layeredPlan(providerConfig: Record<string, unknown>, providersOfCallA?: Record<string, string>): PlanModel {
  const resource = (name: string, key: string) => ({ address: `aws_s3_bucket.${name}`, mode: 'managed', type: 'aws_s3_bucket', name, provider_config_key: key, expressions: {} });
  const change = (address: string) => ({ address, mode: 'managed', type: 'aws_s3_bucket', name: address.split('.').pop(), change: { actions: ['create'], before: null, after: {} } });
  const raw = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: [change('aws_s3_bucket.root'), change('module.a.aws_s3_bucket.mid'), change('module.a.module.b.aws_s3_bucket.deep'), change('module.a.aws_s3_bucket.west')],
    configuration: {
      provider_config: providerConfig,
      root_module: {
        resources: [resource('root', 'aws')],
        module_calls: {
          a: {
            source: './a',
            ...(providersOfCallA ? { providers: providersOfCallA } : {}),
            module: {
              resources: [resource('mid', 'module.a:aws'), resource('west', 'module.a:aws.west')],
              module_calls: { b: { source: './b', module: { resources: [resource('deep', 'module.a.module.b:aws')] } } },
            },
          },
        },
      },
    },
  };
  return buildPlanModel({ displayPath: 'layered.json', raw, bytes: 0, origin: 'json' });
}

const aws = 'registry.terraform.io/hashicorp/aws';
const region = (value: string) => ({ region: { constant_value: value } });

describe('providerOf walks module keys up to the root', () => {
  it.each([
    {
      title: 'no module blocks: everything is governed by the root',
      config: { aws: { name: 'aws', full_name: aws, expressions: region('eu-west-1') } },
      expected: { 'aws_s3_bucket.root': 'aws', 'module.a.aws_s3_bucket.mid': 'aws', 'module.a.module.b.aws_s3_bucket.deep': 'aws' },
    },
    {
      title: 'empty module keys are skipped on the way up',
      config: {
        aws: { name: 'aws', full_name: aws, expressions: region('eu-west-1') },
        'module.a:aws': { name: 'aws', full_name: aws, module_address: 'module.a' },
        'module.a.module.b:aws': { name: 'aws', full_name: aws, module_address: 'module.a.module.b' },
      },
      expected: { 'module.a.aws_s3_bucket.mid': 'aws', 'module.a.module.b.aws_s3_bucket.deep': 'aws' },
    },
    {
      title: 'the nearest module block with settings wins',
      config: {
        aws: { name: 'aws', full_name: aws, expressions: region('eu-west-1') },
        'module.a:aws': { name: 'aws', full_name: aws, module_address: 'module.a', expressions: region('us-east-1') },
        'module.a.module.b:aws': { name: 'aws', full_name: aws, module_address: 'module.a.module.b' },
      },
      expected: { 'module.a.aws_s3_bucket.mid': 'module.a:aws', 'module.a.module.b.aws_s3_bucket.deep': 'module.a:aws' },
    },
    {
      title: 'aliases walk up as aliases',
      config: {
        aws: { name: 'aws', full_name: aws, expressions: region('eu-west-1') },
        'aws.west': { name: 'aws', full_name: aws, alias: 'west', expressions: region('us-west-2') },
        'module.a:aws.west': { name: 'aws', full_name: aws, alias: 'west', module_address: 'module.a' },
      },
      expected: { 'module.a.aws_s3_bucket.west': 'aws.west', 'module.a.aws_s3_bucket.mid': 'aws' },
    },
  ])('$title', ({ config, expected }) => {
    const model = layeredPlan(config);
    for (const [address, key] of Object.entries(expected)) expect([address, governing(model, address)]).toEqual([address, key]);
  });

  it('follows an explicit providers mapping of a module call', () => {
    const model = layeredPlan(
      {
        aws: { name: 'aws', full_name: aws, expressions: region('eu-west-1') },
        'aws.west': { name: 'aws', full_name: aws, alias: 'west', expressions: region('us-west-2') },
        'module.a:aws': { name: 'aws', full_name: aws, module_address: 'module.a' },
      },
      { aws: 'aws.west' },
    );
    expect(governing(model, 'module.a.aws_s3_bucket.mid')).toBe('aws.west');
    const provider = model.providerOf('module.a.aws_s3_bucket.mid');
    expect(provider?.kind === 'configured' ? provider.expressions : undefined).toEqual(region('us-west-2'));
  });

  it('returns undefined only for an address not in the plan', () => {
    expect(layeredPlan({}).providerOf('aws_s3_bucket.nope')).toBeUndefined();
  });

  it('answers the implied default provider when no block configures the resource', () => {
    const model = layeredPlan({ 'aws.west': { name: 'aws', full_name: aws, alias: 'west', expressions: region('us-west-2') } });
    expect(governing(model, 'aws_s3_bucket.root')).toBe('implied aws (no-block)');
    expect(governing(model, 'module.a.module.b.aws_s3_bucket.deep')).toBe('implied aws (no-block)');
    expect(model.providerOf('aws_s3_bucket.root')).toMatchObject({
      configKey: 'aws',
      description: 'the implied default aws provider (no provider block in the configuration)',
    });
  });

  it('answers the implied provider, saying why, for a resource the configuration does not show', () => {
    const raw = {
      format_version: '1.2',
      resource_changes: [{ address: 'aws_s3_bucket.gone', mode: 'managed', type: 'aws_s3_bucket', name: 'gone', provider_name: aws, change: { actions: ['delete'], before: {}, after: null } }],
      configuration: { root_module: {} },
    };
    const model = buildPlanModel({ displayPath: 'gone.json', raw, bytes: 0, origin: 'json' });
    expect(model.providerOf('aws_s3_bucket.gone')).toEqual({
      kind: 'implied',
      name: 'aws',
      fullName: aws,
      reason: 'no-configuration',
      configKey: undefined,
      description: 'the implied default aws provider (the configuration does not show the resource block)',
    });
  });
});
