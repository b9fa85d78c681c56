import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError } from './measure.js';
import { runStep, type StepRunner } from './steps.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-steps-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lines: string[] = [];
const runner: StepRunner = {
  node: process.execPath,
  cwd: here,
  env: {},
  hook: path.join(here, 'rusage-hook.mjs'),
  usageFile: path.join(tmp, 'usage.json'),
  timeoutMs: 30_000,
  repetitions: 2,
  log: (line) => lines.push(line),
};
const script = (code: string): string[] => ['--input-type=module', '-e', code];

describe('runStep', () => {
  it('measures a real process: wall, CPU and peak RSS of each repetition', async () => {
    const result = await runStep(
      { step: 'floor', args: script('const a = new Array(2e6).fill(1); process.exitCode = a.length > 0 ? 0 : 1;'), okExitCodes: [0] },
      runner,
      'test',
    );
    expect(result.status).toBe('measured');
    expect(result.samples).toHaveLength(2);
    expect(result.exitCodes).toEqual([0, 0]);
    expect(result.median?.wallMs).toBeGreaterThan(0);
    expect(result.median?.cpuMs).toBeGreaterThan(0);
    // The array alone is 16 MB, so the peak must be above a bare Node's.
    expect(result.median?.maxRssMB).toBeGreaterThan(30);
  });

  it.each([
    ['exit 1 where failed guardrails are normal', 'process.exitCode = 1', [0, 1], 'measured'],
    ['unknown command', "process.stderr.write(\"error: unknown command 'observe'\\n\"); process.exitCode = 2", [0, 1], 'unavailable'],
  ])('%s', async (_name, code, okExitCodes, status) => {
    const result = await runStep({ step: 'check', args: script(code), okExitCodes }, runner, 'test');
    expect(result.status).toBe(status);
  });

  it.each([
    ['an input error', "process.stderr.write('error: plan.json: not a plan'); process.exitCode = 2", /exited with 2[\s\S]*not a plan/],
    ['an internal error', "process.stderr.write('internal error: boom'); process.exitCode = 3", /exited with 3[\s\S]*internal error: boom/],
    ['a process that dies before its exit handlers', "process.kill(process.pid, 'SIGKILL')", /without reporting its resource usage/],
  ])('stops on %s', async (_name, code, message) => {
    const attempt = runStep({ step: 'check', args: script(code), okExitCodes: [0, 1] }, runner, 'test');
    await expect(attempt).rejects.toBeInstanceOf(BenchError);
    await expect(runStep({ step: 'check', args: script(code), okExitCodes: [0, 1] }, runner, 'test')).rejects.toThrow(message);
  });
});
