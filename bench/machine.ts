/** The machine a benchmark ran on, as printed beside every result. */
import os from 'node:os';
import type { Machine } from './results.js';

/** Describes this machine; the Node version is passed in by the entry point. */
export function describeMachine(nodeVersion: string): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGB: os.totalmem() / 2 ** 30,
    node: nodeVersion,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
  };
}
