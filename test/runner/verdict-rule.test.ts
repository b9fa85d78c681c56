/**
 * The one verdict rule, enumerated: every combination of feature enforcement, scenario override,
 * scenario outcome, --on-indeterminate and waiver is built into a report the way a run builds it,
 * and every consumer (report verdict, exit code, each renderer, promotion) must agree with the rule.
 */
import { describe, expect, it } from 'vitest';
import { renderCheckJson } from '../../src/report/json.js';
import { renderCheckJunit } from '../../src/report/junit.js';
import { renderCheckMarkdown } from '../../src/report/markdown.js';
import { renderCheckSummary } from '../../src/report/summary.js';
import { checkToCucumber } from '../../src/report/html.js';
import { codeQualityIssues } from '../../src/report/codequality.js';
import type { Enforcement, Finding, FindingsReport, GuardrailResult, Outcome, ScenarioResult } from '../../src/report/types.js';
import { blocksPromotion, checkExitCode, worstOutcome } from '../../src/report/verdict.js';
import { buildObservationMatrix } from '../../src/observe/matrix.js';
import { decidePromotion } from '../../src/observe/promotion.js';
import { enforcementOf } from '../../src/runner/results.js';
import { buildFindingsReport } from '../../src/runner/report.js';
import { applyWaivers } from '../../src/waivers/apply.js';
import type { Waiver } from '../../src/waivers/types.js';
import { buildPlanModel } from '../../src/plan/index.js';
import { rawPlan } from '../support/raw-plan.js';
import { checkJson, feature, plan, stateBucket, workspace } from './harness.js';

const today = new Date('2026-06-01T00:00:00Z');
const address = 'aws_s3_bucket.logs';
const planModel = buildPlanModel({ raw: rawPlan({ resources: [] }), displayPath: 'tfplan.json', bytes: 0, origin: 'json' });

type WaiverCase = 'none' | 'unmatched' | 'matching' | 'expired';
interface Case {
  featureTag: Enforcement;
  scenarioTag: Enforcement | undefined;
  status: Outcome;
  onIndeterminate: 'fail' | 'warn';
  waiver: WaiverCase;
}

const cases: Case[] = [];
for (const featureTag of ['enforce', 'observe'] as const) {
  for (const scenarioTag of [undefined, 'enforce', 'observe'] as const) {
    for (const status of ['passed', 'failed', 'indeterminate', 'not-applicable'] as const) {
      for (const onIndeterminate of ['fail', 'warn'] as const) {
        for (const waiver of ['none', 'unmatched', 'matching', 'expired'] as const) cases.push({ featureTag, scenarioTag, status, onIndeterminate, waiver });
      }
    }
  }
}

/** The rule as the docs state it, written independently of the code under test. */
function expectedToBlock(c: Case): boolean {
  const enforced = (c.scenarioTag ?? c.featureTag) === 'enforce';
  const waived = c.waiver === 'matching';
  if (!enforced || waived) return false;
  return c.status === 'failed' || (c.status === 'indeterminate' && c.onIndeterminate === 'fail');
}

function waiversFor(c: Case): Waiver[] {
  if (c.waiver === 'none') return [];
  const base = { index: 0, file: 'waivers.yaml', guardrail: 'g', workload: 'payments', reason: 'migration', owner: 'alice' };
  if (c.waiver === 'unmatched') return [{ ...base, addresses: ['aws_s3_bucket.elsewhere'], expires: '2026-12-31' }];
  return [{ ...base, addresses: [address], expires: c.waiver === 'expired' ? '2026-01-01' : '2026-12-31' }];
}

/** A report built the way a run builds it: runner aggregation, runner report, then waivers. */
function reportFor(c: Case): FindingsReport {
  const findings: Finding[] =
    c.status === 'failed' || c.status === 'indeterminate'
      ? [{ address, type: 'aws_s3_bucket', status: c.status, path: 'bucket', message: `${address}: bucket is "x"; expected "y"` }]
      : [];
  const enforcement = enforcementOf([`@${c.featureTag}`]);
  const scenario: ScenarioResult = {
    name: 'judged',
    line: 4,
    enforcement: enforcementOf(c.scenarioTag ? [`@${c.scenarioTag}`] : [], enforcement),
    status: c.status,
    findings,
    steps: [],
  };
  if (c.status === 'not-applicable') scenario.reason = 'no aws_s3_bucket resources in this plan';
  if (c.status === 'indeterminate') scenario.reason = 'some values are known only after apply';
  // An enforced sibling that passes: the guardrail is enforced, whatever its other scenario says.
  const sibling: ScenarioResult = { name: 'sibling', line: 9, enforcement, status: 'passed', findings: [], steps: [] };
  const scenarios = [scenario, sibling];
  const guardrail: GuardrailResult = {
    id: 'g',
    title: 'Guardrail',
    description: '',
    uri: 'features/g.feature',
    enforcement,
    status: worstOutcome(scenarios.map((s) => s.status)),
    scenarios,
    findings,
  };
  const report = buildFindingsReport([guardrail], { plan: planModel, onIndeterminate: c.onIndeterminate, workload: 'payments' });
  return c.waiver === 'none' ? report : applyWaivers(report, waiversFor(c), { workload: 'payments', today });
}

