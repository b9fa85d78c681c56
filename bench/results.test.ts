import { describe, expect, it } from 'vitest';
import { addFloorRatios, evaluateTargets, growthOf, renderChecklist, renderMarkdown, type BenchResults, type Measured, type PlanResult, type StepResult } from './results.js';
import { median } from './measure.js';

const m = (wallMs: number, cpuMs = wallMs, maxRssMB = 100): Measured => ({ wallMs, cpuMs, maxRssMB });
const step = (name: StepResult['step'], measured: Measured | undefined): StepResult =>
  measured === undefined
    ? { step: name, status: 'unavailable', reason: "error: unknown command 'check'", samples: [], exitCodes: [2] }
    : { step: name, status: 'measured', median: measured, samples: [measured], exitCodes: [0] };
const plan = (resources: number, floor: Measured, check: Measured | undefined, bytes = 1_000_000): PlanResult => ({
  id: `synthetic-${resources}`,
  origin: 'synthetic',
  resources,
  bytes,
  steps: [step('floor', floor), step('check', check)],
});
const machine = { cpuModel: 'Test CPU', cores: 2, memoryGB: 8, node: 'v20.19.0', os: 'Linux' };
const observeStep = (wallMs: number): BenchResults['observe'] => ({ ...step('observe', m(wallMs)), workloads: 100, resourcesPerWorkload: 1000, bytes: 1 });

describe('evaluateTargets', () => {
  const good = [
    plan(10, m(80), m(450)),
    plan(1_000, m(200), m(900)),
    plan(10_000, m(700), m(2_000)),
    plan(50_000, m(3_000), m(9_000, 9_000, 600), 180 * 2 ** 20),
  ];
  const bad = [
    plan(10, m(80), m(1_500)),
    plan(1_000, m(200), m(900)),
    plan(10_000, m(700), m(2_000)),
    plan(50_000, m(3_000), m(13_000, 13_000, 1_000), 180 * 2 ** 20),
  ];

  it.each([
    ['all within limits', good, observeStep(20_000), { marginal: 'pass', linear: 'pass', fixed: 'pass', memory: 'pass', observation: 'pass' }],
    ['all beyond limits', bad, observeStep(31_000), { marginal: 'fail', linear: 'fail', fixed: 'fail', memory: 'fail', observation: 'fail' }],
    [
      'check not available, no observation',
      [plan(10, m(80), undefined), plan(1_000, m(200), undefined), plan(50_000, m(3_000), undefined)],
      undefined,
      { marginal: 'not-measured', linear: 'not-measured', fixed: 'not-measured', memory: 'not-measured', observation: 'not-measured' },
    ],
  ])('%s', (_name, plans, observe, expected) => {
    const statuses = Object.fromEntries(evaluateTargets({ plans, observe, machine }).map((t) => [t.id, t.status]));
    expect(statuses).toEqual(expected);
  });

  it('states the measured numbers beside each target', () => {
    const lines = renderChecklist(evaluateTargets({ plans: bad, observe: undefined, machine })).split('\n');
    expect(lines).toEqual([
      '- ✗ synthetic: marginal cost 1,000 → 50,000: extra check time ≤ 3 × extra floor time: extra check 12.10 s; 3 × extra floor 8.40 s (4.3×; by CPU time 4.3×)',
      '- ✗ synthetic: linear: check at 50,000 ≤ 6 × check at 10,000: 13.00 s vs 6 × 2.00 s = 12.00 s (6.5×; by CPU time 6.5×)',
      '- ✗ synthetic: memory: peak RSS of check ≤ 4 × plan size + 200 MB at every size: worst at 50,000: 1000 MB vs 4 × 180 MB + 200 MB = 920 MB',
      '- ✗ fixed cost: check on a 10-resource plan ≤ 0.50 s on Node v20.19.0: 1.50 s (CPU 1.50 s)',
      '- – observation: 100 workloads × 1,000 resources, full catalogue, < 30 s on a 2-core machine: not measured',
    ]);
  });
});

