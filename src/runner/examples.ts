import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GuardrailsError } from '../errors.js';
import { readInputText } from '../io/read-input.js';
import { loadPlan } from '../plan/index.js';
import type { FindingsReport, Outcome } from '../report/types.js';
import { checkPlan } from './check-plan.js';

const OUTCOMES: readonly Outcome[] = ['passed', 'failed', 'indeterminate', 'not-applicable'];
const EXPECT_KEYS: readonly string[] = ['description', 'status', 'findings'];
const EXPECT_EXAMPLE = 'Write, for example, `description: Rotation is off on the state key.`, `status: failed` and `findings: [aws_kms_key.state]`, each on a line of its own.';

/** What `expect.yaml` says one example must produce. */
export interface ExampleExpectation {
  description: string;
  status: Outcome;
  /** Addresses that must appear among the guardrail's non-passing findings. */
  findings: string[];
}

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

/** Reads and validates an `expect.yaml`. */
export async function readExpectation(file: string): Promise<ExampleExpectation> {
  const text = await readInputText(file, {
    display: file,
    kind: 'config',
    expected: 'an expect.yaml: every example needs one',
    missingHint: 'Write expect.yaml with `description:`, `status:` (passed, failed, indeterminate or not-applicable) and optional `findings:` addresses.',
  });
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new GuardrailsError('CONFIG_INVALID', `is not valid YAML: ${(error as Error).message}`, { file });
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new GuardrailsError('CONFIG_INVALID', 'is not a mapping of `description`, `status` and `findings`.', { file, hint: EXPECT_EXAMPLE });
  }
  const value = document as Record<string, unknown>;
  // A misspelt key (`finding:`, `statuss:`) would otherwise be ignored, and the example check less than it says.
  const unknownKeys = Object.keys(value).filter((key) => !EXPECT_KEYS.includes(key));
  if (unknownKeys.length > 0) {
    throw new GuardrailsError('CONFIG_INVALID', `has the unknown key ${unknownKeys.map((key) => `\`${key}\``).join(', ')}; expected only ${EXPECT_KEYS.map((key) => `\`${key}\``).join(', ')}.`, {
      file,
      hint: EXPECT_EXAMPLE,
    });
  }
  const status = value.status;
  if (typeof status !== 'string' || !OUTCOMES.includes(status as Outcome)) {
    throw new GuardrailsError('CONFIG_INVALID', `has status ${JSON.stringify(status)}; expected one of ${OUTCOMES.join(', ')}.`, {
      file,
      hint: 'Example: `status: failed`.',
    });
  }
  const findings = value.findings ?? [];
  if (!Array.isArray(findings) || findings.some((address) => typeof address !== 'string' || address.trim() === '')) {
    throw new GuardrailsError('CONFIG_INVALID', 'has `findings` that is not a list of resource addresses.', {
      file,
      hint: 'Example: `findings: [aws_s3_bucket_versioning.state]`.',
    });
  }
  // A violating example that names nothing would pass on any failure, even one for the wrong reason.
  if (status === 'failed' && findings.length === 0) {
    throw new GuardrailsError('CONFIG_INVALID', 'has `status: failed` without `findings`: a violating example names the addresses its guardrail must fail.', {
      file,
      hint: 'Example: `findings: [aws_s3_bucket_versioning.state]` (a resource address, a provider key, or the resource type for a "none found" failure).',
    });
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    throw new GuardrailsError('CONFIG_INVALID', 'has a `description` that is not text.', { file, hint: EXPECT_EXAMPLE });
  }
  return { description: value.description ?? '', status: status as Outcome, findings: findings as string[] };
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
