/**
 * Masks sensitive values in the findings of a run, once, before any renderer sees them: every
 * format (summary, json, junit, html, codequality, markdown) renders the masked findings, so a new
 * step or a new format cannot leak what the plan marks sensitive. Checks already show a value they
 * read as sensitive as `(sensitive)`; this catches what reaches text any other way (a value quoted
 * from a policy, a map key in a path, a parse error's excerpt, a custom step's error).
 */
import { Redactor, type PlanSecrets } from '../plan/sensitive.js';
import type { Finding, GuardrailResult, ScenarioResult, StepRecord } from './types.js';

/** The guardrail results with every secret of the plan masked in findings, reasons and step errors. */
export function maskSensitive(guardrails: readonly GuardrailResult[], secrets: PlanSecrets): GuardrailResult[] {
  if (secrets.all.length === 0) return [...guardrails];
  const planWide = new Redactor(secrets.all, { excerpts: false });
  const perResource = new Map<string, Redactor>();
  const redactorFor = (address: string): Redactor => {
    const own = secrets.byAddress.get(address);
    if (own === undefined) return planWide;
    let redactor = perResource.get(address);
    if (redactor === undefined) {
      // A finding about a resource may quote a piece of its own secret: mask excerpts too.
      redactor = new Redactor([...own, ...secrets.all], { excerpts: true });
      perResource.set(address, redactor);
    }
    return redactor;
  };
  // A guardrail lists its scenarios' findings again; mask each finding once so both lists agree.
  const masked = new Map<Finding, Finding>();
  const maskFinding = (finding: Finding): Finding => {
    const done = masked.get(finding);
    if (done !== undefined) return done;
    const redactor = redactorFor(finding.address);
    const result: Finding = { ...finding, path: redactor.redact(finding.path), message: redactor.redact(finding.message) };
    if (finding.expected !== undefined) result.expected = redactor.redact(finding.expected);
    if (finding.actual !== undefined) result.actual = redactor.redact(finding.actual);
    if (finding.step !== undefined) result.step = planWide.redact(finding.step);
    masked.set(finding, result);
    return result;
  };
  const maskStep = (step: StepRecord): StepRecord => (step.error === undefined ? step : { ...step, error: planWide.redact(step.error) });
  const maskScenario = (scenario: ScenarioResult): ScenarioResult => {
    const result: ScenarioResult = { ...scenario, findings: scenario.findings.map(maskFinding), steps: scenario.steps.map(maskStep) };
    if (scenario.reason !== undefined) result.reason = planWide.redact(scenario.reason);
    return result;
  };
  return guardrails.map((guardrail) => ({
    ...guardrail,
    scenarios: guardrail.scenarios.map(maskScenario),
    findings: guardrail.findings.map(maskFinding),
  }));
}