describe('targets per shape and per Node version', () => {
  const shaped = (shape: string, resources: number, floor: Measured, check: Measured, bytes = 1_000_000): PlanResult => ({
    ...plan(resources, floor, check, bytes),
    id: `${shape}-${resources}`,
    shape,
  });

  it('judges each shape on its own, from 1,000 to its largest plan, memory at every size', () => {
    const plans = [
      plan(10, m(80), m(400)),
      shaped('synthetic', 1_000, m(200), m(900)),
      shaped('synthetic', 10_000, m(700), m(2_000)),
      shaped('iam-roles', 1_000, m(200), m(900, 900, 600)),
      shaped('iam-roles', 10_000, m(700), m(3_000)),
    ];
    const targets = evaluateTargets({ plans, observe: undefined, machine, fixedCost: [{ node: 'v24.1.0', step: step('check', m(600)) }] });
    const status = (id: string, shape?: string): string | undefined => targets.find((t) => t.id === id && t.shape === shape)?.status;
    expect(status('marginal', 'synthetic')).toBe('pass');
    expect(status('marginal', 'iam-roles')).toBe('fail');
    expect(status('linear', 'synthetic')).toBe('not-measured');
    // 600 MB at 1,000 resources of 1 MB is over 4 × 1 MB + 200 MB, whatever the larger plan does.
    expect(status('memory', 'iam-roles')).toBe('fail');
    expect(status('memory', 'synthetic')).toBe('pass');
    // The 10-resource plan measures the fixed cost only: a run without larger synthetic plans judges no synthetic shape.
    expect(evaluateTargets({ plans: plans.filter((p) => p.shape !== 'synthetic'), observe: undefined, machine }).some((t) => t.shape === 'synthetic')).toBe(false);
    expect(targets.filter((t) => t.id === 'fixed').map((t) => [t.title, t.status])).toEqual([
      ['fixed cost: check on a 10-resource plan ≤ 0.50 s on Node v20.19.0', 'pass'],
      ['fixed cost: check on a 10-resource plan ≤ 0.50 s on Node v24.1.0', 'fail'],
    ]);
    expect(targets.find((t) => t.id === 'marginal' && t.shape === 'iam-roles')?.title).toBe(
      'iam-roles: marginal cost 1,000 → 10,000: extra check time ≤ 3 × extra floor time',
    );
  });
});

describe('ratios', () => {
  it('divides each step by the floor of the same plan and measures growth 10,000 → 50,000', () => {
    const small = plan(10_000, m(500, 400, 100), m(2_000, 1_600, 300));
    const large = plan(50_000, m(2_000, 1_600, 400), m(9_000, 8_000, 900));
    addFloorRatios(small);
    expect(small.steps[1]?.toFloor).toEqual({ wallMs: 4, cpuMs: 4, maxRssMB: 3 });
    expect(growthOf([small, large]).check).toEqual({ wallMs: 4.5, cpuMs: 5, maxRssMB: 3 });
    expect(growthOf([small])).toEqual({});
  });

  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('renderMarkdown', () => {
  it('names the machine, marks unavailable steps, and ends with the checklist', () => {
    const plans = [plan(10, m(80), undefined)];
    addFloorRatios(plans[0] as PlanResult);
    const text = renderMarkdown({
      schemaVersion: 2,
      generatedAt: '2026-01-01T00:00:00.000Z',
      machine,
      options: { sizes: [10], repetitions: 3, seed: 42, observe: false, shapes: ['synthetic'] },
      plans,
      observe: undefined,
      fixedCost: [],
      growth: {},
      targets: evaluateTargets({ plans, observe: undefined, machine }),
    });
    expect(text).toContain('Machine: Test CPU, 2 cores, 8 GB RAM, Node v20.19.0, Linux.');
    expect(text).toContain('| synthetic-10 | 10 | 977 KB | floor | 0.08 | 0.08 | 100 |  |  |  |');
    expect(text).toContain('| synthetic-10 | 10 | 977 KB | check | not available | | | | | |');
    expect(text.trimEnd().endsWith('on a 2-core machine: not measured')).toBe(true);
  });
});
