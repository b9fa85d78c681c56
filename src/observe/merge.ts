import { GuardrailsError } from '../errors.js';
import type { ObservationReport, ObservedWorkload } from '../report/types.js';
import { buildObservationMatrix } from './matrix.js';
import { validateObservation } from './observation-input.js';

/** A shard's json as read from disk, with the file it came from for messages. */
export interface ShardResult {
  file: string;
  report: unknown;
}

/**
 * Combines the shards of one observation run into the matrix a single run would have produced.
 * Refuses partial, duplicated or mixed inputs: all shards of one registry and shard count, each once.
 */
export function mergeShards(shards: readonly ShardResult[]): ObservationReport {
  if (shards.length === 0) throw mergeError(undefined, 'no shard results were given', 'Pass every shard\'s json: guardrails observe merge shard-*.json.');
  const checked = shards.map(({ file, report }) => ({ file, report: asShard(file, report) }));
  const first = checked[0] as { file: string; report: ShardReport };
  const { count, registry, workloads: total } = first.report.shard;
  const byIndex = new Map<number, string>();
  for (const { file, report } of checked) {
    const { shard } = report;
    if (shard.count !== count || shard.registry !== registry || shard.workloads !== total) {
      throw mergeError(file, `is shard ${shard.index}/${shard.count} of registry ${shard.registry.slice(0, 12)}, but ${first.file} is a shard of ${count} of registry ${registry.slice(0, 12)}`, 'Merge only the shards of one run (same registry file, same --shard N).');
    }
    const other = byIndex.get(shard.index);
    if (other !== undefined) throw mergeError(file, `repeats shard ${shard.index}/${count} (also in ${other})`, 'Pass each shard once.');
    byIndex.set(shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw mergeError(undefined, `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`, 'Wait for every shard job, or re-run the missing ones, then merge all of them.');
  }
  const unobserved = nothingObservedIn(checked);
  if (unobserved !== undefined) return { schemaVersion: 1, kind: 'observation', tool: first.report.tool, nothingToObserve: unobserved, guardrails: [], workloads: [], promotion: { promotable: false, blocking: [] } };
  const rows = checked.flatMap(({ file, report }) => report.workloads.map((workload) => ({ file, workload, index: registryIndex(file, workload) })));
  rows.sort((a, b) => a.index - b.index);
  rows.forEach((row, position) => {
    if (row.index !== position) {
      throw mergeError(row.file, `holds workload ${row.workload.name} at registry index ${row.index}, but index ${position} was expected next`, 'The shard files look edited or cut from a different registry; re-run the shards.');
    }
  });
  if (rows.length !== total) {
    throw mergeError(undefined, `the shards hold ${rows.length} workloads but the registry has ${total}`, 'Re-run the shards.');
  }
  return buildObservationMatrix(rows.map((row) => row.workload), first.report.tool);
}

type ShardReport = ObservationReport & { shard: { index: number; count: number; registry: string; workloads: number } };

/** How shard results are named in messages, and what to pass instead. */
export const shardPurpose = { what: 'shard result', hint: 'Pass the json files written by guardrails observe --shard I/N --format json:FILE.' };

function asShard(file: string, value: unknown): ShardReport {
  const report = validateObservation(value, file, shardPurpose);
  if (report.shard === undefined) {
    throw mergeError(file, 'is not a shard result (it has no `shard` with registry and workload count)', 'Only results of observe --shard I/N can be merged.');
  }
  return report as ShardReport;
}

/**
 * When every shard saw no guardrail changed since one base, what they share; a mix of such shards
 * with observing ones (or of different bases) is not one run, and merging it could hide a candidate.
 */
function nothingObservedIn(shards: ReadonlyArray<{ file: string; report: ShardReport }>): ObservationReport['nothingToObserve'] {
  const first = shards[0]?.report.nothingToObserve;
  for (const { file, report } of shards) {
    const own = report.nothingToObserve;
    if (own?.changedSince !== first?.changedSince || (own !== undefined && (report.guardrails.length > 0 || report.workloads.length > 0))) {
      throw mergeError(file, own === undefined ? 'observed guardrails while another shard found none changed' : `found no guardrail changed since ${own.changedSince}, which does not match the other shards`, 'Merge only the shards of one run (same --changed-since base); re-run the shards.');
    }
  }
  return first === undefined ? undefined : { changedSince: first.changedSince };
}

function registryIndex(file: string, workload: ObservedWorkload): number {
  const index = Number(workload.metadata?.registryIndex);
  if (!Number.isInteger(index) || index < 0) {
    throw mergeError(file, `workload ${workload.name} has no registryIndex in its metadata`, 'Re-run the shard with this version of guardrails.');
  }
  return index;
}

function mergeError(file: string | undefined, what: string, hint: string): GuardrailsError {
  return new GuardrailsError('CONFIG_INVALID', `cannot merge: ${what}.`, { ...(file === undefined ? {} : { file }), hint });
}
