import type { Pickle, TestStepResult } from '@cucumber/messages';
import { GuardrailsError } from '../errors.js';
import type { Enforcement, Finding, GuardrailResult, Outcome, ScenarioResult, StepRecord } from '../report/types.js';
import { worstOutcome } from '../report/verdict.js';
import type { RunCollector } from './collect.js';
import type { ScenarioOutcome } from './outcome.js';
import { displayUri, guardrailId } from './validate.js';

/** Enforcement from tags: `@observe` wins over `@enforce`, and enforcement is the default. */
export function enforcementOf(tags: readonly string[], inherited: Enforcement = 'enforce'): Enforcement {
  if (tags.includes('@observe')) return 'observe';
  if (tags.includes('@enforce')) return 'enforce';
  return inherited;
}


/**
 * Builds one result per feature (guardrail) from what cucumber reported and what each scenario's
 * World concluded. `observeAll` turns every guardrail into an observed one (observation runs).
 */
export function assembleResults(
  collector: RunCollector,
  outcomes: ReadonlyMap<string, ScenarioOutcome>,
  options: { cwd: string; observeAll: boolean; isBuiltInStep: (stepDefinitionId: string) => boolean },
): GuardrailResult[] {
  const picklesByUri = new Map<string, Pickle[]>();
  for (const pickle of collector.pickles) {
    // Cucumber reports every pickle it compiled; only those with a test case survived --tags.
    if (!collector.testCases.has(pickle.id)) continue;
    const list = picklesByUri.get(pickle.uri) ?? [];
    list.push(pickle);
    picklesByUri.set(pickle.uri, list);
  }
  const results: GuardrailResult[] = [];
  for (const document of collector.documents) {
    const feature = document.feature;
    if (!feature || !document.uri) continue;
    const uri = displayUri(document.uri, options.cwd);
    const featureTags = feature.tags.map((tag) => tag.name);
    const enforcement: Enforcement = options.observeAll ? 'observe' : enforcementOf(featureTags);
    const scenarios = (picklesByUri.get(document.uri) ?? []).map((pickle) =>
      scenarioResult(collector, pickle, outcomes.get(pickle.id), enforcement, options),
    );
    // A feature whose scenarios were all filtered out by --tags is not part of this run.
    if (scenarios.length === 0) continue;
    results.push({
      id: guardrailId(uri, feature.name, featureTags, feature.location.line),
      title: feature.name,
      description: (feature.description ?? '').trim().replace(/\n\s+/g, '\n'),
      uri,
      enforcement,
      status: worstOutcome(scenarios.map((scenario) => scenario.status)),
      scenarios,
      findings: distinctFindings(scenarios.flatMap((scenario) => scenario.findings)),
    });
  }
  return results;
}

// Scenarios of one guardrail share a Background, so the same finding (e.g. an undecidable selection)
// can come from each of them; the guardrail lists it once.
function distinctFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.status, finding.address, finding.path, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function scenarioResult(
  collector: RunCollector,
  pickle: Pickle,
  outcome: ScenarioOutcome | undefined,
  featureEnforcement: Enforcement,
  options: { cwd: string; observeAll: boolean; isBuiltInStep: (stepDefinitionId: string) => boolean },
): ScenarioResult {
  const steps = stepRecords(collector, pickle, options.isBuiltInStep, options.cwd);
  // A scenario's own @enforce or @observe tag overrides its feature's (pickles also carry the feature's tags).
  const astScenario = collector.astScenarios.get(pickle.astNodeIds[0] ?? '');
  const enforcement = options.observeAll ? 'observe' : enforcementOf(astScenario?.tags ?? [], featureEnforcement);
  const line = astScenario?.line ?? 0;
  const findings: Finding[] = [...(outcome?.findings ?? [])];
  // A team's own step may fail by throwing its own assertion: that is a finding too, so that the
  // reason is visible wherever findings are shown.
  for (const step of steps) {
    if (step.status === 'failed' && step.error) {
      findings.push({ address: 'plan', type: 'plan', status: 'failed', path: '', message: `${step.text}: ${step.error}`, step: step.text });
    } else if (step.status === 'pending') {
      findings.push({ address: 'plan', type: 'plan', status: 'failed', path: '', message: `${step.text}: the step is pending (not implemented yet)`, step: step.text });
    }
  }
  const status: Outcome = outcome?.status ?? 'failed';
  const result: ScenarioResult = { name: pickle.name, line, enforcement, status, findings, steps };
  const reason = outcome ? outcome.reason : 'the scenario did not complete';
  if (reason) result.reason = reason;
  return result;
}

function stepRecords(collector: RunCollector, pickle: Pickle, isBuiltInStep: (id: string) => boolean, cwd: string): StepRecord[] {
  const testCase = collector.testCases.get(pickle.id);
  const results = collector.stepResults.get(pickle.id);
  return pickle.steps.map((pickleStep) => {
    const testStep = testCase?.testSteps.find((step) => step.pickleStepId === pickleStep.id);
    const result = testStep ? results?.get(testStep.id) : undefined;
    const record: StepRecord = {
      keyword: collector.astSteps.get(pickleStep.astNodeIds[0] ?? '')?.keyword ?? '*',
      text: pickleStep.text,
      status: stepStatus(result),
    };
    if (result?.status === 'FAILED') {
      if (result.exception?.type === 'GuardrailsError') {
        // The feature asked for something impossible (a malformed attribute path, a bad regex flag).
        const line = collector.astSteps.get(pickleStep.astNodeIds[0] ?? '')?.line;
        throw new GuardrailsError('FEATURE_INVALID', `step "${pickleStep.text}" cannot run: ${result.exception.message ?? ''}`, {
          file: `${displayUri(pickle.uri, cwd)}${line ? `:${line}` : ''}`,
          hint: 'Correct the step in the feature file; `guardrails steps` lists each step with an example.',
        });
      }
      const definitionId = testStep?.stepDefinitionIds?.[0];
      if (definitionId && isBuiltInStep(definitionId)) {
        // A built-in step never fails by throwing on a plan; if one does, it is a bug to report.
        throw new Error(`built-in step "${pickleStep.text}" crashed: ${result.exception?.message ?? result.message ?? 'no message'}`);
      }
      record.error = result.exception?.message ?? firstLine(result.message);
    }
    return record;
  });
}

function stepStatus(result: TestStepResult | undefined): StepRecord['status'] {
  switch (result?.status) {
    case 'PASSED':
      return 'passed';
    case 'FAILED':
      return 'failed';
    case 'UNDEFINED':
      return 'undefined';
    case 'AMBIGUOUS':
      return 'ambiguous';
    case 'PENDING':
      return 'pending';
    default:
      return 'skipped';
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? 'step failed').split('\n')[0]!;
}
