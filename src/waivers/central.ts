/**
 * The gate's waivers: the central file of the guardrails repository (shipped in the package),
 * plus those of the workload's own file that the central file allows it to grant itself
 * (`allow_local_waivers`). Any other local waiver is ignored and reported: a workload's
 * repository cannot waive its own findings.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { FindingsReport } from '../report/types.js';
import { packageRoot } from '../version.js';
import { loadWaiversFile } from './load.js';
import { workloadMatcher } from './match.js';
import type { Waiver } from './types.js';

export interface GateWaivers {
  /** Applied: every central waiver and the allowed local ones. */
  waivers: Waiver[];
  /** Local waivers for this workload that the central file does not allow. */
  ignored: NonNullable<FindingsReport['ignoredWaivers']>;
}

/** The central waivers file shipped with the package (the guardrails repository's waivers.yaml), if any. */
export function bundledCentralWaivers(): string | undefined {
  const file = path.join(packageRoot(), 'waivers.yaml');
  return existsSync(file) ? file : undefined;
}

export interface GateWaiversOptions {
  /** The central file (absolute); undefined when there is none. */
  central: string | undefined;
  /** The workload's own file, as given (relative to cwd). */
  local: string | undefined;
  workload: string;
  today: Date;
  cwd: string;
}

/** Loads the central and local files and decides which local waivers may apply to `workload`. */
export async function gateWaivers(options: GateWaiversOptions): Promise<GateWaivers> {
  const central = options.central === undefined ? { waivers: [], allowLocal: [] } : await loadWaiversFile(options.central, { today: options.today });
  if (options.local === undefined || sameFile(path.resolve(options.cwd, options.local), options.central)) return { waivers: central.waivers, ignored: [] };
  const local = await loadWaiversFile(options.local, { today: options.today, cwd: options.cwd });
  const grants = central.allowLocal.filter((grant) => workloadMatcher(grant.workload)(options.workload));
  const forThisWorkload = local.waivers.filter((waiver) => workloadMatcher(waiver.workload)(options.workload));
  const allowed = forThisWorkload.filter((waiver) => grants.some((grant) => grant.guardrails.includes(waiver.guardrail)));
  const ignored = forThisWorkload
    .filter((waiver) => !allowed.includes(waiver))
    .map((waiver) => ({ guardrail: waiver.guardrail, workload: waiver.workload, addresses: [...waiver.addresses], reason: waiver.reason, file: options.local as string }));
  return { waivers: [...central.waivers, ...allowed], ignored };
}

function sameFile(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
