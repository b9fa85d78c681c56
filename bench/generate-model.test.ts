// Cross-check: the project's own plan loader and model accept the synthetic plans and see in
// them what the generator put there (changes, unknowns, configuration references).
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../src/plan/load.js';
import { buildPlanModel } from '../src/plan/model.js';
import { generatePlanText } from './generate.js';

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
