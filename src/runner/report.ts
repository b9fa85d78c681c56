import type { ChangeScope } from '../checks/changed.js';
import { collectPlanSecrets } from '../plan/sensitive.js';
import type { PlanModel } from '../plan/types.js';
import { maskSensitive } from '../report/mask.js';
import type { FindingsReport, GuardrailResult, Outcome } from '../report/types.js';
import { verdictOf } from '../report/verdict.js';
import { toolVersion } from '../version.js';

/** The findings report of one plan: the single input of every renderer and of waivers. */
export function buildFindingsReport(
  guardrails: GuardrailResult[],
  options: { plan: PlanModel; onIndeterminate: 'fail' | 'warn'; workload?: string; changeScope?: ChangeScope },
): FindingsReport {
  const summary: Record<Outcome, number> = { passed: 0, failed: 0, indeterminate: 0, 'not-applicable': 0 };
  for (const guardrail of guardrails) summary[guardrail.status] += 1;
  const report: FindingsReport = {
    schemaVersion: 1,
    tool: { name: 'tofu-guardrails', version: toolVersion() },
    plan: { path: options.plan.displayPath, formatVersion: options.plan.formatVersion, terraformVersion: options.plan.terraformVersion ?? null },
    verdict: verdictOf(guardrails, options.onIndeterminate),
    onIndeterminate: options.onIndeterminate,
    summary,
    guardrails: maskSensitive(guardrails, collectPlanSecrets(options.plan.raw)),
  };
  if (options.workload !== undefined) report.workload = options.workload;
  if (options.changeScope !== undefined) {
    const managed = options.plan.resources.filter((resource) => resource.mode === 'managed' && options.changeScope!.judged.has(resource.address));
    report.changedOnly = { judged: new Set(managed.map((resource) => resource.address)).size, untouched: [...options.changeScope.untouched] };
  }
  return report;
}
