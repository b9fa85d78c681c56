/** The observation fixture: a workloads registry of local plan files, one synthetic plan each. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writePlanFile } from './generate.js';

export interface WorkloadsFixture {
  registry: string;
  workloads: number;
  resourcesPerWorkload: number;
  /** Total size of the plan files. */
  bytes: number;
}

/** Writes `count` plans of `resources` each under `dir/plans` and `dir/workloads.yaml` naming them. */
export function writeWorkloads(dir: string, count: number, resources: number, seed: number): WorkloadsFixture {
  mkdirSync(path.join(dir, 'plans'), { recursive: true });
  const lines = ['workloads:'];
  let bytes = 0;
  for (let i = 1; i <= count; i++) {
    const name = `w${String(i).padStart(3, '0')}`;
    // Each workload gets its own seed so the estates differ as real teams' do.
    bytes += writePlanFile(path.join(dir, 'plans', `${name}.json`), { resources, seed: seed + i });
    lines.push(`  - name: ${name}`, `    plan: plans/${name}.json`);
  }
  const registry = path.join(dir, 'workloads.yaml');
  writeFileSync(registry, `${lines.join('\n')}\n`);
  return { registry, workloads: count, resourcesPerWorkload: resources, bytes };
}
