/**
 * The benchmark's results document (bench/results/latest.json), the targets derived from it,
 * and its markdown rendering (bench/results/latest.md, also printed).
 */

export type StepName = 'floor' | 'plan show' | 'check' | 'observe';

export interface Measured {
  /** Medians over the repetitions. */
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

export interface StepResult {
  step: StepName;
  status: 'measured' | 'unavailable';
  /** Why a step was not measured (the command's own message). */
  reason?: string;
  median?: Measured;
  samples: Measured[];
  exitCodes: number[];
  /** What the command concluded (verdict, counts), read back from its JSON output. */
  outcome?: string;
  /** Ratios of the medians to the floor's on the same plan. */
  toFloor?: Measured;
}

export interface PlanResult {
  id: string;
  origin: 'synthetic' | 'corpus';
  resources: number;
  bytes: number;
  /** Time the harness took to write a synthetic plan (not part of any step). */
  generationMs?: number;
  steps: StepResult[];
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGB: number;
  node: string;
  os: string;
  /** 1-minute load average at the start and the end of the run: a busy machine inflates wall time. */
  loadAverage?: { start: number; end: number };
}

export interface TargetResult {
  id: 'marginal' | 'linear' | 'fixed' | 'memory' | 'observation';
  title: string;
  status: 'pass' | 'fail' | 'not-measured';
  measured: string;
}

export interface BenchResults {
  schemaVersion: 1;
  generatedAt: string;
  machine: Machine;
  options: { sizes: number[]; repetitions: number; seed: number; observe: boolean };
  plans: PlanResult[];
  observe: (StepResult & { workloads: number; resourcesPerWorkload: number; bytes: number }) | undefined;
  /** 10,000 → 50,000 resources: ratio of the medians per step. */
  growth: Partial<Record<StepName, Measured>>;
  targets: TargetResult[];
}

const ratio = (a: Measured, b: Measured): Measured => ({
  wallMs: a.wallMs / b.wallMs,
  cpuMs: a.cpuMs / b.cpuMs,
  maxRssMB: a.maxRssMB / b.maxRssMB,
});

/** The median of a step on a plan, when it was measured. */
export function stepMedian(plan: PlanResult | undefined, step: StepName): Measured | undefined {
  return plan?.steps.find((s) => s.step === step)?.median;
}

/** Fills in each step's ratio to the floor of the same plan. */
export function addFloorRatios(plan: PlanResult): void {
  const floor = stepMedian(plan, 'floor');
  if (floor === undefined) return;
  for (const step of plan.steps) if (step.median !== undefined) step.toFloor = ratio(step.median, floor);
}

/** Growth of each step's medians from the 10,000 to the 50,000 synthetic plan. */
export function growthOf(plans: readonly PlanResult[]): Partial<Record<StepName, Measured>> {
  const at = (resources: number): PlanResult | undefined => plans.find((p) => p.origin === 'synthetic' && p.resources === resources);
  const growth: Partial<Record<StepName, Measured>> = {};
  for (const step of ['floor', 'plan show', 'check'] as const) {
    const small = stepMedian(at(10_000), step);
    const large = stepMedian(at(50_000), step);
    if (small !== undefined && large !== undefined) growth[step] = ratio(large, small);
  }
  return growth;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (value: number): string => `${value.toFixed(0)} MB`;

/** Evaluates the performance targets against the measurements. */
export function evaluateTargets(results: Pick<BenchResults, 'plans' | 'observe' | 'machine'>): TargetResult[] {
  const synthetic = (resources: number): PlanResult | undefined =>
    results.plans.find((p) => p.origin === 'synthetic' && p.resources === resources);
  const targets: TargetResult[] = [];
  const judge = (id: TargetResult['id'], title: string, measured: string | undefined, pass: boolean): void => {
    targets.push({ id, title, status: measured === undefined ? 'not-measured' : pass ? 'pass' : 'fail', measured: measured ?? 'not measured' });
  };

  const check1k = stepMedian(synthetic(1_000), 'check');
  const check10k = stepMedian(synthetic(10_000), 'check');
  const check50k = stepMedian(synthetic(50_000), 'check');
  const floor1k = stepMedian(synthetic(1_000), 'floor');
  const floor50k = stepMedian(synthetic(50_000), 'floor');

  if (check1k && check50k && floor1k && floor50k) {
    const extraCheck = check50k.wallMs - check1k.wallMs;
    const extraFloor = floor50k.wallMs - floor1k.wallMs;
    judge(
      'marginal',
      'marginal cost 1,000 → 50,000: extra check time ≤ 3 × extra floor time',
      `extra check ${s(extraCheck)}; 3 × extra floor ${s(3 * extraFloor)} (${(extraCheck / extraFloor).toFixed(1)}×; ` +
        `by CPU time ${((check50k.cpuMs - check1k.cpuMs) / (floor50k.cpuMs - floor1k.cpuMs)).toFixed(1)}×)`,
      extraCheck <= 3 * extraFloor,
    );
  } else judge('marginal', 'marginal cost 1,000 → 50,000: extra check time ≤ 3 × extra floor time', undefined, false);

  if (check10k && check50k) {
    judge(
      'linear',
      'linear: check at 50,000 ≤ 6 × check at 10,000',
      `${s(check50k.wallMs)} vs 6 × ${s(check10k.wallMs)} = ${s(6 * check10k.wallMs)} (${(check50k.wallMs / check10k.wallMs).toFixed(1)}×; ` +
        `by CPU time ${(check50k.cpuMs / check10k.cpuMs).toFixed(1)}×)`,
      check50k.wallMs <= 6 * check10k.wallMs,
    );
  } else judge('linear', 'linear: check at 50,000 ≤ 6 × check at 10,000', undefined, false);

  const check10 = stepMedian(synthetic(10), 'check');
  judge(
    'fixed',
    'fixed cost: check on a 10-resource plan < 1 s',
    check10 && `${s(check10.wallMs)} (CPU ${s(check10.cpuMs)})`,
    (check10?.wallMs ?? Infinity) < 1000,
  );

  const plan50k = synthetic(50_000);
  if (check50k && plan50k) {
    const limit = (4 * plan50k.bytes) / 2 ** 20 + 200;
    judge(
      'memory',
      'memory: peak RSS of check at 50,000 ≤ 4 × plan size + 200 MB',
      `${mb(check50k.maxRssMB)} vs 4 × ${mb(plan50k.bytes / 2 ** 20)} + 200 MB = ${mb(limit)}`,
      check50k.maxRssMB <= limit,
    );
  } else judge('memory', 'memory: peak RSS of check at 50,000 ≤ 4 × plan size + 200 MB', undefined, false);

  const observe = results.observe?.median;
  judge(
    'observation',
    'observation: 100 workloads × 1,000 resources, full catalogue, < 30 s on a 2-core machine',
    observe && `${s(observe.wallMs)} on ${results.machine.cores} cores (CPU ${s(observe.cpuMs)})`,
    (observe?.wallMs ?? Infinity) < 30_000,
  );
  return targets;
}

const mark = { pass: '✓', fail: '✗', 'not-measured': '–' } as const;

/** The targets as a ✓/✗ checklist, one line each. */
export function renderChecklist(targets: readonly TargetResult[]): string {
  return targets.map((t) => `- ${mark[t.status]} ${t.title}: ${t.measured}`).join('\n');
}

/** Plan sizes span 10 KB to 200 MB; small ones would all read "0.0 MB". */
const size = (bytes: number): string => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);

const x = (value: number | undefined): string => (value === undefined ? '' : `${value.toFixed(1)}×`);

function stepRow(label: string, resources: string, size: string, step: StepResult): string {
  if (step.median === undefined) return `| ${label} | ${resources} | ${size} | ${step.step} | not available | | | | | |`;
  const m = step.median;
  const f = step.toFloor;
  return `| ${label} | ${resources} | ${size} | ${step.step} | ${(m.wallMs / 1000).toFixed(2)} | ${(m.cpuMs / 1000).toFixed(2)} | ${m.maxRssMB.toFixed(0)} | ${step.step === 'floor' ? '' : x(f?.wallMs)} | ${step.step === 'floor' ? '' : x(f?.cpuMs)} | ${step.step === 'floor' ? '' : x(f?.maxRssMB)} |`;
}

/** The short markdown report: machine, table of medians and ratios, growth, targets. */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    `## Benchmark results`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB.toFixed(0)} GB RAM, Node ${m.node}, ${m.os}.` +
      (m.loadAverage ? ` Load average ${m.loadAverage.start.toFixed(1)} at start, ${m.loadAverage.end.toFixed(1)} at end.` : ''),
    `Median of ${results.options.repetitions} run(s) per cell, each a whole process (start to exit); seed ${results.options.seed}; ${results.generatedAt}.`,
    '',
    '| plan | resources | size | step | wall s | CPU s | peak RSS MB | wall × floor | CPU × floor | RSS × floor |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const plan of results.plans) {
    for (const step of plan.steps) lines.push(stepRow(plan.id, plan.resources.toLocaleString('en-US'), size(plan.bytes), step));
  }
  if (results.observe !== undefined) {
    const o = results.observe;
    lines.push(
      stepRow(`${o.workloads} workloads`, `${o.workloads} × ${o.resourcesPerWorkload.toLocaleString('en-US')}`, size(o.bytes), o),
    );
  }
  const growth = Object.entries(results.growth);
  if (growth.length > 0) {
    lines.push('', 'Growth from 10,000 to 50,000 resources (5× the resources): ' +
      growth.map(([step, g]) => `${step} wall ${x(g.wallMs)}, CPU ${x(g.cpuMs)}, RSS ${x(g.maxRssMB)}`).join('; ') + '.');
  }
  const outcomes = results.plans.flatMap((p) => p.steps.filter((st) => st.outcome).map((st) => `${p.id} ${st.step}: ${st.outcome}`));
  if (results.observe?.outcome) outcomes.push(`observe: ${results.observe.outcome}`);
  if (outcomes.length > 0) lines.push('', 'Outcomes (read back from the JSON reports): ' + outcomes.join('; ') + '.');
  lines.push('', 'Targets:', '', renderChecklist(results.targets), '');
  return lines.join('\n');
}
