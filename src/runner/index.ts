/** The guardrail runner: cucumber over one modelled plan, and what a run produces. */
export { evaluateGuardrails, bundledFeatures } from './run.js';
export { checkPlan, type CheckPlanOptions } from './check-plan.js';
export { buildFindingsReport } from './report.js';
export { scenarioBlocks } from '../report/verdict.js';
export { displayUri } from './validate.js';
export type { GuardrailRunOptions } from './types.js';
