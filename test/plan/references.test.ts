import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { followReferencing } from '../../src/checks/references.js';
import { selectByType } from '../../src/checks/select.js';
import { buildPlanModel } from '../../src/plan/model.js';
import type { PlanModel, Reference } from '../../src/plan/types.js';
import { corpusAvailable } from '../support/ci.js';
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

describe('instance-precise references (real Terraform plan, nothing applied yet)', () => {
  const precise = buildPlanModel(loadedFromFile(path.join(fixturesDir, 'instance-references', 'plan.json')));
  const reached = (from: string): string[] =>
    precise
      .referencesFrom(from)
      .map((reference) => `${reference.attribute} -> ${reference.to}${reference.uncertain ? ' (uncertain)' : ''}`)
      .sort();

  it.each([
    // `bucket[each.key]` prints as `bucket` and `each.key`: the referrer's key picks the instance.
    ['terraform_data.logging["a"]', ['input -> terraform_data.bucket["a"]', 'triggers_replace -> terraform_data.bucket["b"]']],
    ['terraform_data.counted[0]', ['input -> terraform_data.listed[0]']],
    // A literal for_each map tells what each.value is.
    ['terraform_data.by_literal_value["one"]', ['input -> terraform_data.bucket["b"]']],
    // for_each over the block itself: each.value is the instance with the same key.
    ['terraform_data.over_block["b"]', ['input -> terraform_data.bucket["b"]']],
    // A key computed from a local, or each.value of a variable: the plan does not tell which instance.
    ['terraform_data.computed_key["first"]', ['input -> terraform_data.bucket["a"] (uncertain)', 'input -> terraform_data.bucket["b"] (uncertain)']],
    ['terraform_data.by_variable_value["one"]', ['input -> terraform_data.bucket["a"] (uncertain)', 'input -> terraform_data.bucket["b"] (uncertain)']],
    // The whole block (a for expression over it) reaches every instance, certainly.
    ['terraform_data.whole', ['input -> terraform_data.bucket["a"]', 'input -> terraform_data.bucket["b"]']],
    // Both uses in one template: each.key's and the literal key's.
    ['terraform_data.mixed["a"]', ['input -> terraform_data.bucket["a"]', 'input -> terraform_data.bucket["b"]']],
    // A module instance's argument uses each.key: the module instance's key picks the bucket.
    ['module.per_bucket["a"].terraform_data.uses', ['input -> terraform_data.bucket["a"]']],
  ])('%s', (from, expected) => {
    expect(reached(from)).toEqual(expected);
  });

  it('leaves a bucket that only another bucket\'s companion names by a literal key unreached by each.key', () => {
    const incoming = precise
      .referencesTo('terraform_data.bucket["b"]')
      .filter((reference) => reference.from.startsWith('terraform_data.logging'))
      .map((reference) => reference.attribute);
    expect(incoming).toEqual(['triggers_replace']);
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

  it('resolves 10,000 instances all pointing at one key (their cost is measured in bench/)', () => {
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
    const big = buildPlanModel({ displayPath: 'big.json', raw: { format_version: '1.2', resource_changes: changes }, bytes: 0, origin: 'json' });
    const incoming = big.referencesTo('aws_kms_key.k');
    expect(incoming).toHaveLength(10_000);
    expect(incoming[0]).toEqual({ from: 'aws_s3_bucket.b[0]', attribute: 'kms_master_key_id', to: 'aws_kms_key.k', via: 'value' });
  });
});

describe.runIf(corpusAvailable())('references in corpus plans', () => {
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

describe.runIf(corpusAvailable())('which attribute holds the reference (regula CloudTrail plan)', () => {
  // aws_s3_bucket_logging.cloudtrail logs bucket "cloudtrail" into bucket "logging" (its target_bucket).
  // Read inside the tests: a skipped suite's body still runs when the tests are collected.
  const regulaPlan = (): PlanModel => corpusModel('plans/regula/aws__cloudtrail__inputs__issue355_infra.json');

  it('does not count the logging target as a logged bucket', () => {
    const regula = regulaPlan();
    const buckets = selectByType(regula, 'aws_s3_bucket');
    const pivot = followReferencing(regula, buckets, 'aws_s3_bucket_logging', 'bucket');
    expect(pivot.reached.map((subject) => subject.address)).toEqual(['aws_s3_bucket_logging.cloudtrail']);
    expect(pivot.verdicts.map((v) => v.message)).toEqual(['aws_s3_bucket.logging: no aws_s3_bucket_logging whose bucket references it; expected one']);
  });

  it('finds the target through target_bucket', () => {
    const regula = regulaPlan();
    const buckets = selectByType(regula, 'aws_s3_bucket');
    const pivot = followReferencing(regula, buckets, 'aws_s3_bucket_logging', 'target_bucket');
    expect(pivot.verdicts.map((v) => v.subject.address)).toEqual(['aws_s3_bucket.cloudtrail']);
  });
});
