// Cross-check: the project's own plan loader and model accept the synthetic plans and see in
// them what the generator put there (changes, unknowns, configuration references).
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../src/plan/load.js';
import { buildPlanModel } from '../src/plan/model.js';
import { generatePlanText } from './generate.js';
import { shapeNames } from './shapes.js';

describe('synthetic plans through the plan model', () => {
  it.each([10, 3000])('models a %i-resource plan', (resources) => {
    const text = generatePlanText({ resources, seed: 42 });
    const model = buildPlanModel({ displayPath: 'synthetic.json', raw: parsePlanText(text, 'synthetic.json'), bytes: text.length, origin: 'json' });
    expect(model.resources.filter((r) => r.mode === 'managed')).toHaveLength(resources);
    expect(model.stats.unknownAttributes).toBeGreaterThan(0);
    const encryption = model.resource('aws_s3_bucket_server_side_encryption_configuration.state');
    expect(encryption?.config?.type).toBe('aws_s3_bucket_server_side_encryption_configuration');
    expect(model.referencesFrom('aws_s3_bucket_server_side_encryption_configuration.state').map((r) => r.to)).toEqual(
      expect.arrayContaining(['aws_kms_key.state', 'aws_s3_bucket.state']),
    );
    expect(model.providerOf('aws_s3_bucket.state')).toMatchObject({ kind: 'configured', key: 'aws' });
    if (resources > 1000) {
      expect(model.stats.byChange.delete).toBeGreaterThan(0);
      expect(model.stats.byChange.replace).toBeGreaterThan(0);
      expect(model.stats.byChange.update).toBeGreaterThan(0);
      expect(model.modules.some((m) => m.address.includes('.module.bucket['))).toBe(true);
    }
  });
});

describe('every shape through the plan model', () => {
  it.each(shapeNames)('%s: every managed instance is modelled and bucket encryption references its key', (shape) => {
    const text = generatePlanText({ resources: 1500, seed: 42, shape });
    const model = buildPlanModel({ displayPath: `${shape}.json`, raw: parsePlanText(text, `${shape}.json`), bytes: text.length, origin: 'json' });
    expect(model.resources.filter((r) => r.mode === 'managed')).toHaveLength(1500);
    const encryption = model.resourcesOfType('aws_s3_bucket_server_side_encryption_configuration').find((r) => r.address !== 'aws_s3_bucket_server_side_encryption_configuration.state' && r.values.rule !== undefined && JSON.stringify(r.values.rule).includes('aws:kms'));
    if (shape === 'iam-roles') {
      expect(model.referencesFrom('module.role["svc-00000"].aws_iam_policy.this').map((r) => r.to)).toContain('module.role["svc-00000"].data.aws_iam_policy_document.this');
      return;
    }
    expect(encryption).toBeDefined();
    const targets = model.referencesFrom(encryption!.address).map((r) => model.resource(r.to)?.type);
    expect(targets).toEqual(expect.arrayContaining(['aws_kms_key', 'aws_s3_bucket']));
  });
});
