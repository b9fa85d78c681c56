/**
 * `guardrails steps` through the built binary, and proof that every documented example is a step
 * that works: each example, written as a scenario line, must match exactly one built-in step.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../src/report/types.js';
import { describeRun, expectUserError, repoRoot, runGuardrails, tempDir } from './cli.js';

interface ListedStep {
  keyword: string;
  expression: string;
  description: string;
  example: string;
}

const PLAN = path.join(repoRoot, 'examples', 'infra-account', 'tfplan.json');
/** A selection that finds resources in the plan, so the steps after it run rather than being skipped. */
const SELECTION = 'Given the "aws_s3_bucket" resources';

/**
 * The step after SELECTION narrows it to nothing, so the example is matched but skipped: examples
 * name attributes of many resource types, which run against buckets would be refused as typos.
 */
const NOTHING = 'And those whose planned action is "forget"';
/** Every scenario must judge: a scenario without a Then step is a feature error. */
const JUDGE = 'Then there are at least 0 of them';

/** One guardrail per example: the example alone when it selects, else after a selection. */
function featureFor(index: number, step: ListedStep): string {
  const lines = step.example.startsWith('Given ') ? [step.example] : [SELECTION, NOTHING, step.example];
  if (!lines.some((line) => line.startsWith('Then '))) lines.push(JUDGE);
  return [`@id:step-${index} @enforce`, `Feature: example of "${step.keyword} ${step.expression}"`, '', '  Scenario: the example', ...lines.map((line) => `    ${line}`), ''].join('\n');
}

/** The line featureFor puts the example on. */
function exampleLine(step: ListedStep): number {
  return step.example.startsWith('Given ') ? 5 : 7;
}

/** The example without its leading keyword (Given, When, Then, And, But), as a step record holds it. */
function stepText(example: string): string {
  return example.replace(/^(Given|When|Then|And|But) /, '');
}

describe('guardrails steps', () => {
  let steps: ListedStep[];
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('steps');
    const result = await runGuardrails(['steps', '--json']);
    expect(result.code, describeRun(['steps', '--json'], result)).toBe(0);
    steps = (JSON.parse(result.stdout) as { steps: ListedStep[] }).steps;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('--json gives every step a keyword, expression, description and example', () => {
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(['Given', 'When', 'Then'], JSON.stringify(step)).toContain(step.keyword);
      for (const field of ['expression', 'description', 'example'] as const) {
        expect(typeof step[field] === 'string' && step[field].trim() !== '', `${field} of ${JSON.stringify(step)}`).toBe(true);
      }
      expect(step.example, JSON.stringify(step)).toMatch(/^(Given|When|Then|And|But) \S/);
    }
    expect(new Set(steps.map((step) => `${step.keyword} ${step.expression}`)).size).toBe(steps.length);
  });

  it('the text listing shows every step with its description and example', async () => {
    const result = await runGuardrails(['steps']);
    expect(result.code, describeRun(['steps'], result)).toBe(0);
    for (const step of steps) {
      expect(result.stdout).toContain(`${step.keyword} ${step.expression}\n`);
      expect(result.stdout).toContain(step.description);
      expect(result.stdout).toContain(`e.g. ${step.example}\n`);
    }
  });

  it('every example matches exactly one built-in step', async () => {
    const features = path.join(dir, 'examples');
    await mkdir(features, { recursive: true });
    await Promise.all(steps.map((step, index) => writeFile(path.join(features, `step-${index}.feature`), featureFor(index, step))));
    // One run over all the features: an undefined or ambiguous step anywhere makes the whole run
    // exit 2 naming its file and line, so exit 0 or 1 proves every example matched exactly one step.
    const out = path.join(dir, 'examples.json');
    const args = ['check', '--plan', PLAN, '--features', features, '--format', `json:${out}`];
    const result = await runGuardrails(args);
    expect([0, 1], describeRun(args, result)).toContain(result.code);
    expect(result.stderr, describeRun(args, result)).toBe('');

    const report = JSON.parse(await readFile(out, 'utf8')) as FindingsReport;
    expect(report.guardrails).toHaveLength(steps.length);
    steps.forEach((step, index) => {
      const records = report.guardrails.find((guardrail) => guardrail.id === `step-${index}`)?.scenarios[0]?.steps ?? [];
      const record = records.find((candidate) => candidate.text === stepText(step.example));
      expect(record, `step-${index}: ${step.example} in ${JSON.stringify(records)}`).toBeDefined();
      expect(['undefined', 'ambiguous', 'pending']).not.toContain(record?.status);
    });
  });

  describe('the proof can fail', () => {
    it('an example that matches no step exits 2', async () => {
      const features = path.join(dir, 'undefined');
      await mkdir(features, { recursive: true });
      const unknown: ListedStep = { keyword: 'Then', expression: '-', description: '-', example: 'Then its flux capacitor is charged' };
      await writeFile(path.join(features, 'undefined.feature'), featureFor(0, unknown));
      const result = await runGuardrails(['check', '--plan', PLAN, '--features', 'undefined.feature'], { cwd: features });
      expectUserError(result, `undefined.feature:${exampleLine(unknown)}`, /no step matches "its flux capacitor is charged"/);
    });

    it('an example that matches two steps exits 2', async () => {
      const features = path.join(dir, 'ambiguous');
      await mkdir(features, { recursive: true });
      const then = steps.find((step) => step.keyword === 'Then');
      expect(then).toBeDefined();
      const text = stepText(then?.example ?? '');
      // A team's own step file that defines the example's exact text a second time.
      const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const api = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'index.js')).href;
      await writeFile(path.join(features, 'duplicate.steps.mjs'), `import { Then } from ${JSON.stringify(api)};\nThen(/^${escaped}$/, function () {});\n`);
      await writeFile(path.join(features, 'ambiguous.feature'), featureFor(0, then as ListedStep));
      const result = await runGuardrails(['check', '--plan', PLAN, '--features', 'ambiguous.feature', '--steps', 'duplicate.steps.mjs'], { cwd: features });
      expectUserError(result, `ambiguous.feature:${exampleLine(then as ListedStep)}`, /matches 2 steps/);
    });
  });
});
