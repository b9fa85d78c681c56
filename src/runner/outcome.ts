import type { ChangeScope } from '../checks/changed.js';
import type { PlanModel } from '../plan/types.js';
import type { SourceModel } from '../source/types.js';
import type { Finding, Outcome } from '../report/types.js';

/**
 * What passes between the runner and the World of each scenario. The runner hands the modelled
 * plan in through cucumber's world parameters; the World hands each scenario's outcome back as an
 * attachment on cucumber's own message stream. No state is shared through a global, so the runner
 * and the steps need not even be the same copy of this module.
 */

/** What a scenario concluded. */
export interface ScenarioOutcome {
  status: Outcome;
  reason: string | undefined;
  findings: Finding[];
}

/** Media type of the attachment carrying a scenario's outcome (JSON), sent by the World's After hook. */
export const outcomeMediaType = 'application/vnd.guardrails.outcome+json';

/** What one run evaluates: the plan modelled once, and the sources. */
export interface RunInputs {
  plan: PlanModel;
  sources: SourceModel | undefined;
  /** Set for a changed-only run (`check --changed-only`). */
  changeScope?: ChangeScope | undefined;
}

/** The world parameters every World receives (a copy of them). */
export type GuardrailWorldParameters = { runId: string };

// Cucumber gives each scenario's World a structuredClone of the world parameters, which would copy
// the plan model for every scenario and strip its prototypes. Structured cloning copies enumerable
// properties only, so the inputs ride on a non-enumerable one: the World's copy carries just the run
// id, while the test-run hooks, which cucumber hands the original object, can read the inputs.
const inputsProperty = 'guardrailsRunInputs';

/** World parameters for one run: a run id, with the run's inputs beside it for the test-run hooks. */
export function worldParametersFor(runId: string, inputs: RunInputs): GuardrailWorldParameters {
  const parameters: GuardrailWorldParameters = { runId };
  Object.defineProperty(parameters, inputsProperty, { value: inputs, enumerable: false });
  return parameters;
}

/** The inputs on the original world parameters (as a BeforeAll hook sees them); undefined on a World's copy. */
export function runInputsOf(parameters: unknown): RunInputs | undefined {
  if (typeof parameters !== 'object' || parameters === null) return undefined;
  return (parameters as Record<string, RunInputs | undefined>)[inputsProperty];
}
