import type { Finding, FindingsReport, GuardrailResult, Outcome, ScenarioResult } from '../report/types.js';
import { verdictOf, worstOutcome } from '../report/verdict.js';
import { isoDay } from './dates.js';
import { addressMatcher, workloadMatcher } from './match.js';
import type { Waiver } from './types.js';

export interface ApplyWaiversOptions {
  /** The workload the report is about; waivers for other workloads are ignored. */
  workload: string;
  today: Date;
}

/**
 * Marks findings covered by an active waiver as waived and notes expired waivers on the findings
 * they would have covered, then re-derives scenario, guardrail, summary and verdict. Pure: the
 * input report is not modified.
 */
export function applyWaivers(report: FindingsReport, waivers: readonly Waiver[], options: ApplyWaiversOptions): FindingsReport {
  const today = isoDay(options.today);
  const relevant = waivers
    .filter((waiver) => workloadMatcher(waiver.workload)(options.workload))
    .map((waiver) => ({ waiver, matches: addressMatcher(waiver.addresses), used: false }));
  if (relevant.length === 0) return structuredClone(report);

  const waiveFinding = (guardrail: string, finding: Finding): Finding => {
    if (finding.status === 'waived') return { ...finding };
    const hit = relevant.find((entry) => entry.waiver.guardrail === guardrail && entry.matches(finding.address));
    if (hit === undefined) return { ...finding };
    hit.used = true;
    const { waiver } = hit;
    const expired = waiver.expires < today;
    const info = { reason: waiver.reason, owner: waiver.owner, expires: waiver.expires, expired };
    if (expired) {
      return { ...finding, waiver: info, message: `${finding.message} (waiver by ${waiver.owner} expired on ${waiver.expires})` };
    }
    return { ...finding, status: 'waived', waiver: info };
  };

  const guardrails = report.guardrails.map((guardrail) => waiveGuardrail(guardrail, (finding) => waiveFinding(guardrail.id, finding)));
  const unused = relevant
    .filter((entry) => !entry.used)
    .map(({ waiver }) => ({ guardrail: waiver.guardrail, workload: waiver.workload, addresses: [...waiver.addresses], reason: waiver.reason }));
  const result: FindingsReport = {
    ...structuredClone(report),
    guardrails,
    summary: rederiveSummary(report, guardrails),
    verdict: verdictOf(guardrails, report.onIndeterminate),
  };
  if (unused.length > 0 || report.unusedWaivers !== undefined) {
    result.unusedWaivers = [...(report.unusedWaivers ?? []), ...unused];
  }
  return result;
}

function waiveGuardrail(guardrail: GuardrailResult, waive: (finding: Finding) => Finding): GuardrailResult {
  const scenarios = guardrail.scenarios.map((scenario) => waiveScenario(scenario, waive));
  // A status that did not come from the scenarios alone (set by the runner for another reason) is kept.
  const derivable = guardrail.status === worstOutcome(guardrail.scenarios.map((s) => s.status));
  return {
    ...structuredClone(guardrail),
    scenarios,
    findings: scenarios.flatMap((scenario) => scenario.findings),
    status: derivable ? worstOutcome(scenarios.map((s) => s.status)) : guardrail.status,
  };
}

function waiveScenario(scenario: ScenarioResult, waive: (finding: Finding) => Finding): ScenarioResult {
  const findings = scenario.findings.map(waive);
  const copy: ScenarioResult = { ...structuredClone(scenario), findings };
  // Not-applicable stays so; a scenario that failed for a reason other than its findings
  // (an undefined step, a status that its findings do not explain) is not re-derived.
  const brokenStep = scenario.steps.some((step) => step.status === 'undefined' || step.status === 'ambiguous' || step.status === 'pending');
  if (scenario.status === 'not-applicable' || brokenStep || scenario.status !== statusOfFindings(scenario.findings)) return copy;
  copy.status = statusOfFindings(findings);
  if (copy.status === 'passed') delete copy.reason;
  return copy;
}

/** failed if any failed finding, else indeterminate if any indeterminate, else passed. */
function statusOfFindings(findings: readonly Finding[]): Outcome {
  if (findings.some((f) => f.status === 'failed')) return 'failed';
  if (findings.some((f) => f.status === 'indeterminate')) return 'indeterminate';
  return 'passed';
}

/** Recounts the summary on whichever basis (guardrails or scenarios) the report's own counts use. */
function rederiveSummary(report: FindingsReport, guardrails: readonly GuardrailResult[]): FindingsReport['summary'] {
  const count = (outcomes: readonly Outcome[]): FindingsReport['summary'] => {
    const summary = { passed: 0, failed: 0, indeterminate: 0, 'not-applicable': 0 };
    for (const outcome of outcomes) summary[outcome] += 1;
    return summary;
  };
  const same = (a: FindingsReport['summary'], b: FindingsReport['summary']): boolean =>
    (Object.keys(a) as Outcome[]).every((key) => a[key] === b[key]);
  if (same(report.summary, count(report.guardrails.map((g) => g.status)))) return count(guardrails.map((g) => g.status));
  const scenarioOutcomes = (list: readonly GuardrailResult[]): Outcome[] => list.flatMap((g) => g.scenarios.map((s) => s.status));
  if (same(report.summary, count(scenarioOutcomes(report.guardrails)))) return count(scenarioOutcomes(guardrails));
  return { ...report.summary };
}
