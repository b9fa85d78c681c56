/**
 * Every real plan in the shared corpus loads; the inputs that must not load are refused with
 * the right code. The corpus sits beside the repository (../shared/corpus).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../src/plan/load.js';
import { isGuardrailsError, type ErrorCode } from '../src/errors.js';
import { availableUnlessCI } from './support/ci.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const plansDir = path.join(corpus, 'plans');
const generatedDir = path.join(corpus, 'generated');

const NOT_PLANS = new Set(['MANIFEST.tsv', 'README.md', 'SKIPPED.tsv']);

/** Corpus files that must be refused, relative to the corpus root, with the expected code and words. */
const REFUSED: Readonly<Record<string, { code: ErrorCode; says: RegExp }>> = {
  'plans/_negative/infracost__plan_with_terraform_wrapper.json': { code: 'NOT_JSON', says: /wrapper.*terraform_wrapper: false/s },
  'plans/_negative/terraform-json__invalid__plan.json': { code: 'NOT_JSON', says: /line \d+, column \d+/ },
  // OpenTofu's own test expectation for a plan that failed: "errored": true.
  'plans/opentofu-show/show-json__plan-error__output.json': { code: 'ERRORED_PLAN', says: /errored/ },
  'generated/misc-errored-plan/plan.json': { code: 'ERRORED_PLAN', says: /incomplete/ },
};

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(corpus, path.join(entry.parentPath, entry.name)))
    .sort();
}

const corpusPlans = filesUnder(plansDir).filter((file) => !NOT_PLANS.has(path.basename(file)));
const generatedPlans = filesUnder(generatedDir).filter(
  (file) => file.endsWith('.json') && /^generated\/(lifecycle\/[^/]+|large-1500\/plan|large-10000\/plan|misc-[^/]+\/plan)\.json$/.test(file),
);

describe.runIf(availableUnlessCI(existsSync(corpus), 'the shared plan corpus'))('shared plan corpus', () => {
  it('holds the files this test expects', () => {
    expect(corpusPlans.length).toBeGreaterThanOrEqual(180);
    expect(generatedPlans).toEqual(
      expect.arrayContaining([
        'generated/large-1500/plan.json',
        'generated/large-10000/plan.json',
        'generated/misc-numbers-ephemeral/plan.json',
        'generated/misc-errored-plan/plan.json',
        'generated/lifecycle/01-create.json',
        'generated/lifecycle/05-destroy.json',
      ]),
    );
    for (const file of Object.keys(REFUSED)) expect([...corpusPlans, ...generatedPlans]).toContain(file);
  });

  it.each([...corpusPlans, ...generatedPlans].filter((file) => !(file in REFUSED)))('loads %s', async (file) => {
    const plan = await loadPlan(file, { cwd: corpus });
    expect(plan.origin).toBe('json');
    expect(plan.displayPath).toBe(file);
    expect(plan.raw.format_version).toMatch(/^(0|1)\.\d+$/);
    expect(plan.bytes).toBeGreaterThan(0);
  });

  it.each(Object.entries(REFUSED))('refuses %s', async (file, expected) => {
    const error: unknown = await loadPlan(file, { cwd: corpus }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isGuardrailsError(error)).toBe(true);
    if (!isGuardrailsError(error)) return;
    expect(error.code).toBe(expected.code);
    expect(error.file).toBe(file);
    expect(error.toUserMessage()).toMatch(expected.says);
    expect(error.toUserMessage()).not.toMatch(/\n\s+at /);
  });
});
