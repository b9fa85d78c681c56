import type { LoadedPlan } from '../../src/plan/types.js';
import type { FindingsReport } from '../../src/report/types.js';
import { loadSources } from '../../src/source/load.js';
import { fakeReport, type FakeOutcome } from './report-fixture.js';

/**
 * Stands in for the cucumber runner with two guardrails decided from the real plan and sources:
 * `no-delete` fails on every resource change that deletes; `sources-given` is indeterminate
 * without sources and passes when the sources declare resources.
 */
export async function fakeEvaluate(plan: LoadedPlan, sourceDir: string | undefined): Promise<FindingsReport> {
  const changes = (plan.raw.resource_changes ?? []) as Array<{ address: string; change: { actions: string[] } }>;
  const deletes = changes.filter((c) => c.change.actions.includes('delete')).map((c) => ({ address: c.address, status: 'failed' as const }));
  const noDelete: FakeOutcome = changes.length === 0 ? 'not-applicable' : { findings: deletes };
  let sources: FakeOutcome = 'indeterminate';
  if (sourceDir !== undefined) sources = (await loadSources(sourceDir)).declaredResources.size > 0 ? 'passed' : 'failed';
  return fakeReport(plan.displayPath, { 'no-delete': noDelete, 'sources-given': sources });
}
