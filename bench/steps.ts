/**
 * The measured commands. Each is its own step: a command that does not exist yet is reported as
 * not available and the run goes on; any other input or internal error stops the benchmark.
 */
import { readFile } from 'node:fs/promises';
import type { FindingsReport, ObservationReport } from '../src/report/types.js';
import { BenchError, measureOnce, median, type ProcessSpec } from './measure.js';
import type { Measured, StepName, StepResult } from './results.js';

export interface StepSpec {
  step: StepName;
  /** Script and arguments, run as `node --import <hook> ...args`. */
  args: string[];
  /** Exit codes of a normal run: 1 means guardrails failed, which synthetic plans are meant to do. */
  okExitCodes: readonly number[];
  /** Summarises the command's JSON output after the runs. */
  outcome?: () => Promise<string>;
}

export interface StepRunner extends Omit<ProcessSpec, 'args'> {
  repetitions: number;
  log(line: string): void;
}

/** Runs a step `repetitions` times and reports medians, or why it is not available. */
export async function runStep(spec: StepSpec, runner: StepRunner, label: string): Promise<StepResult> {
  const samples: Measured[] = [];
  const exitCodes: number[] = [];
  for (let i = 0; i < runner.repetitions; i++) {
    const sample = await measureOnce({ ...runner, args: spec.args });
    if (sample.exitCode === 2 && /unknown command/i.test(sample.stderr)) {
      runner.log(`${label} ${spec.step}: not available (${sample.stderr.trim().split('\n')[0]})`);
      return { step: spec.step, status: 'unavailable', reason: sample.stderr.trim().split('\n')[0] ?? '', samples: [], exitCodes: [2] };
    }
    if (!spec.okExitCodes.includes(sample.exitCode)) {
      throw new BenchError(
        `${label} ${spec.step} exited with ${sample.exitCode} (node ${spec.args.join(' ')}):\n${sample.stderr.trim() || '(no output on stderr)'}`,
      );
    }
    samples.push({ wallMs: sample.wallMs, cpuMs: sample.cpuMs, maxRssMB: sample.maxRssMB });
    exitCodes.push(sample.exitCode);
    runner.log(
      `${label} ${spec.step} run ${i + 1}/${runner.repetitions}: wall ${(sample.wallMs / 1000).toFixed(2)} s, CPU ${(sample.cpuMs / 1000).toFixed(2)} s, peak RSS ${sample.maxRssMB.toFixed(0)} MB, exit ${sample.exitCode}`,
    );
  }
  const result: StepResult = {
    step: spec.step,
    status: 'measured',
    median: {
      wallMs: median(samples.map((s) => s.wallMs)),
      cpuMs: median(samples.map((s) => s.cpuMs)),
      maxRssMB: median(samples.map((s) => s.maxRssMB)),
    },
    samples,
    exitCodes,
  };
  if (spec.outcome) result.outcome = await spec.outcome();
  return result;
}

async function readJson<T>(file: string, step: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new BenchError(`${step} finished but its JSON report ${file} could not be read: ${(error as Error).message}`);
  }
}

/** One line about a findings report: verdict and guardrail outcomes. */
export async function checkOutcome(reportFile: string): Promise<string> {
  const report = await readJson<FindingsReport>(reportFile, 'check');
  const findings = report.guardrails.reduce((n, g) => n + g.findings.length, 0);
  const summary = Object.entries(report.summary)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  return `verdict ${report.verdict}; guardrails ${summary}; ${findings} findings`;
}

/** One line about an observation report: workloads evaluated, guardrails, promotion. */
export async function observeOutcome(reportFile: string): Promise<string> {
  const report = await readJson<ObservationReport>(reportFile, 'observe');
  const evaluated = report.workloads.filter((w) => w.status === 'evaluated').length;
  return `${evaluated}/${report.workloads.length} workloads evaluated against ${report.guardrails.length} guardrails; promotable ${report.promotion.promotable}`;
}
