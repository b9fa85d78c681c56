import { changeScope } from '../checks/changed.js';
import { buildPlanModel } from '../plan/index.js';
import type { LoadedPlan } from '../plan/types.js';
import type { FindingsReport } from '../report/types.js';
import { loadSources } from '../source/index.js';
import { locateFindings } from './locations.js';
import { buildFindingsReport } from './report.js';
import { evaluateGuardrails } from './run.js';

export interface CheckPlanOptions {
  /** Directory of the `.tf` sources; undefined when none are given (source-based checks are then indeterminate). */
  sourceDir: string | undefined;
  features: string[];
  tags?: string;
  steps?: string[];
  mode: 'as-tagged' | 'observe-all';
  onIndeterminate: 'fail' | 'warn';
  workload?: string;
  /** Judge only what the plan changes, and what is connected to it (`check --changed-only`). */
  changedOnly?: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Models a loaded plan (and its sources) once, evaluates the guardrails against it, and builds the findings report. */
export async function checkPlan(loaded: LoadedPlan, options: CheckPlanOptions): Promise<FindingsReport> {
  const plan = buildPlanModel(loaded);
  const configuration = plan.raw.configuration as { root_module?: { module_calls?: unknown } } | undefined;
  const sources =
    options.sourceDir === undefined
      ? undefined
      : await loadSources(options.sourceDir, { cwd: options.cwd, moduleCalls: configuration?.root_module?.module_calls });
  const scope = options.changedOnly === true ? changeScope(plan) : undefined;
  const guardrails = await evaluateGuardrails(
    {
      plan,
      sources,
      features: options.features,
      ...(options.tags !== undefined ? { tags: options.tags } : {}),
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      mode: options.mode,
      cwd: options.cwd,
      ...(scope !== undefined ? { changeScope: scope } : {}),
    },
    options.env,
  );
  const report = buildFindingsReport(guardrails, {
    plan,
    onIndeterminate: options.onIndeterminate,
    ...(options.workload !== undefined ? { workload: options.workload } : {}),
    ...(scope !== undefined ? { changeScope: scope } : {}),
  });
  return locateFindings(report, sources, { cwd: options.cwd, env: options.env });
}
