import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlanModel, CHANGE_KINDS } from '../../src/plan/model.js';
import { readValue } from '../../src/plan/values.js';
import type { ChangeKind, PlanModel } from '../../src/plan/types.js';
import { corpusDir, corpusModel, loadedFromFile } from './plans.js';
import { corpusAvailable } from '../support/ci.js';

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const corpusPlans = !corpusAvailable() ? [] : [
  ...jsonFiles(path.join(corpusDir, 'plans')).filter((file) => !file.includes(`${path.sep}_negative${path.sep}`)),
  ...jsonFiles(path.join(corpusDir, 'generated')).filter((file) => !file.includes(`${path.sep}misc-errored-plan${path.sep}`)),
].map((file) => path.relative(corpusDir, file));

describe.runIf(corpusAvailable())('every corpus plan models', () => {
  it('finds the corpus', () => {
    expect(corpusPlans.length).toBeGreaterThan(180);
  });

  it.each(corpusPlans)('%s', (relative) => {
    const loaded = loadedFromFile(path.join(corpusDir, relative));
    const model = buildPlanModel(loaded);
    const addresses = new Set(model.resources.map((resource) => resource.address));
    for (const change of (loaded.raw.resource_changes ?? []) as { address: string }[]) {
      expect(addresses, change.address).toContain(change.address);
      expect(model.resource(change.address)?.address).toBe(change.address);
    }
    const counted = Object.values(model.stats.byChange).reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(model.resources.length);
    for (const resource of model.resources) {
      expect(CHANGE_KINDS).toContain(resource.change);
      expect(model.resourcesOfType(resource.type)).toContain(resource);
      expect(model.resourcesInModule(resource.moduleAddress)).toContain(resource);
      model.referencesFrom(resource.address);
      model.providerOf(resource.address);
    }
    // The registry host is the only OpenTofu mark; files without provider names stay terraform/unknown.
    const markedTofu = JSON.stringify(loaded.raw).includes('"registry.opentofu.org/');
    expect(model.tool).toBe(markedTofu ? 'opentofu' : loaded.raw.terraform_version === undefined ? 'unknown' : 'terraform');
    if (!relative.startsWith('plans/opentofu-')) expect(model.tool).not.toBe('opentofu');
  });
});

type Expected = Record<string, [ChangeKind, string | undefined]>;

/** The non-no-op changes of generated/README.md, row by row. */
const lifecycle: { file: string; changes: Expected; noOp?: Record<string, string> }[] = [
  {
    file: '01-create.json',
    changes: Object.fromEntries(
      [
        'terraform_data.cbd',
        'terraform_data.config',
        'terraform_data.forget_me',
        'terraform_data.legacy',
        'terraform_data.old_name',
        'terraform_data.policy_doc',
        'terraform_data.replica[0]',
        'terraform_data.replica[1]',
        'terraform_data.replica[2]',
        'terraform_data.rotator',
        'terraform_data.secret_holder',
        'terraform_data.uses_data',
        'module.bucket["audit"].terraform_data.bucket',
        'module.bucket["logs"].terraform_data.bucket',
        'module.bucket["logs"].terraform_data.versioning[0]',
      ].map((address) => [address, ['create', undefined]]),
    ) as Expected,
  },
  {
    file: '02-update-replace-delete-moved-forget-countshrink.json',
    changes: {
      'terraform_data.config': ['update', undefined],
      'terraform_data.rotator': ['replace', 'replace_because_cannot_update'],
      'terraform_data.cbd': ['replace', 'replace_because_cannot_update'],
      'terraform_data.legacy': ['delete', 'delete_because_no_resource_config'],
      'terraform_data.replica[2]': ['delete', 'delete_because_count_index'],
      'module.bucket["audit"].terraform_data.bucket': ['delete', 'delete_because_no_module'],
      'terraform_data.forget_me': ['forget', 'delete_because_no_resource_config'],
    },
    noOp: { 'terraform_data.new_name': 'terraform_data.old_name' },
  },
  {
    file: '03-replace-by-request-triggers-read-deferred.json',
    changes: {
      'terraform_data.config': ['replace', 'replace_by_request'],
      'terraform_data.rotator': ['replace', 'replace_because_cannot_update'],
      'data.terraform_remote_state.late': ['read', 'read_because_config_unknown'],
      'terraform_data.follower': ['create', 'replace_by_triggers'],
    },
  },
  {
    file: '04-replace-by-triggers.json',
    changes: {
      'terraform_data.follower': ['replace', 'replace_by_triggers'],
      'terraform_data.rotator': ['replace', 'replace_because_cannot_update'],
      'data.terraform_remote_state.late': ['read', 'read_because_config_unknown'],
    },
  },
  {
    file: '05-destroy.json',
    changes: Object.fromEntries(
      [
        'terraform_data.cbd',
        'terraform_data.config',
        'terraform_data.follower',
        'terraform_data.new_name',
        'terraform_data.policy_doc',
        'terraform_data.replica[0]',
        'terraform_data.replica[1]',
        'terraform_data.rotator',
        'terraform_data.secret_holder',
        'terraform_data.uses_data',
        'module.bucket["logs"].terraform_data.bucket',
        'module.bucket["logs"].terraform_data.versioning[0]',
      ].map((address) => [address, ['delete', undefined]]),
    ) as Expected,
  },
];

