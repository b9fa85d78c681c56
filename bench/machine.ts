/** The machine a benchmark ran on, as printed beside every result. */
import os from 'node:os';
import type { Machine } from './results.js';

/** Describes this machine; the Node version is passed in by the entry point. */
export function describeMachine(nodeVersion: string, loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGB: os.totalmem() / 2 ** 30,
    node: nodeVersion,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverage: { start: loadAtStart, end: oneMinuteLoad() },
  };
}

/** The 1-minute load average (0 where the platform has none, e.g. Windows). */
export function oneMinuteLoad(): number {
  return os.loadavg()[0] ?? 0;
}
