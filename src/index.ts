/**
 * The public API of tofu-guardrails, for a team's own step files (`guardrails check --steps`) and
 * for programs embedding the gate. Step files must take Given/When/Then from here, so that they
 * register with the same cucumber instance as the built-in steps.
 */
export { Given, When, Then, defineStep, teamSteps, type StepBody, type TeamStepSpec } from '../steps/team.js';
export { GuardrailWorld } from '../steps/support/world.js';
export type { StepSpec } from '../steps/registry.js';

export { GuardrailsError, ExitCode } from './errors.js';
export type * from './plan/types.js';
export { loadPlan, buildPlanModel, readPath, readValue, readDocument, queryJsonPath } from './plan/index.js';
export { loadSources } from './source/index.js';
export type * from './source/types.js';
export { parsePolicy, evaluateAccess, publicStatements, type AccessAnswer, type GrantingStatement, type PublicStatement, type Tri, type ParsePolicyResult, type PolicyDocument, type NormalizedStatement } from './iam/index.js';

export type { Subject, ResourceSubject, ProviderSubject, StatementSubject } from './checks/subject.js';
export { resourceSubject, providerSubject } from './checks/subject.js';
export { verdict, type Verdict } from './checks/verdict.js';
export { checkAttribute } from './checks/attributes.js';
export type { Comparison } from './checks/compare.js';
export { checkAttributeReferences, followReferencing, followReferenced } from './checks/references.js';
export { selectByType, selectByAddress, selectInModule, selectProviders } from './checks/select.js';

export { checkPlan, type CheckPlanOptions } from './runner/check-plan.js';
export type * from './report/types.js';
export { check, type CheckOptions, type CheckResult } from './runner/check.js';
export { outcomeBlocks, scenarioBlocks, guardrailBlocks, verdictOf, checkExitCode, worstOutcome } from './report/verdict.js';
