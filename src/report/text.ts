/**
 * Small text helpers shared by the renderers: outcome labels, counts and finding lines,
 * so every format names things the same way.
 */
import { outcomeBlocks } from './verdict.js';
import type { Finding, FindingsReport, GuardrailResult, ObservationReport, Outcome, ScenarioResult } from './types.js';

/** Any report a renderer can take. */
export type AnyReport = FindingsReport | ObservationReport;

/** True for the report of `guardrails observe`. */
export function isObservationReport(report: AnyReport): report is ObservationReport {
  return 'kind' in report && report.kind === 'observation';
}

/** The outcomes in the order every report lists them. */
export const outcomeOrder: readonly Outcome[] = ['passed', 'failed', 'indeterminate', 'not-applicable'];

/** Human label of an outcome: `not applicable` rather than `not-applicable`. */
export function outcomeLabel(outcome: Outcome | 'error'): string {
  return outcome === 'not-applicable' ? 'not applicable' : outcome;
}

/** `1 finding`, `3 findings`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Findings that make a guardrail fail or stay undecided (waived ones excluded). */
export function openFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.status !== 'waived');
}

/** Waived findings only. */
export function waivedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.status === 'waived');
}

/** The finding's message, which already starts with the address; the address is prepended when a message lacks it. */
export function findingLine(finding: Finding): string {
  const message = finding.message.startsWith(finding.address) ? finding.message : `${finding.address}: ${finding.message}`;
  return oneLine(message);
}

/** A finding under a guardrail or scenario of `outcome`: an indeterminate finding inside a failure says so. */
export function findingLineIn(finding: Finding, outcome: Outcome): string {
  return finding.status === 'indeterminate' && outcome !== 'indeterminate' ? `(indeterminate) ${findingLine(finding)}` : findingLine(finding);
}

/** A waived finding with who waived it, why, and until when. */
export function waivedLine(finding: Finding): string {
  const waiver = finding.waiver;
  const detail = waiver
    ? ` (waived by ${waiver.owner} until ${waiver.expires}${waiver.expired ? ', expired' : ''}: ${waiver.reason})`
    : ' (waived)';
  return `${findingLine(finding)}${oneLine(detail)}`;
}

/** Distinct reasons given by the scenarios of a guardrail, for not-applicable and indeterminate lines. */
export function scenarioReasons(scenarios: readonly ScenarioResult[], status?: Outcome): string[] {
  const reasons = scenarios
    .filter((scenario) => status === undefined || scenario.status === status)
    .map((scenario) => scenario.reason)
    .filter((reason): reason is string => reason !== undefined && reason !== '');
  return [...new Set(reasons.map(oneLine))];
}

/** A guardrail's reason in one sentence, or a fallback when no scenario gave one. */
export function guardrailReason(guardrail: GuardrailResult, fallback: string): string {
  const reasons = scenarioReasons(guardrail.scenarios, guardrail.status);
  return reasons.length > 0 ? reasons.join('; ') : fallback;
}

/** The plan as named in reports: `-` reads as stdin. */
export function planName(planPath: string): string {
  return planPath === '-' ? '(stdin)' : planPath;
}

/** Collapses line breaks so one record stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Whether an indeterminate scenario of this enforcement counts as a failure of the run. */
export function indeterminateFails(report: FindingsReport, enforcement: 'enforce' | 'observe'): boolean {
  return outcomeBlocks(enforcement, 'indeterminate', report.onIndeterminate);
}

/** Every guardrail's warnings, each prefixed with its guardrail id, in report order. */
export function reportWarnings(report: FindingsReport): string[] {
  return report.guardrails.flatMap((guardrail) => (guardrail.warnings ?? []).map((warning) => `${guardrail.id}: ${warning}`));
}
