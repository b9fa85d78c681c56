import { blocksPromotion } from '../report/verdict.js';
import type { ObservationReport, ObservedGuardrail, ObservedWorkload, Outcome } from '../report/types.js';

type Cell = Outcome | 'error';

/**
 * Builds the observation matrix from the workloads' rows (in registry order): per guardrail the
 * outcome counts and blocking workloads, and the promotion verdict. A workload that could not be
 * evaluated blocks every guardrail, and a guardrail missing from a workload's report counts as
 * an error there: an outcome nobody saw is never taken as a pass.
 */
export function buildObservationMatrix(
  workloads: readonly ObservedWorkload[],
  tool: ObservationReport['tool'],
  shard?: ObservationReport['shard'],
): ObservationReport {
  const guardrails = new Map<string, ObservedGuardrail>();
  for (const workload of workloads) {
    for (const result of workload.report?.guardrails ?? []) {
      if (!guardrails.has(result.id)) {
        guardrails.set(result.id, {
          id: result.id,
          title: result.title,
          uri: result.uri,
          totals: { passed: 0, failed: 0, indeterminate: 0, 'not-applicable': 0, error: 0 },
          promotable: true,
          blockingWorkloads: [],
        });
      }
    }
  }
  const blocking: ObservationReport['promotion']['blocking'] = [];
  for (const workload of workloads) {
    for (const guardrail of guardrails.values()) {
      const cell: Cell = workload.report?.guardrails.find((g) => g.id === guardrail.id)?.status ?? 'error';
      guardrail.totals[cell] += 1;
      if (blocksPromotion(cell)) {
        guardrail.promotable = false;
        guardrail.blockingWorkloads.push(workload.name);
        blocking.push({ guardrail: guardrail.id, workload: workload.name, status: cell });
      }
    }
    // With no guardrail seen at all there is no cell to carry the error, yet it must still block.
    if (workload.status === 'error' && guardrails.size === 0) blocking.push({ guardrail: '*', workload: workload.name, status: 'error' });
  }
  const report: ObservationReport = {
    schemaVersion: 1,
    kind: 'observation',
    tool,
    guardrails: [...guardrails.values()],
    workloads: [...workloads],
    promotion: { promotable: blocking.length === 0 && guardrails.size > 0, blocking },
  };
  if (shard !== undefined) report.shard = shard;
  return report;
}
