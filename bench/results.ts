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
  /** The synthetic plan's shape (shapes.ts); `synthetic` when left out. */
  shape?: string;
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
  /** The plan shape a per-shape target is about. */
  shape?: string;
  title: string;
  status: 'pass' | 'fail' | 'not-measured';
  measured: string;
}

/** `check` on the 10-resource plan run by another Node executable than the bench's own. */
export interface FixedCostResult {
  /** `node --version` of the executable. */
  node: string;
  step: StepResult;
}

export interface BenchResults {
  schemaVersion: 2;
  generatedAt: string;
  machine: Machine;
  options: { sizes: number[]; repetitions: number; seed: number; observe: boolean; shapes: string[] };
  plans: PlanResult[];
  observe: (StepResult & { workloads: number; resourcesPerWorkload: number; bytes: number }) | undefined;
  /** Fixed cost on further Node versions (the bench's own is the synthetic-10 plan). */
  fixedCost: FixedCostResult[];
  /** Per shape, 10,000 → 50,000 resources: ratio of the medians per step. */
  growth: Record<string, Partial<Record<StepName, Measured>>>;
  targets: TargetResult[];
}

/** Plans from this size up count for the per-shape targets: below it, start-up is all there is. */
const marginalFrom = 1_000;

/** The shape of a plan; the corpus plan has none. */
export const shapeOfPlan = (plan: PlanResult): string | undefined => (plan.origin === 'synthetic' ? (plan.shape ?? 'synthetic') : undefined);

