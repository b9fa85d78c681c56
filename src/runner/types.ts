import type { ChangeScope } from '../checks/changed.js';
import type { PlanModel } from '../plan/types.js';
import type { SourceModel } from '../source/types.js';

/** Everything one evaluation of guardrails against one plan needs. */
export interface GuardrailRunOptions {
  plan: PlanModel;
  /** `.tf` sources; undefined when none were given (source-based checks are then indeterminate). */
  sources: SourceModel | undefined;
  /** Feature files or directories. */
  features: string[];
  /** Cucumber tag expression to select guardrails. */
  tags?: string;
  /** Extra step-definition files (globs) loaded beside the built-in ones. */
  steps?: string[];
  /** `observe-all` treats every guardrail as @observe (observation runs). */
  mode: 'as-tagged' | 'observe-all';
  cwd: string;
  /** Set for a changed-only run: selections keep only what it judges. */
  changeScope?: ChangeScope;
}
