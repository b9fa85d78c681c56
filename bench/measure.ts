/**
 * Runs one command as a whole Node process and measures it: wall time around spawn → exit,
 * CPU time and peak RSS as the process itself reports them at exit (see rusage-hook.mjs).
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const rusageEnvVariable = 'GUARDRAILS_BENCH_RUSAGE';

/** One run of one process. */
export interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
  exitCode: number;
  stderr: string;
}

export interface ProcessSpec {
  /** Node executable. */
  node: string;
  /** Arguments after `node --import <hook>`: the script and its arguments. */
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of rusage-hook.mjs. */
  hook: string;
  /** Where the hook writes its numbers (removed afterwards). */
  usageFile: string;
  /** Kill the process after this long; a hung command is a harness error. */
  timeoutMs: number;
}

const stderrLimit = 64 * 1024;

/** Spawns the process once and returns its measurements. */
export async function measureOnce(spec: ProcessSpec): Promise<Sample> {
  await rm(spec.usageFile, { force: true });
  const started = performance.now();
  const child = spawn(spec.node, ['--import', pathToFileURL(spec.hook).href, ...spec.args], {
    cwd: spec.cwd,
    env: { ...spec.env, [rusageEnvVariable]: spec.usageFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < stderrLimit) stderr += text;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs);
  const { exitCode, wallMs } = await new Promise<{ exitCode: number; wallMs: number }>((resolve, reject) => {
    let wallMs = 0;
    child.on('error', reject);
    child.on('exit', () => {
      wallMs = performance.now() - started;
    });
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), wallMs }));
  });
  clearTimeout(timer);
  const usage = await readUsage(spec.usageFile, exitCode, stderr, spec.args);
  await rm(spec.usageFile, { force: true });
  return {
    wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMB: usage.maxRSS / 1024,
    exitCode,
    stderr,
  };
}

interface Usage {
  maxRSS: number;
  userCPUTime: number;
  systemCPUTime: number;
}

async function readUsage(file: string, exitCode: number, stderr: string, args: readonly string[]): Promise<Usage> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Usage;
  } catch {
    throw new BenchError(
      `${path.basename(args[0] ?? 'node')} ${args.slice(1).join(' ')} exited with ${exitCode} without reporting its resource usage` +
        (stderr ? `:\n${stderr}` : ' (killed, or the hook did not load).'),
    );
  }
}

/** A failure of the benchmark itself (as opposed to a command being unavailable). */
export class BenchError extends Error {
  override readonly name = 'BenchError';
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
