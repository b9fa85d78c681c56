/**
 * Entry point of `npm run bench`: generate the plans, measure every command on each as whole
 * processes, write bench/results/latest.{json,md} and print the table and the target checklist.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePlanFile } from './generate.js';
import { describeMachine, oneMinuteLoad } from './machine.js';
import { BenchError } from './measure.js';
import { fixedCostResources, parseBenchOptions, type BenchOptions } from './options.js';
import {
  addFloorRatios,
  evaluateTargets,
  growthOf,
  renderChecklist,
  renderMarkdown,
  renderSummary,
  shapesOf,
  type BenchResults,
  type FixedCostResult,
  type PlanResult,
} from './results.js';
import type { ShapeName } from './shapes.js';
import { checkOutcome, observeOutcome, runStep, type StepRunner } from './steps.js';
import { writeWorkloads } from './workloads.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusPlan = path.resolve(repoRoot, '..', 'shared', 'corpus', 'generated', 'large-10000', 'plan.json');
const resultsDir = path.join(repoRoot, 'bench', 'results');
const projectReadme = path.join(repoRoot, 'README.md');
const cli = path.join(repoRoot, 'bin', 'guardrails.js');
const observedWorkloads = 100;
const resourcesPerWorkload = 1_000;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(options: BenchOptions): Promise<void> {
  const loadAtStart = oneMinuteLoad();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'guardrails-bench-'));
  const runner: StepRunner = {
    node: process.execPath,
    cwd: repoRoot,
    env: process.env,
    hook: path.join(repoRoot, 'bench', 'rusage-hook.mjs'),
    usageFile: path.join(tmp, 'rusage.json'),
    timeoutMs: 20 * 60_000,
    repetitions: options.repetitions,
    log,
  };
  try {
    const plans: PlanResult[] = [];
    const inputs: { id: string; origin: PlanResult['origin']; shape?: ShapeName; resources: number; file: string; generationMs?: number }[] = [];
    const generate = (shape: ShapeName, resources: number): void => {
      const file = path.join(tmp, `${shape}-${resources}.json`);
      const started = performance.now();
      writePlanFile(file, { resources, seed: options.seed, shape });
      const generationMs = performance.now() - started;
      log(`generated ${shape} ${resources.toLocaleString('en-US')} resources in ${(generationMs / 1000).toFixed(1)} s`);
      inputs.push({ id: `${shape}-${resources}`, origin: 'synthetic', shape, resources, file, generationMs });
    };
    // The fixed-cost plan first, then every shape from small to large.
    generate('synthetic', fixedCostResources);
    for (const shape of options.shapes) {
      for (const resources of options.sizes.filter((n) => n !== fixedCostResources)) generate(shape, resources);
    }
    if (existsSync(corpusPlan)) inputs.push({ id: 'corpus large-10000', origin: 'corpus', resources: 10_000, file: corpusPlan });
    else log(`corpus plan not found at ${path.relative(repoRoot, corpusPlan)}; measuring synthetic plans only`);

    await warmUp(runner, inputs[0]?.file ?? '', tmp);
    for (const input of inputs) {
      const report = path.join(tmp, `check-${input.id.replace(/\W+/g, '-')}.json`);
      const plan: PlanResult = {
        id: input.id,
        origin: input.origin,
        ...(input.shape === undefined ? {} : { shape: input.shape }),
        resources: input.resources,
        bytes: statSync(input.file).size,
        ...(input.generationMs === undefined ? {} : { generationMs: input.generationMs }),
        steps: [
          await runStep({ step: 'floor', args: [path.join(repoRoot, 'bench', 'floor.mjs'), input.file], okExitCodes: [0] }, runner, input.id),
          await runStep({ step: 'plan show', args: [cli, 'plan', 'show', input.file], okExitCodes: [0] }, runner, input.id),
          await runStep(
            {
              step: 'check',
              args: [cli, 'check', '--plan', input.file, '--format', `json:${report}`],
              okExitCodes: [0, 1],
              outcome: () => checkOutcome(report),
            },
            runner,
            input.id,
          ),
        ],
      };
      addFloorRatios(plan);
      plans.push(plan);
      // Four shapes at 50,000 resources are most of a gigabyte: each plan goes once measured.
      if (input.origin === 'synthetic' && input.resources !== fixedCostResources) rmSync(input.file, { force: true });
    }

    const fixedCost: FixedCostResult[] = [];
    const fixedPlan = inputs[0]?.file ?? '';
    for (const node of options.nodes) {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
      const other = { ...runner, node };
      await warmUp(other, fixedPlan, tmp);
      const report = path.join(tmp, 'check-fixed.json');
      const step = await runStep(
        { step: 'check', args: [cli, 'check', '--plan', fixedPlan, '--format', `json:${report}`], okExitCodes: [0, 1], outcome: () => checkOutcome(report) },
        other,
        `synthetic-10 on Node ${version}`,
      );
      fixedCost.push({ node: version, step });
    }

    let observe: BenchResults['observe'];
    if (options.observe) {
      const started = performance.now();
      const fixture = writeWorkloads(path.join(tmp, 'observe'), observedWorkloads, resourcesPerWorkload, options.seed + 1_000);
      log(`generated ${observedWorkloads} workloads in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const report = path.join(tmp, 'observation.json');
      const step = await runStep(
        {
          step: 'observe',
          args: [cli, 'observe', '--workloads', fixture.registry, '--format', `json:${report}`],
          okExitCodes: [0, 1],
          outcome: () => observeOutcome(report),
        },
        runner,
        `${observedWorkloads} workloads`,
      );
      observe = { ...step, workloads: fixture.workloads, resourcesPerWorkload: fixture.resourcesPerWorkload, bytes: fixture.bytes };
    }

    const machine = describeMachine(process.version, loadAtStart);
    const results: BenchResults = {
      schemaVersion: 2,
      generatedAt: new Date().toISOString(),
      machine,
      options: { sizes: options.sizes, repetitions: options.repetitions, seed: options.seed, observe: options.observe, shapes: options.shapes },
      plans,
      observe,
      fixedCost,
      growth: Object.fromEntries(shapesOf(plans).map((shape) => [shape, growthOf(plans, shape)])),
      targets: evaluateTargets({ plans, observe, machine, fixedCost }),
    };
    const markdown = renderMarkdown(results);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(resultsDir, 'latest.md'), markdown);
    quoteInReadme(renderSummary(results));
    process.stdout.write(`${markdown}\n`);
    log(`targets:\n${renderChecklist(results.targets)}`);
    log(`wrote ${path.relative(repoRoot, path.join(resultsDir, 'latest.json'))}, latest.md and the summary in README.md`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Replaces the results quoted in the project README (between its bench markers) with the summary. */
