import { describe, expect, it } from 'vitest';
import { isGuardrailsError } from '../errors.js';
import { modelOf, rawPlan } from '../../test/support/raw-plan.js';
import type { RawPlan } from './types.js';

function modelError(raw: RawPlan): unknown {
  try {
    modelOf(raw);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('buildPlanModel: an address listed twice is an input error, never "first wins"', () => {
  const bucket = (name: string) => ({ address: 'aws_s3_bucket.state', values: { bucket: name } });

  it('refuses two resource_changes with the same address, naming the file and the address', () => {
    // A compliant copy first and a violating copy second: judging either one would judge the wrong object.
    const error = modelError(rawPlan({ resources: [bucket('acme-tfstate'), bucket('public')] }));
    expect(isGuardrailsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_PLAN', file: 'tfplan.json', exitCode: 2 });
    expect((error as Error).message).toBe('resource_changes lists aws_s3_bucket.state more than once; each resource instance appears once in a plan.');
  });

  it('refuses two planned_values objects with the same address, in any module', () => {
    const raw = rawPlan({});
    const object = { address: 'module.a.aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: {} };
    raw.planned_values = { root_module: { child_modules: [{ address: 'module.a', resources: [object] }, { address: 'module.a', resources: [object] }] } };
    expect((modelError(raw) as Error).message).toContain('planned_values lists module.a.aws_s3_bucket.b more than once');
  });

  it('keeps a deposed object beside the current one of the same address, but not a repeated deposed key', () => {
    const raw = rawPlan({ resources: [bucket('acme-tfstate')] });
    const changes = raw.resource_changes as Array<Record<string, unknown>>;
    const deposed = { ...changes[0]!, deposed: '00aa', change: { actions: ['delete'], before: { bucket: 'old' }, after: null } };
    changes.push(deposed);
    expect(modelOf(raw).resources).toHaveLength(2);
    changes.push(deposed);
    expect((modelError(raw) as Error).message).toContain('resource_changes lists aws_s3_bucket.state (deposed object 00aa) more than once');
  });

  it('an address in both resource_changes and planned_values is the normal shape, not a duplicate', () => {
    const raw = rawPlan({ resources: [bucket('acme-tfstate')] });
    raw.planned_values = { root_module: { resources: [{ address: 'aws_s3_bucket.state', mode: 'managed', type: 'aws_s3_bucket', name: 'state', values: { bucket: 'acme-tfstate' } }] } };
    expect(modelOf(raw).resources).toHaveLength(1);
  });
});
