import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cli, repoRoot } from './harness.js';
import { availableUnlessCI } from '../support/ci.js';
import { corpusPlanFiles } from '../plan/plans.js';

// Every real plan of the corpus, checked with the bundled catalogue: a guardrail may pass, fail,
// be indeterminate or not apply, but a valid plan is never a usage error (2) or a crash (3).
// On the AWS plans, what the catalogue concludes is pinned by catalogue-corpus.verdicts.yaml.
const corpusPlans = path.resolve(repoRoot, '..', 'shared', 'corpus', 'plans');
// Refused on purpose: not JSON, or a plan whose apply would error (tested with the plan loader).
const refused = new Set(['opentofu-show/show-json__plan-error__output.json']);

const relative = (file: string): string => path.relative(corpusPlans, file).split(path.sep).join('/');
const plans = corpusPlanFiles().filter((file) => !refused.has(relative(file)));

type Status = 'passed' | 'failed' | 'indeterminate' | 'not-applicable';
type PinnedVerdict = Status | { status: Status; why: string };
const pinned = parseYaml(fs.readFileSync(path.join(repoRoot, 'test', 'runner', 'catalogue-corpus.verdicts.yaml'), 'utf8')) as Record<string, Record<string, PinnedVerdict>>;

/** A plan the table must cover: one with at least one change to an AWS resource. */
function isAwsPlan(file: string): boolean {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource_changes?: Array<{ type?: unknown }> };
  return (raw.resource_changes ?? []).some((change) => typeof change.type === 'string' && change.type.startsWith('aws_'));
}

/** The statuses a report gives, without the not-applicable ones (the table leaves those out). */
function applicableStatuses(guardrails: ReadonlyArray<{ id: string; status: Status }>): Record<string, Status> {
  return Object.fromEntries(guardrails.filter((g) => g.status !== 'not-applicable').map((g) => [g.id, g.status]));
}

describe('the pinned verdict table', () => {
  it('explains every failed or indeterminate verdict', () => {
    for (const [plan, verdicts] of Object.entries(pinned)) {
      for (const [id, verdict] of Object.entries(verdicts)) {
        if (typeof verdict === 'string') expect(verdict, `${plan} ${id}: a failed or indeterminate verdict needs { status, why }`).toBe('passed');
        else expect(verdict.why.length, `${plan} ${id}: why`).toBeGreaterThan(20);
      }
    }
  });
});

describe.runIf(availableUnlessCI(plans.length > 0, 'the shared plan corpus'))('guardrails check on every corpus plan', () => {
  it('finds the corpus, and the table covers exactly its AWS plans', () => {
    expect(plans.length).toBeGreaterThan(150);
    expect(Object.keys(pinned).sort()).toEqual(plans.filter(isAwsPlan).map(relative).sort());
  });

  it.each(plans.map((file) => [relative(file), file]))('%s exits 0 or 1, with the pinned verdicts', async (name, file) => {
    const result = await cli(repoRoot, ['check', '--plan', file, '--format', 'json:-']);
    expect(result.stderr, result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    const report = JSON.parse(result.stdout) as { guardrails: Array<{ id: string; status: Status }> };
    expect(report.guardrails.length).toBeGreaterThan(0);
    const expected = pinned[name];
    if (expected === undefined) return;
    const statuses = Object.fromEntries(Object.entries(expected).map(([id, verdict]) => [id, typeof verdict === 'string' ? verdict : verdict.status]));
    expect(applicableStatuses(report.guardrails), `${name}: update catalogue-corpus.verdicts.yaml if the change is intended`).toEqual(statuses);
  });

  it('the errored plan is refused with exit 2', async () => {
    const result = await cli(repoRoot, ['check', '--plan', path.join(corpusPlans, 'opentofu-show/show-json__plan-error__output.json')]);
    expect(result.code).toBe(2);
  });
});