/** The shapes measured at sizes that count for the per-shape targets, in the order they were run. */
export function shapesOf(plans: readonly PlanResult[]): string[] {
  const sized = plans.filter((plan) => plan.resources >= marginalFrom);
  return [...new Set(sized.map(shapeOfPlan).filter((shape): shape is string => shape !== undefined))];
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

/** Growth of each step's medians from the 10,000 to the 50,000 plan of a shape. */
export function growthOf(plans: readonly PlanResult[], shape = 'synthetic'): Partial<Record<StepName, Measured>> {
  const at = (resources: number): PlanResult | undefined => plans.find((p) => shapeOfPlan(p) === shape && p.resources === resources);
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

/** Fixed cost: `check` with the full catalogue on the 10-resource plan, start to exit. */
export const fixedCostLimitMs = 500;

/**
 * Evaluates the performance targets against the measurements: per shape the marginal cost (from
 * 1,000 resources to the largest plan measured), linear growth (10,000 → 50,000) and peak memory
 * (at every size); the fixed cost on each Node version; the observation.
 */
export function evaluateTargets(results: Pick<BenchResults, 'plans' | 'observe' | 'machine'> & { fixedCost?: readonly FixedCostResult[] }): TargetResult[] {
  const targets: TargetResult[] = [];
  const judge = (id: TargetResult['id'], title: string, measured: string | undefined, pass: boolean, shape?: string): void => {
    targets.push({
      id,
      ...(shape === undefined ? {} : { shape }),
      title,
      status: measured === undefined ? 'not-measured' : pass ? 'pass' : 'fail',
      measured: measured ?? 'not measured',
    });
  };
  const shapes = shapesOf(results.plans);
  for (const shape of shapes.length > 0 ? shapes : ['synthetic']) {
    const plans = results.plans.filter((p) => shapeOfPlan(p) === shape && p.resources >= marginalFrom).sort((a, b) => a.resources - b.resources);
    const small = plans[0];
    const large = plans.length > 1 ? plans[plans.length - 1] : undefined;
    const checkSmall = stepMedian(small, 'check');
    const checkLarge = stepMedian(large, 'check');
    const floorSmall = stepMedian(small, 'floor');
    const floorLarge = stepMedian(large, 'floor');
    const span = small && large ? `${small.resources.toLocaleString('en-US')} → ${large.resources.toLocaleString('en-US')}` : `${marginalFrom.toLocaleString('en-US')} → largest`;
    const marginalTitle = `${shape}: marginal cost ${span}: extra check time ≤ 3 × extra floor time`;
    if (checkSmall && checkLarge && floorSmall && floorLarge) {
      const extraCheck = checkLarge.wallMs - checkSmall.wallMs;
      const extraFloor = floorLarge.wallMs - floorSmall.wallMs;
      judge(
        'marginal',
        marginalTitle,
        `extra check ${s(extraCheck)}; 3 × extra floor ${s(3 * extraFloor)} (${(extraCheck / extraFloor).toFixed(1)}×; ` +
          `by CPU time ${((checkLarge.cpuMs - checkSmall.cpuMs) / (floorLarge.cpuMs - floorSmall.cpuMs)).toFixed(1)}×)`,
        extraCheck <= 3 * extraFloor,
        shape,
      );
    } else judge('marginal', marginalTitle, undefined, false, shape);

    const check10k = stepMedian(plans.find((p) => p.resources === 10_000), 'check');
    const check50k = stepMedian(plans.find((p) => p.resources === 50_000), 'check');
    const linearTitle = `${shape}: linear: check at 50,000 ≤ 6 × check at 10,000`;
    if (check10k && check50k) {
      judge(
        'linear',
        linearTitle,
        `${s(check50k.wallMs)} vs 6 × ${s(check10k.wallMs)} = ${s(6 * check10k.wallMs)} (${(check50k.wallMs / check10k.wallMs).toFixed(1)}×; ` +
          `by CPU time ${(check50k.cpuMs / check10k.cpuMs).toFixed(1)}×)`,
        check50k.wallMs <= 6 * check10k.wallMs,
        shape,
      );
    } else judge('linear', linearTitle, undefined, false, shape);

    // Every size is held to the limit; the line names the plan closest to it.
    const memory = plans
      .map((plan) => ({ plan, check: stepMedian(plan, 'check'), limit: (4 * plan.bytes) / 2 ** 20 + 200 }))
      .filter((entry): entry is typeof entry & { check: Measured } => entry.check !== undefined)
      .sort((a, b) => b.check.maxRssMB / b.limit - a.check.maxRssMB / a.limit);
    const worst = memory[0];
    judge(
      'memory',
      `${shape}: memory: peak RSS of check ≤ 4 × plan size + 200 MB at every size`,
      worst &&
        `worst at ${worst.plan.resources.toLocaleString('en-US')}: ${mb(worst.check.maxRssMB)} vs 4 × ${mb(worst.plan.bytes / 2 ** 20)} + 200 MB = ${mb(worst.limit)}`,
      memory.every((entry) => entry.check.maxRssMB <= entry.limit),
      shape,
    );
  }

  const fixed = results.plans.find((p) => p.origin === 'synthetic' && p.resources === 10);
  const fixedRuns = [
    { node: results.machine.node, check: stepMedian(fixed, 'check') },
    ...(results.fixedCost ?? []).map((entry) => ({ node: entry.node, check: entry.step.median })),
  ];
  for (const run of fixedRuns) {
    judge(
      'fixed',
      `fixed cost: check on a 10-resource plan ≤ ${s(fixedCostLimitMs)} on Node ${run.node}`,
      run.check && `${s(run.check.wallMs)} (CPU ${s(run.check.cpuMs)})`,
      (run.check?.wallMs ?? Infinity) <= fixedCostLimitMs,
    );
  }

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

function machineLines(results: BenchResults): string[] {
  const m = results.machine;
  return [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB.toFixed(0)} GB RAM, Node ${m.node}, ${m.os}.` +
      (m.loadAverage ? ` Load average ${m.loadAverage.start.toFixed(1)} at start, ${m.loadAverage.end.toFixed(1)} at end.` : ''),
    `Median of ${results.options.repetitions} run(s) per cell, each a whole process (start to exit); seed ${results.options.seed}; ${results.generatedAt}.`,
  ];
}

/**
 * One row per shape: the floor and check from the smallest to the largest plan, the marginal cost
 * (wall and CPU) and the peak memory of the largest plan against its limit.
 */
export function renderShapeTable(results: BenchResults): string[] {
  const lines = [
    '| shape | largest plan | floor wall s | check wall s | marginal check ÷ floor (wall; CPU) | check peak RSS MB (limit) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const shape of shapesOf(results.plans)) {
    const plans = results.plans.filter((p) => shapeOfPlan(p) === shape && p.resources >= marginalFrom).sort((a, b) => a.resources - b.resources);
    const small = plans[0];
    const large = plans[plans.length - 1];
    if (!small || !large) continue;
    const range = (step: StepName): string => {
      const a = stepMedian(small, step);
      const b = stepMedian(large, step);
      return a && b ? `${(a.wallMs / 1000).toFixed(2)} → ${(b.wallMs / 1000).toFixed(2)}` : '–';
    };
    const [fs, fl, cs, cl] = [stepMedian(small, 'floor'), stepMedian(large, 'floor'), stepMedian(small, 'check'), stepMedian(large, 'check')];
    const marginal =
      fs && fl && cs && cl && large !== small
        ? `${((cl.wallMs - cs.wallMs) / (fl.wallMs - fs.wallMs)).toFixed(1)}×; ${((cl.cpuMs - cs.cpuMs) / (fl.cpuMs - fs.cpuMs)).toFixed(1)}×`
        : '–';
    const memory = cl ? `${cl.maxRssMB.toFixed(0)} (${((4 * large.bytes) / 2 ** 20 + 200).toFixed(0)})` : '–';
    lines.push(
      `| ${shape} | ${large.resources.toLocaleString('en-US')}, ${size(large.bytes)} | ${range('floor')} | ${range('check')} | ${marginal} | ${memory} |`,
    );
  }
  return lines;
}

/** The part quoted in the project README: machine, one row per shape, the target checklist. */
export function renderSummary(results: BenchResults): string {
  return [...machineLines(results), '', ...renderShapeTable(results), '', 'Targets:', '', renderChecklist(results.targets), ''].join('\n');
}

/** The markdown report: machine, per-shape summary, table of medians and ratios, growth, targets. */
export function renderMarkdown(results: BenchResults): string {
  const lines = [
    `## Benchmark results`,
    '',
    ...machineLines(results),
    '',
    ...renderShapeTable(results),
    '',
    '| plan | resources | size | step | wall s | CPU s | peak RSS MB | wall × floor | CPU × floor | RSS × floor |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const plan of results.plans) {
    for (const step of plan.steps) lines.push(stepRow(plan.id, plan.resources.toLocaleString('en-US'), size(plan.bytes), step));
  }
  for (const entry of results.fixedCost) {
    lines.push(stepRow(`synthetic-10 on Node ${entry.node}`, '10', '', entry.step));
  }
  if (results.observe !== undefined) {
    const o = results.observe;
    lines.push(
      stepRow(`${o.workloads} workloads`, `${o.workloads} × ${o.resourcesPerWorkload.toLocaleString('en-US')}`, size(o.bytes), o),
    );
  }
  for (const [shape, growth] of Object.entries(results.growth)) {
    const steps = Object.entries(growth);
    if (steps.length === 0) continue;
    lines.push('', `Growth of ${shape} from 10,000 to 50,000 resources (5× the resources): ` +
      steps.map(([step, g]) => `${step} wall ${x(g.wallMs)}, CPU ${x(g.cpuMs)}, RSS ${x(g.maxRssMB)}`).join('; ') + '.');
  }
  const outcomes = results.plans.flatMap((p) => p.steps.filter((st) => st.outcome).map((st) => `${p.id} ${st.step}: ${st.outcome}`));
  if (results.observe?.outcome) outcomes.push(`observe: ${results.observe.outcome}`);
  if (outcomes.length > 0) lines.push('', 'Outcomes (read back from the JSON reports): ' + outcomes.join('; ') + '.');
  lines.push('', 'Targets:', '', renderChecklist(results.targets), '');
  return lines.join('\n');
}