describe.runIf(corpusAvailable())('lifecycle plans: every action kind and reason', () => {
  it.each(lifecycle)('$file', ({ file, changes, noOp }) => {
    const model = corpusModel(`generated/lifecycle/${file}`);
    const actual: Expected = {};
    for (const resource of model.resources) {
      if (resource.change !== 'no-op') actual[resource.address] = [resource.change, resource.actionReason];
    }
    expect(actual).toEqual(changes);
    for (const [address, previous] of Object.entries(noOp ?? {})) expect(model.resource(address)?.previousAddress).toBe(previous);
  });

  it('covers both replace orders', () => {
    const model = corpusModel('generated/lifecycle/02-update-replace-delete-moved-forget-countshrink.json');
    expect(model.resource('terraform_data.rotator')?.actions).toEqual(['delete', 'create']);
    expect(model.resource('terraform_data.cbd')?.actions).toEqual(['create', 'delete']);
  });

  it('keeps deleted and forgotten instances with their before values', () => {
    const model = corpusModel('generated/lifecycle/02-update-replace-delete-moved-forget-countshrink.json');
    const legacy = model.resource('terraform_data.legacy') as NonNullable<ReturnType<PlanModel['resource']>>;
    expect(readValue(legacy, 'input')).toEqual({ state: 'known', value: 'to-be-removed' });
    expect(legacy.unknown).toEqual({});
    expect(readValue(model.resource('terraform_data.forget_me') as typeof legacy, 'input')).toEqual({ state: 'known', value: 'keep-real-object' });
  });

  it('models a destroy plan whose planned_values root module is empty', () => {
    const model = corpusModel('generated/lifecycle/05-destroy.json');
    expect(model.stats.byChange.delete).toBe(12);
    expect(model.modules.map((module) => module.address)).toEqual(['module.bucket["logs"]']);
    expect(readValue(model.resource('terraform_data.policy_doc') as NonNullable<ReturnType<PlanModel['resource']>>, 'input').state).toBe('known');
  });

  it('finds the data source read during planning only in prior_state', () => {
    const model = corpusModel('generated/lifecycle/01-create.json');
    const seed = model.resource('data.terraform_remote_state.seed');
    expect(seed).toMatchObject({ mode: 'data', readAtPlan: true, change: 'no-op', configAddress: 'data.terraform_remote_state.seed' });
    expect(readValue(seed as NonNullable<typeof seed>, 'outputs.seed_value')).toEqual({ state: 'known', value: 'seed-from-other-stack' });
    expect(model.stats.dataSourcesRead).toBe(1);
    expect(model.resource('terraform_data.config')?.config?.expressions).toEqual({ input: { references: ['var.env'] } });
  });

  it('reads unknown and sensitive values of a create', () => {
    const model = corpusModel('generated/lifecycle/01-create.json');
    const holder = model.resource('terraform_data.secret_holder') as NonNullable<ReturnType<PlanModel['resource']>>;
    expect(readValue(holder, 'id')).toEqual({ state: 'unknown' });
    expect(model.stats.unknownAttributes).toBeGreaterThan(15);
  });
});

describe.runIf(corpusAvailable())('indexes', () => {
  it('looks up by type and module instance', () => {
    const model = corpusModel('generated/lifecycle/01-create.json');
    expect(model.resourcesInModule('module.bucket["logs"]').map((resource) => resource.address)).toEqual([
      'module.bucket["logs"].terraform_data.bucket',
      'module.bucket["logs"].terraform_data.versioning[0]',
    ]);
    expect(model.resourcesOfType('terraform_remote_state')).toHaveLength(1);
    expect(model.resourcesOfType('aws_s3_bucket')).toEqual([]);
    expect(model.modules).toEqual([
      { address: 'module.bucket["audit"]', modulePath: 'module.bucket', source: './modules/bucket', resourceCount: 1 },
      { address: 'module.bucket["logs"]', modulePath: 'module.bucket', source: './modules/bucket', resourceCount: 2 },
    ]);
  });

  it('rejects an action list no plan format has', () => {
    const raw = { format_version: '1.2', resource_changes: [{ address: 'a.b', mode: 'managed', type: 'a', name: 'b', change: { actions: ['explode'] } }] };
    expect(() => buildPlanModel({ displayPath: 'odd.json', raw, bytes: 0, origin: 'json' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PLAN', file: 'odd.json' }),
    );
  });
});
