/**
 * Scenario outcomes travel from the World to the runner as attachments on cucumber's message
 * stream, and the plan reaches the World through the world parameters: no global registry.
 */
import type { Envelope } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { buildPlanModel } from '../../src/plan/index.js';
import { RunCollector } from '../../src/runner/collect.js';
import { outcomeMediaType, runInputsOf, worldParametersFor, type ScenarioOutcome } from '../../src/runner/outcome.js';
import { rawPlan } from '../support/raw-plan.js';
import { checkJson, feature, plan, stateBucket, workspace } from './harness.js';

const outcome: ScenarioOutcome = {
  status: 'failed',
  reason: undefined,
  findings: [{ address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', status: 'failed', path: 'bucket', message: 'aws_s3_bucket.a: bucket is "x"; expected "y"' }],
};

/** The envelopes cucumber emits for one test case whose After hook (step h1) attaches an outcome. */
function testCaseEnvelopes(attachingStep: string): Envelope[] {
  return [
    { testCase: { id: 'tc1', pickleId: 'p1', testRunStartedId: 'r1', testSteps: [{ id: 's1', pickleStepId: 'ps1', stepDefinitionIds: ['d1'], stepMatchArgumentsLists: [] }, { id: 'h1', hookId: 'hook1' }] } },
    { testCaseStarted: { id: 'tcs1', testCaseId: 'tc1', attempt: 0, timestamp: { seconds: 0, nanos: 0 } } },
    { attachment: { body: JSON.stringify(outcome), contentEncoding: 'IDENTITY', mediaType: outcomeMediaType, testCaseStartedId: 'tcs1', testStepId: attachingStep } },
  ] as Envelope[];
}

describe('outcomes on the message stream', () => {
  it('the collector takes a scenario outcome from the attachment of a hook', () => {
    const collector = new RunCollector();
    for (const envelope of testCaseEnvelopes('h1')) collector.onMessage(envelope);
    expect(collector.outcomes.get('p1')).toEqual(outcome);
  });

  it('ignores an outcome attached by a step rather than by the hook', () => {
    const collector = new RunCollector();
    for (const envelope of testCaseEnvelopes('s1')) collector.onMessage(envelope);
    expect(collector.outcomes.size).toBe(0);
  });

  it('a run leaves nothing on globalThis', async () => {
    const before = Object.getOwnPropertySymbols(globalThis).map(String);
    const cwd = workspace({
      'tfplan.json': plan(stateBucket('AES256')),
      'features/g.feature': feature('kms-only', {
        KMS: ['Given the "aws_s3_bucket_server_side_encryption_configuration" resources', 'Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"'],
      }),
    });
    const { code, report } = await checkJson(cwd, ['--plan', 'tfplan.json', '--features', 'features']);
    expect([code, report.guardrails[0]!.status]).toEqual([1, 'failed']);
    expect(report.guardrails[0]!.findings[0]!.actual).toBe('"AES256"');
    expect(Object.getOwnPropertySymbols(globalThis).map(String).filter((symbol) => !before.includes(symbol) && /guardrails/i.test(symbol))).toEqual([]);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('tofu-guardrails.run-contexts')]).toBeUndefined();
  });
});

describe('world parameters', () => {
  it('carry the plan model to the test-run hooks, but not into the copy each World gets', () => {
    const model = buildPlanModel({ raw: rawPlan({ resources: [] }), displayPath: 'tfplan.json', bytes: 0, origin: 'json' });
    const parameters = worldParametersFor('run-1', { plan: model, sources: undefined });
    expect(runInputsOf(parameters)?.plan).toBe(model);
    // What cucumber hands each World: a structured clone, which must not copy the model per scenario.
    const copy = structuredClone(parameters);
    expect(copy).toEqual({ runId: 'run-1' });
    expect(runInputsOf(copy)).toBeUndefined();
  });
});
