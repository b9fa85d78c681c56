import { describe, expect, it, vi } from 'vitest';
import { checkJson, plan, stateBucket, workspace } from './harness.js';

// Count the plan layer's entry points while the CLI runs the whole bundled catalogue.
const calls = vi.hoisted(() => ({ loadPlan: 0, buildPlanModel: 0 }));
vi.mock('../../src/plan/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/plan/index.js')>();
  return {
    ...original,
    loadPlan: (...args: Parameters<typeof original.loadPlan>) => {
      calls.loadPlan += 1;
      return original.loadPlan(...args);
    },
    buildPlanModel: (...args: Parameters<typeof original.buildPlanModel>) => {
      calls.buildPlanModel += 1;
      return original.buildPlanModel(...args);
    },
  };
});

describe('one run, one plan', () => {
  it('loads and models the plan once for every guardrail and scenario of the catalogue', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('aws:kms')) });
    const { report } = await checkJson(cwd, ['--plan', 'tfplan.json']);
    const scenarios = report.guardrails.reduce((count, guardrail) => count + guardrail.scenarios.length, 0);
    expect(report.guardrails.length).toBeGreaterThanOrEqual(9);
    expect(scenarios).toBeGreaterThan(report.guardrails.length);
    expect(calls).toEqual({ loadPlan: 1, buildPlanModel: 1 });
  });
});
