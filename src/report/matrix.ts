/**
 * The observation matrix (guardrail × workload) as every observation renderer reads it.
 */
import type { GuardrailResult, ObservationReport, ObservedWorkload, Outcome } from './types.js';

/** A cell of the matrix: an outcome, `error` when the workload could not be evaluated, `missing` when the guardrail did not run there. */
export type MatrixCell = Outcome | 'error' | 'missing';

/** The guardrail's result inside one workload's report, when it ran there. */
export function guardrailInWorkload(workload: ObservedWorkload, guardrailId: string): GuardrailResult | undefined {
  return workload.report?.guardrails.find((guardrail) => guardrail.id === guardrailId);
}

/** What happened to one guardrail in one workload. */
export function matrixCell(workload: ObservedWorkload, guardrailId: string): MatrixCell {
  if (workload.status === 'error' || workload.report === undefined) {
    return 'error';
  }
  return guardrailInWorkload(workload, guardrailId)?.status ?? 'missing';
}

/** One line saying whether the candidate guardrails can be promoted; `quote` makes the base revision (input) safe for the output format. */
export function promotionLine(report: ObservationReport, quote: (text: string) => string = (text) => text): string {
  if (report.nothingToObserve !== undefined) return `No guardrail added or changed since ${quote(report.nothingToObserve.changedSince)}; nothing to observe or promote`;
  const promotable = report.guardrails.filter((guardrail) => guardrail.promotable).length;
  const total = report.guardrails.length;
  const verdict = report.promotion.promotable ? 'possible' : 'BLOCKED';
  const shard = report.shard ? ` (shard ${report.shard.index + 1} of ${report.shard.count}, partial)` : '';
  return `Promotion ${verdict}: ${promotable} of ${total} candidate guardrails promotable${shard}`;
}

/** The owners of a workload of the matrix, by name (none when the registry names none). */
export function ownersOf(report: ObservationReport, workloadName: string): string[] {
  return report.workloads.find((workload) => workload.name === workloadName)?.owners ?? [];
}

/**
 * The owners as GitLab mentions (`@alice, @platform/team`), so the observation note notifies
 * them. Only names the owners pattern allows are mentioned; anything else is left out.
 */
export function ownerMentions(owners: readonly string[]): string {
  return owners.filter((owner) => OWNER_NAME.test(owner)).map((owner) => `@${owner}`).join(', ');
}

/** A GitLab username or group path, as schema/workloads.schema.json accepts it. */
const OWNER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