function quoteInReadme(summary: string): void {
  const text = readFileSync(projectReadme, 'utf8');
  const start = '<!-- bench:start -->\n';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from) {
    log('README.md has no bench markers; the summary is in bench/results/latest.md only');
    return;
  }
  writeFileSync(projectReadme, `${text.slice(0, from + start.length)}${summary}${text.slice(to)}`);
}

/**
 * Runs each command once, untimed, so that the first measured cell does not alone pay for
 * reading Node and node_modules from a cold disk cache.
 */
async function warmUp(runner: StepRunner, planFile: string, tmp: string): Promise<void> {
  const quiet = { ...runner, repetitions: 1, log: () => undefined };
  await runStep({ step: 'floor', args: [path.join(repoRoot, 'bench', 'floor.mjs'), planFile], okExitCodes: [0] }, quiet, 'warm-up');
  await runStep({ step: 'plan show', args: [cli, 'plan', 'show', planFile], okExitCodes: [0] }, quiet, 'warm-up');
  const report = path.join(tmp, 'warm-up.json');
  await runStep({ step: 'check', args: [cli, 'check', '--plan', planFile, '--format', `json:${report}`], okExitCodes: [0, 1] }, quiet, 'warm-up');
}

try {
  await main(parseBenchOptions(process.argv.slice(2)));
} catch (error) {
  if (error instanceof BenchError || error instanceof RangeError) {
    log(`bench: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
}
