import { describe, expect, it } from 'vitest';
import { buildPlanModel } from '../plan/index.js';
import type { RawPlan } from '../plan/types.js';
import { planWith } from '../../test/support/raw-plan.js';
import { selectByAddress, selectByType, selectByTypes, selectDataSources, selectInModule, selectProviders } from './select.js';

const addresses = (subjects: ReadonlyArray<{ address: string }>) => subjects.map((subject) => subject.address);

describe('selectByType and selectByAddress', () => {
  const model = planWith([
    { address: 'aws_s3_bucket.state', values: {} },
    { address: 'aws_s3_bucket.logs[0]', values: {} },
    { address: 'aws_s3_bucket.logs[1]', values: {} },
    { address: 'aws_s3_bucket.gone', actions: ['delete'], values: { bucket: 'old' } },
    { address: 'data.aws_s3_bucket.existing', actions: ['read'], values: {} },
    { address: 'aws_kms_key.state', values: {} },
  ]);

  it('selects managed instances of a type, deleted ones included, data sources never', () => {
    expect(addresses(selectByType(model, 'aws_s3_bucket'))).toEqual(['aws_s3_bucket.state', 'aws_s3_bucket.logs[0]', 'aws_s3_bucket.logs[1]', 'aws_s3_bucket.gone']);
    expect(selectByType(model, 'aws_dynamodb_table')).toEqual([]);
  });

  it('selectByTypes gives several types, type by type, each instance once', () => {
    expect(addresses(selectByTypes(model, ['aws_kms_key', 'aws_s3_bucket', 'aws_kms_key']))).toEqual([
      'aws_kms_key.state',
      'aws_s3_bucket.state',
      'aws_s3_bucket.logs[0]',
      'aws_s3_bucket.logs[1]',
      'aws_s3_bucket.gone',
    ]);
  });

  it('selectDataSources gives data sources of the types, never managed resources', () => {
    expect(addresses(selectDataSources(model, ['aws_s3_bucket']))).toEqual(['data.aws_s3_bucket.existing']);
    expect(selectDataSources(model, ['aws_kms_key'])).toEqual([]);
  });

  const cases: Array<[string, string[]]> = [
    ['aws_s3_bucket.state', ['aws_s3_bucket.state']],
    ['aws_s3_bucket.logs[1]', ['aws_s3_bucket.logs[1]']],
    ['aws_s3_bucket.logs', ['aws_s3_bucket.logs[0]', 'aws_s3_bucket.logs[1]']],
    ['aws_s3_bucket.log', []],
    ['data.aws_s3_bucket.existing', ['data.aws_s3_bucket.existing']],
  ];
  it.each(cases)('selectByAddress(%s)', (address, expected) => {
    expect(addresses(selectByAddress(model, address))).toEqual(expected);
  });
});

describe('selectInModule and selectProviders', () => {
  const change = (address: string, moduleAddress: string) => ({
    address,
    module_address: moduleAddress,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: 'b',
    change: { actions: ['create'], before: null, after: {}, after_unknown: {} },
  });
  const raw: RawPlan = {
    format_version: '1.2',
    planned_values: { root_module: {} },
    resource_changes: [
      change('aws_s3_bucket.b', ''),
      change('module.a.aws_s3_bucket.b', 'module.a'),
      change('module.a["x"].aws_s3_bucket.b', 'module.a["x"]'),
      change('module.a.module.b.aws_s3_bucket.b', 'module.a.module.b'),
      change('module.ab.aws_s3_bucket.b', 'module.ab'),
    ],
    configuration: {
      provider_config: {
        aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' },
        'aws.west': { name: 'aws', alias: 'west' },
        'module.a:aws': { name: 'aws', module_address: 'module.a' },
        google: { name: 'google' },
      },
      root_module: {},
    },
  };
  const model = buildPlanModel({ displayPath: 'tfplan.json', raw, bytes: 0, origin: 'json' });

  const cases: Array<[string, string[]]> = [
    ['module.a', ['module.a.aws_s3_bucket.b', 'module.a["x"].aws_s3_bucket.b', 'module.a.module.b.aws_s3_bucket.b']],
    ['module.a["x"]', ['module.a["x"].aws_s3_bucket.b']],
    ['module.ab', ['module.ab.aws_s3_bucket.b']],
    ['module.c', []],
  ];
  it.each(cases)('selectInModule(%s) never reaches a sibling with a longer name', (moduleAddress, expected) => {
    expect(addresses(selectInModule(model, moduleAddress))).toEqual(expected);
  });

  it('selectProviders gives every configuration of the provider: root, aliased and in modules', () => {
    expect(addresses(selectProviders(model, 'aws')).sort()).toEqual(['aws', 'aws.west', 'module.a:aws']);
    expect(addresses(selectProviders(model, 'azurerm'))).toEqual([]);
  });
});
