import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlanModel } from '../../src/plan/model.js';
import type { PlanModel, Reference } from '../../src/plan/types.js';
import { corpusModel, fixturesDir, loadedFromFile } from './plans.js';

const fixture = path.join(fixturesDir, 'references', 'plan.json');
const model = buildPlanModel(loadedFromFile(fixture));

function targets(m: PlanModel, from: string, via: Reference['via'] = 'configuration'): string[] {
  return m
    .referencesFrom(from)
    .filter((reference) => reference.via === via)
    .map((reference) => `${reference.attribute} -> ${reference.to}`)
    .sort();
}

describe('configuration references (real Terraform plan with modules)', () => {
  it.each([
    // Root resource to root resource; the id/whole-resource prefixes collapse to one reference.
    ['terraform_data.copies_key_id', ['input -> terraform_data.key']],
    // Module output followed into the module, for the one for_each instance named.
    ['terraform_data.uses_output', ['input -> module.app["x"].terraform_data.bucket']],
    // Module-relative reference stays in the same module instance; var.key_id followed to the caller's argument.
    ['module.app["x"].terraform_data.encryption', ['input -> module.app["x"].terraform_data.bucket', 'input -> terraform_data.key']],
    ['module.app["y"].terraform_data.encryption', ['input -> module.app["y"].terraform_data.bucket', 'input -> terraform_data.key']],
    // var.key (inner) -> var.key_id (app) -> terraform_data.key: two module levels.
    ['module.app["y"].module.inner.terraform_data.uses_key', ['input -> terraform_data.key']],
    // An explicit index in the caller narrows to that instance only.
    ['module.single.module.inner.terraform_data.uses_key', ['input -> terraform_data.keys["a"]']],
    ['module.single.terraform_data.encryption', ['input -> module.single.terraform_data.bucket', 'input -> terraform_data.keys["a"]']],
    ['terraform_data.key', []],
  ])('%s', (from, expected) => {
    expect(targets(model, from)).toEqual(expected);
  });

  it('indexes the reverse direction', () => {
    expect(
      model
        .referencesTo('terraform_data.key')
        .filter((reference) => reference.via === 'configuration')
        .map((reference) => reference.from)
        .sort(),
    ).toEqual([
      'module.app["x"].module.inner.terraform_data.uses_key',
      'module.app["x"].terraform_data.encryption',
      'module.app["y"].module.inner.terraform_data.uses_key',
      'module.app["y"].terraform_data.encryption',
      'terraform_data.copies_key_id',
    ]);
    expect(model.referencesTo('terraform_data.keys["b"]')).toEqual([]);
  });
});

describe('value references', () => {
  it('links string attributes equal to another instance id', () => {
    expect(targets(model, 'terraform_data.copies_key_id', 'value')).toEqual(['input -> terraform_data.key', 'output -> terraform_data.key']);
    expect(targets(model, 'module.app["x"].terraform_data.encryption', 'value')).toEqual([
      'input.bucket -> module.app["x"].terraform_data.bucket',
      'input.key -> terraform_data.key',
      'output.bucket -> module.app["x"].terraform_data.bucket',
      'output.key -> terraform_data.key',
    ]);
  });

  it('still finds references in a plan without configuration', () => {
    const loaded = loadedFromFile(fixture);
    const { configuration: _dropped, ...raw } = loaded.raw;
    const bare = buildPlanModel({ ...loaded, raw: raw as typeof loaded.raw });
    expect(targets(bare, 'terraform_data.copies_key_id')).toEqual([]);
    expect(targets(bare, 'terraform_data.copies_key_id', 'value')).toEqual(['input -> terraform_data.key', 'output -> terraform_data.key']);
    expect(bare.resource('terraform_data.copies_key_id')?.config).toBeUndefined();
  });

  it('stays linear: 10,000 instances all pointing at one key', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/one';
    const changes = [
      { address: 'aws_kms_key.k', mode: 'managed', type: 'aws_kms_key', name: 'k', change: { actions: ['no-op'], before: { arn: keyArn, id: 'one' }, after: { arn: keyArn, id: 'one' } } },
      ...Array.from({ length: 10_000 }, (_, i) => ({
        address: `aws_s3_bucket.b[${i}]`,
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'b',
        index: i,
        change: { actions: ['create'], before: null, after: { bucket: `b-${i}`, kms_master_key_id: keyArn }, after_unknown: { id: true, arn: true } },
      })),
    ];
    const started = performance.now();
    const big = buildPlanModel({ displayPath: 'big.json', raw: { format_version: '1.2', resource_changes: changes }, bytes: 0, origin: 'json' });
    const incoming = big.referencesTo('aws_kms_key.k');
    const elapsed = performance.now() - started;
    expect(incoming).toHaveLength(10_000);
    expect(incoming[0]).toEqual({ from: 'aws_s3_bucket.b[0]', attribute: 'kms_master_key_id', to: 'aws_kms_key.k', via: 'value' });
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('references in corpus plans', () => {
  it('resolves nested block attribute paths inside a module (checkov OIDC trust policy)', () => {
    const oidc = corpusModel('plans/checkov/checks__data__aws__example_GithubActionsOIDCTrustPolicy__tfplan.json');
    expect(targets(oidc, 'module.poc.data.aws_iam_policy_document.r4["p1"]')).toEqual([
      'statement[0].condition[0].variable -> module.poc.aws_iam_openid_connect_provider.r5',
      'statement[0].condition[1].variable -> module.poc.aws_iam_openid_connect_provider.r5',
    ]);
  });

  it('follows module outputs with for_each instances (lifecycle plan)', () => {
    const lifecycle = corpusModel('generated/lifecycle/01-create.json');
    expect(targets(lifecycle, 'module.bucket["logs"].terraform_data.versioning[0]')).toEqual(['input -> module.bucket["logs"].terraform_data.bucket']);
    expect(targets(lifecycle, 'terraform_data.uses_data')).toEqual(['input -> data.terraform_remote_state.seed']);
  });
});