const name = (c: Case): string =>
  `feature @${c.featureTag}, scenario ${c.scenarioTag ? `@${c.scenarioTag}` : 'untagged'}, ${c.status}, on-indeterminate ${c.onIndeterminate}, waiver ${c.waiver}`;

describe('one verdict rule: every consumer agrees', () => {
  it.each(cases.map((c) => [name(c), c] as const))('%s', (_name, c) => {
    const blocks = expectedToBlock(c);
    const report = reportFor(c);
    const verdict = blocks ? 'failed' : 'passed';
    expect(report.verdict).toBe(verdict);
    expect(checkExitCode(report)).toBe(blocks ? 1 : 0);
    expect((JSON.parse(renderCheckJson(report)) as FindingsReport).verdict).toBe(verdict);
    expect(renderCheckSummary(report)).toContain(`Verdict: ${verdict.toUpperCase()}`);
    expect(renderCheckJunit(report).includes('<failure')).toBe(blocks);
    expect(renderCheckMarkdown(report).startsWith(`### ${blocks ? '❌' : '✅'} Guardrails ${verdict}`)).toBe(true);
    expect(codeQualityIssues(report).some((issue) => issue.severity === 'critical' || issue.severity === 'major')).toBe(blocks);

    // A failed guardrail that does not block is shown as observed, in every format that labels it.
    const guardrail = report.guardrails[0]!;
    const observedFailure = guardrail.status === 'failed' && !blocks;
    expect(renderCheckSummary(report).includes('observed: would fail')).toBe(observedFailure);
    const outcome = checkToCucumber(report)[0]!.metadata.find((entry) => entry.name === 'Outcome')!.value;
    expect(outcome.includes('(observed: would fail)')).toBe(observedFailure);
    expect(renderCheckMarkdown(report).includes('(observed)')).toBe(observedFailure || (guardrail.status === 'indeterminate' && !blocks && (c.scenarioTag ?? c.featureTag) === 'observe'));
  });

  it.each(['passed', 'failed', 'indeterminate', 'not-applicable', 'error'] as const)(
    'promotion asks the same rule (as enforced, indeterminate failing) for a candidate %s on a workload',
    (cell) => {
      const blocks = cell === 'error' || expectedToBlock({ featureTag: 'enforce', scenarioTag: undefined, status: cell, onIndeterminate: 'fail', waiver: 'none' });
      expect(blocksPromotion(cell)).toBe(blocks);
      const evaluated = cell !== 'error';
      const row = reportFor({ featureTag: 'observe', scenarioTag: undefined, status: evaluated ? cell : 'passed', onIndeterminate: 'warn', waiver: 'none' });
      const workload = evaluated
        ? { name: 'payments', origin: 'local' as const, metadata: {}, status: 'evaluated' as const, report: row }
        : { name: 'payments', origin: 'local' as const, metadata: {}, status: 'error' as const, error: 'unreadable plan' };
      const other = { name: 'billing', origin: 'local' as const, metadata: {}, status: 'evaluated' as const, report: reportFor({ featureTag: 'observe', scenarioTag: undefined, status: 'passed', onIndeterminate: 'warn', waiver: 'none' }) };
      const observation = buildObservationMatrix([workload, other], { name: 'tofu-guardrails', version: 'test' });
      expect(observation.promotion.promotable).toBe(!blocks);
      expect(decidePromotion(observation, undefined).promote).toBe(!blocks);
    },
  );
});

describe('one verdict rule through guardrails check', () => {
  const SSE = 'aws_s3_bucket_server_side_encryption_configuration';
  const observedKms = feature(
    'kms-only',
    {
      '@observe KMS (observed)': [`Given the "${SSE}" resources`, `Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"`],
      'Bucket named': ['Given the "aws_s3_bucket" resources', 'Then its "bucket" matches /tfstate/'],
    },
    { tags: '@enforce' },
  );
  const waiverFile = (addresses: string): string =>
    `waivers:\n  - guardrail: kms-only\n    workload: payments\n    addresses: ['${addresses}']\n    reason: migration\n    owner: alice\n    expires: ${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}\n`;

  it('an @enforce feature whose failing scenario is @observe passes, with or without a waiver that matches nothing', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('AES256')), 'features/g.feature': observedKms, 'waivers.yaml': waiverFile('aws_s3_bucket.nothing') });
    const bare = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features']);
    expect([bare.code, bare.report.verdict]).toEqual([0, 'passed']);
    const waived = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features', '--waivers', 'waivers.yaml', '--workload', 'payments']);
    expect([waived.code, waived.report.verdict]).toEqual([0, 'passed']);
    // A workload's own file that the central waivers.yaml does not allow is ignored (and said so), never a verdict change.
    expect(waived.report.ignoredWaivers).toHaveLength(1);
  });
});
