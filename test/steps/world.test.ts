import { afterEach, describe, expect, it } from 'vitest';
import { closeRun, GuardrailWorld, openRun } from '../../steps/support/world.js';
import { outcomeMediaType, worldParametersFor, type ScenarioOutcome } from '../../src/runner/outcome.js';
import { checkAttribute } from '../../src/checks/attributes.js';
import { selectByType } from '../../src/checks/select.js';
import { verdict } from '../../src/checks/verdict.js';
import type { PlanModel } from '../../src/plan/types.js';
import { GuardrailsError } from '../../src/errors.js';
import { planWith } from '../support/raw-plan.js';

const model = planWith([
  { address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate' } },
  { address: 'aws_s3_bucket.logs', values: { bucket: 'acme-logs' } },
  { address: 'aws_s3_bucket.pending', values: {}, unknown: { bucket: true } },
  { address: 'aws_s3_bucket.old', actions: ['delete'], values: { bucket: 'acme-old-tfstate' } },
]);

const opened: Array<{ runId: string }> = [];
afterEach(() => opened.splice(0).forEach(closeRun));

let runs = 0;

/** A World of a run opened as the BeforeAll hook opens it; what it attaches is kept. */
function worldFor(plan: PlanModel = model): { world: GuardrailWorld; attachments: Array<{ data: unknown; mediaType: unknown }> } {
  const parameters = worldParametersFor(`run-${++runs}`, { plan, sources: undefined });
  openRun(parameters);
  opened.push(parameters);
  const attachments: Array<{ data: unknown; mediaType: unknown }> = [];
  const attach = ((data: unknown, mediaType: unknown) => {
    attachments.push({ data, mediaType });
  }) as never;
  // Cucumber hands each World a structured clone of the parameters: the run id only.
  const world = new GuardrailWorld({ parameters: structuredClone(parameters), attach, log: () => undefined, link: () => undefined });
  world.currentStep = 'a step';
  return { world, attachments };
}
const buckets = () => selectByType(model, 'aws_s3_bucket');
const named = (world: GuardrailWorld, pattern: RegExp) =>
  world.subjects.map((subject) => checkAttribute(model, subject, 'bucket', { op: 'matches', pattern }));

describe('GuardrailWorld', () => {
  it('refuses to be created outside a run', () => {
    expect(() => new GuardrailWorld({ parameters: { runId: 'run-nope' }, attach: (() => undefined) as never, log: () => undefined, link: () => undefined })).toThrow(
      /outside a tofu-guardrails run/,
    );
  });

  it('tells the author to select before judging', () => {
    const { world } = worldFor();
    expect(() => world.subjects).toThrow(GuardrailsError);
    expect(() => world.subjects).toThrow(/no resources are selected yet: start the scenario \(or its Background\) with a "Given the \.\.\." step/);
  });

  it('an empty selection skips the rest and makes the scenario not-applicable, naming what was missing', () => {
    const { world } = worldFor();
    expect(world.select(selectByType(model, 'aws_cloudtrail'), 'aws_cloudtrail resources')).toBe('skipped');
    expect(world.outcome(false)).toEqual({ status: 'not-applicable', reason: 'no aws_cloudtrail resources in this plan', findings: [] });
  });

  it('narrowing keeps the passing subjects; an undecidable one becomes an indeterminate finding, not a silent drop', () => {
    const { world } = worldFor();
    expect(world.select(buckets(), 'aws_s3_bucket resources')).toBeUndefined();
    expect(world.narrow(named(world, /tfstate/), 'whose bucket matches /tfstate/')).toBeUndefined();
    expect(world.subjects.map((subject) => subject.address)).toEqual(['aws_s3_bucket.state', 'aws_s3_bucket.old']);
    expect(world.subjectsAfterApply.map((subject) => subject.address)).toEqual(['aws_s3_bucket.state']);
    const outcome = world.outcome(false);
    expect(outcome.status).toBe('indeterminate');
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        address: 'aws_s3_bucket.pending',
        status: 'indeterminate',
        message: 'aws_s3_bucket.pending: cannot tell whether it is selected, because bucket is known only after apply; expected a match for /tfstate/',
        step: 'a step',
      }),
    ]);
  });

  it('narrowing to nothing is not-applicable with the whole selection in the reason', () => {
    const { world } = worldFor();
    world.select(buckets(), 'aws_s3_bucket resources');
    expect(world.narrow(named(world, /^audit-/).filter((v) => v.status !== 'indeterminate'), 'whose bucket matches /^audit-/')).toBe('skipped');
    const outcome = world.outcome(false);
    expect(outcome.status).toBe('not-applicable');
    expect(outcome.reason).toContain('aws_s3_bucket resources');
    expect(outcome.reason).toContain('/^audit-/');
  });

  it('after "I require at least one of them", narrowing to nothing fails with a finding', () => {
    const { world } = worldFor();
    world.select(buckets(), 'aws_s3_bucket resources');
    world.requireAtLeastOne();
    expect(world.narrow([], 'whose bucket matches /^audit-/')).toBe('skipped');
    const outcome = world.outcome(false);
    expect(outcome.status).toBe('failed');
    expect(outcome.findings[0]).toMatchObject({ address: 'aws_s3_bucket', type: 'aws_s3_bucket', status: 'failed', expected: 'at least one', actual: 'none' });
  });

  const outcomes: Array<[string, Array<'passed' | 'failed' | 'indeterminate'>, boolean, ScenarioOutcome['status']]> = [
    ['all passed', ['passed', 'passed'], false, 'passed'],
    ['one indeterminate', ['passed', 'indeterminate'], false, 'indeterminate'],
    ['failed wins over indeterminate', ['indeterminate', 'failed'], false, 'failed'],
    ['a failed step fails the scenario even without findings', ['passed'], true, 'failed'],
  ];
  it.each(outcomes)('judge → outcome: %s', (_name, statuses, stepFailed, status) => {
    const { world } = worldFor();
    world.select(buckets(), 'aws_s3_bucket resources');
    world.judge(statuses.map((s) => verdict(world.subjects[0]!, s, 'bucket', s)));
    const outcome = world.outcome(stepFailed);
    expect(outcome.status).toBe(status);
    // Only what did not pass is a finding.
    expect(outcome.findings.map((finding) => finding.status)).toEqual(statuses.filter((s) => s !== 'passed'));
  });

  it('records its outcome as an attachment for the runner', () => {
    const { world, attachments } = worldFor();
    world.select(buckets(), 'aws_s3_bucket resources');
    world.recordOutcome(false);
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!.mediaType).toBe(outcomeMediaType);
    expect((JSON.parse(attachments[0]!.data as string) as ScenarioOutcome).status).toBe('passed');
  });

  it('a pivot replaces the selection and is judged from there', () => {
    const { world } = worldFor();
    world.select(buckets(), 'aws_s3_bucket resources');
    world.pivot([], 'aws_s3_bucket_policy resources referencing them');
    expect(world.subjects).toEqual([]);
    expect(world.outcome(false).status).toBe('passed');
  });
});
