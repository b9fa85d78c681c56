import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import { loadPlan } from '../plan/index.js';
import type { FindingsReport, Outcome } from '../report/types.js';
import { checkPlan } from './check-plan.js';
import { FINDING_PLACEHOLDER, readExpectation, type ExampleExpectation } from './expectation.js';

export { readExpectation, type ExampleExpectation } from './expectation.js';

/** One example of a guardrail: a plan (and maybe sources) with the expected outcome. */
export interface GuardrailExample {
  name: string;
  dir: string;
  plan: string;
  hasSources: boolean;
  expectation: ExampleExpectation;
}

/** A guardrail feature with the examples beside it (`<dir>/examples/<case>/`). */
export interface GuardrailUnderTest {
  feature: string;
  examples: GuardrailExample[];
}

/** The verdict of running one example. */
export interface ExampleResult {
  example: GuardrailExample;
  ok: boolean;
  actualStatus: Outcome | undefined;
  problems: string[];
}

/** Finds every feature file under `target` (a file or directory) with its examples. */
export async function discoverGuardrails(target: string): Promise<GuardrailUnderTest[]> {
  const info = await stat(target).catch(() => undefined);
  if (!info) {
    throw new GuardrailsError('FILE_NOT_FOUND', 'does not exist.', { file: target, hint: 'Give a feature file or a directory of guardrails, e.g. features/.' });
  }
  const features = info.isDirectory() ? await findFeatures(target) : [target];
  if (features.length === 0) {
    throw new GuardrailsError('FILE_NOT_FOUND', 'holds no .feature files.', { file: target, hint: 'Give a feature file or a directory of guardrails.' });
  }
  return Promise.all(features.map(async (feature) => ({ feature, examples: await findExamples(path.join(path.dirname(feature), 'examples')) })));
}

async function findFeatures(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.feature'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes('examples'))
    .sort();
}

async function findExamples(examplesDir: string): Promise<GuardrailExample[]> {
  const entries = await readdir(examplesDir, { withFileTypes: true }).catch(() => []);
  const examples: GuardrailExample[] = [];
  for (const entry of entries.filter((candidate) => candidate.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(examplesDir, entry.name);
    const files = await readdir(dir);
    examples.push({
      name: entry.name,
      dir,
      plan: path.join(dir, 'tfplan.json'),
      hasSources: files.some((file) => file.endsWith('.tf') || file.endsWith('.tf.json')),
      expectation: await readExpectation(path.join(dir, 'expect.yaml')),
    });
  }
  return examples;
}

/** Runs one example through the whole gate (load, model, sources, cucumber) and compares with its expectation. */
export async function runExample(
  feature: string,
  example: GuardrailExample,
  options: { cwd: string; env: Readonly<Record<string, string | undefined>>; steps?: string[] },
): Promise<ExampleResult> {
  const loaded = await loadPlan(example.plan, { cwd: options.cwd, env: options.env });
  const report = await checkPlan(loaded, {
    sourceDir: example.hasSources ? example.dir : undefined,
    features: [feature],
    ...(options.steps ? { steps: options.steps } : {}),
    mode: 'as-tagged',
    onIndeterminate: 'fail',
    cwd: options.cwd,
    env: options.env,
  });
  return compare(example, report);
}

function compare(example: GuardrailExample, report: FindingsReport): ExampleResult {
  const guardrail = report.guardrails[0];
  const problems: string[] = [];
  const expected = example.expectation;
  if (!guardrail) {
    problems.push('the feature produced no guardrail result');
    return { example, ok: false, actualStatus: undefined, problems };
  }
  if (guardrail.status !== expected.status) {
    problems.push(`status is ${guardrail.status}; expected ${expected.status}`);
  }
  const reported = new Set(guardrail.findings.filter((finding) => finding.status !== 'waived').map((finding) => finding.address));
  for (const address of expected.findings) {
    if (address === FINDING_PLACEHOLDER) {
      problems.push(
        `expect.yaml still holds the placeholder ${FINDING_PLACEHOLDER}: write the address the guardrail must fail (its findings were for ${[...reported].join(', ') || 'nothing'})`,
      );
      continue;
    }
    if (!reported.has(address)) problems.push(`no finding for ${address}; findings were for ${[...reported].join(', ') || 'nothing'}`);
  }
  return { example, ok: problems.length === 0, actualStatus: guardrail.status, problems };
}

/** Convention problems of a guardrail's examples: it needs at least one compliant and one violating example. */
export function coverageProblems(guardrail: GuardrailUnderTest): string[] {
  const statuses = new Set(guardrail.examples.map((example) => example.expectation.status));
  const problems: string[] = [];
  if (!statuses.has('passed')) problems.push('has no compliant example (expect status: passed)');
  if (!statuses.has('failed')) problems.push('has no violating example (expect status: failed)');
  return problems;
}
