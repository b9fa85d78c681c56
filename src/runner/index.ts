/** The guardrail runner: cucumber over one modelled plan, and what a run produces. */
export { evaluateGuardrails, bundledFeatures } from './run.js';
export { checkPlan, type CheckPlanOptions } from './check-plan.js';
export { buildFindingsReport, scenarioBlocks } from './report.js';
export { displayUri } from './validate.js';
export type { GuardrailRunOptions } from './types.js';
