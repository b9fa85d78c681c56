/**
 * The one verdict rule. Whether an outcome blocks the gate is decided here and nowhere else: the
 * runner's report, waivers, every exit code and every renderer ask these functions.
 *
 * An outcome blocks when it is enforced and failed, or enforced and indeterminate while
 * indeterminate counts as failure (`--on-indeterminate fail`). Enforcement belongs to the scenario
 * (its own `@observe`/`@enforce` tag overrides its feature's), so a guardrail blocks when one of its
 * scenarios does. Waivers act before the rule: they turn findings into `waived`, which changes the
 * scenario's status, never the rule itself.
 */
import type { Enforcement, FindingsReport, GuardrailResult, Outcome, ScenarioResult } from './types.js';

export type IndeterminatePolicy = FindingsReport['onIndeterminate'];

/** Exit code of a run whose verdict is known: 0 clean, 1 an enforced guardrail failed. */
export const VerdictExitCode = { passed: 0, failed: 1 } as const;

/**
 * How outcomes combine (a guardrail's from its scenarios'): failed over indeterminate over passed
 * over not-applicable, so a guardrail is not-applicable only when every scenario is.
 */
export function worstOutcome(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.includes('failed')) return 'failed';
  if (outcomes.includes('indeterminate')) return 'indeterminate';
  if (outcomes.includes('passed')) return 'passed';
  return 'not-applicable';
}

/** The rule itself, for one outcome. */
export function outcomeBlocks(enforcement: Enforcement, status: Outcome, onIndeterminate: IndeterminatePolicy): boolean {
  if (enforcement !== 'enforce') return false;
  return status === 'failed' || (status === 'indeterminate' && onIndeterminate === 'fail');
}

/** Whether a scenario makes the run fail. */
export function scenarioBlocks(scenario: Pick<ScenarioResult, 'enforcement' | 'status'>, onIndeterminate: IndeterminatePolicy): boolean {
  return outcomeBlocks(scenario.enforcement, scenario.status, onIndeterminate);
}

/** Whether a guardrail makes the run fail: one of its scenarios does. */
export function guardrailBlocks(guardrail: Pick<GuardrailResult, 'scenarios'>, onIndeterminate: IndeterminatePolicy): boolean {
  return guardrail.scenarios.some((scenario) => scenarioBlocks(scenario, onIndeterminate));
}

/**
 * True when the guardrail did not pass but only observed scenarios say so: it is shown as
 * "observed: would fail" (or indeterminate, observed), and never as a failure of the run.
 */
export function onlyObserved(guardrail: Pick<GuardrailResult, 'scenarios'>): boolean {
  const notPassing = guardrail.scenarios.filter((scenario) => scenario.status === 'failed' || scenario.status === 'indeterminate');
  return notPassing.length > 0 && notPassing.every((scenario) => scenario.enforcement === 'observe');
}

/** The verdict of a set of guardrail results. */
export function verdictOf(guardrails: readonly Pick<GuardrailResult, 'scenarios'>[], onIndeterminate: IndeterminatePolicy): FindingsReport['verdict'] {
  return guardrails.some((guardrail) => guardrailBlocks(guardrail, onIndeterminate)) ? 'failed' : 'passed';
}

/** Exit code of `guardrails check` for a finished report: derived from the rule, not from a stored field. */
export function checkExitCode(report: Pick<FindingsReport, 'guardrails' | 'onIndeterminate'>): number {
  return VerdictExitCode[verdictOf(report.guardrails, report.onIndeterminate)];
}

/**
 * Whether a candidate's outcome on one workload stops its promotion: the same rule, asked as "would
 * it block once enforced, with indeterminate counting as failure". A workload that could not be
 * evaluated (`error`) is an outcome nobody judged, so it blocks as an indeterminate one would.
 */
export function blocksPromotion(cell: Outcome | 'error'): boolean {
  return cell === 'error' || outcomeBlocks('enforce', cell, 'fail');
}
