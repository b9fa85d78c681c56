/**
 * `guardrails plan show` through the built binary: every readable plan of the shared corpus is
 * summarised (text and JSON) with exit 0, and every input that is not a readable plan is refused
 * with exit 2 and one `error:` paragraph, never a stack trace.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../support/terraform-fixture.js';
import { corpusDir, describeRun, expectUserError, repoRoot, runGuardrails, tempDir, type CliResult } from './cli.js';
import { availableUnlessCI } from '../support/ci.js';

/** Corpus plans that are not readable plans, relative to the corpus; refused in the table below. */
const ERRORED_PLANS = ['plans/opentofu-show/show-json__plan-error__output.json', 'generated/misc-errored-plan/plan.json'];

/** The top-level fields docs/plan-show.md documents for `--json`, in order. */
const SHOW_FIELDS = [
  'plan',
  'formatVersion',
  'terraformVersion',
  'tool',
  'resourceInstances',
  'changes',
  'types',
  'modules',
  'providers',
  'unknownAttributes',
  'dataSourcesRead',
];
const CHANGE_KINDS = ['create', 'update', 'replace', 'delete', 'read', 'no-op', 'forget'];

/** Every plan JSON file of the corpus that must be readable, as paths relative to the repository. */
function readablePlans(): string[] {
  const plans = readdirSync(path.join(corpusDir, 'plans'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}_negative${path.sep}`));
  const generated = readdirSync(path.join(corpusDir, 'generated'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  const errored = new Set(ERRORED_PLANS.map((file) => path.join(corpusDir, file)));
  return [...plans, ...generated]
    .filter((file) => !errored.has(file))
    .map((file) => path.relative(repoRoot, file))
    .sort();
}

/** What is wrong with one `plan show` run on a readable plan, or nothing. */
function problemsWithText(file: string, result: CliResult): string[] {
  const problems: string[] = [];
  if (result.code !== 0) problems.push(`exit ${result.code}`);
  if (result.stderr !== '') problems.push(`stderr: ${result.stderr.trim()}`);
  if (result.stdout.split('\n', 1)[0]?.replace(/^Plan\s+/, '') !== file) problems.push('stdout does not start with the Plan line');
  for (const heading of ['\nChanges\n', '\nResource types\n']) {
    if (!result.stdout.includes(heading)) problems.push(`no ${heading.trim()} section`);
  }
  return problems;
}

function problemsWithJson(file: string, rawFormatVersion: unknown, result: CliResult, textInstances: string | undefined): string[] {
  if (result.code !== 0 || result.stderr !== '') return [`exit ${result.code}, stderr: ${result.stderr.trim()}`];
  let summary: Record<string, unknown>;
  try {
    summary = JSON.parse(result.stdout) as Record<string, unknown>;
  } catch (error) {
    return [`stdout is not JSON: ${String(error)}`];
  }
  const problems: string[] = [];
  if (JSON.stringify(Object.keys(summary)) !== JSON.stringify(SHOW_FIELDS)) problems.push(`fields ${Object.keys(summary).join(', ')}`);
  if (summary.plan !== file) problems.push(`plan is ${String(summary.plan)}`);
  if (summary.formatVersion !== rawFormatVersion) problems.push(`formatVersion ${String(summary.formatVersion)}, file says ${String(rawFormatVersion)}`);
  if (!['opentofu', 'terraform', 'unknown'].includes(summary.tool as string)) problems.push(`tool ${String(summary.tool)}`);
  const changes = summary.changes as Record<string, unknown> | undefined;
  if (JSON.stringify(Object.keys(changes ?? {})) !== JSON.stringify(CHANGE_KINDS)) problems.push('changes lack the seven kinds in order');
  for (const list of ['types', 'modules', 'providers']) if (!Array.isArray(summary[list])) problems.push(`${list} is not a list`);
  for (const count of ['resourceInstances', 'unknownAttributes', 'dataSourcesRead']) {
    if (!Number.isInteger(summary[count]) || (summary[count] as number) < 0) problems.push(`${count} is ${String(summary[count])}`);
  }
  // The text and the JSON describe the same model.
  if (textInstances !== undefined && String(summary.resourceInstances) !== textInstances) {
    problems.push(`resourceInstances ${String(summary.resourceInstances)} but the text says ${textInstances}`);
  }
  return problems;
}

describe.runIf(availableUnlessCI(existsSync(corpusDir), 'the shared plan corpus'))('plan show on the shared corpus', () => {
  it('summarises every readable plan, as text and as JSON', { timeout: 600_000 }, async () => {
    const files = readablePlans();
    // The corpus holds 180 plans beside the negatives, and the generated directory 8 readable ones.
    expect(files.length).toBeGreaterThanOrEqual(180 - ERRORED_PLANS.length + 8);
    expect(files).toContain(path.join('..', 'shared', 'corpus', 'generated', 'large-10000', 'plan.json'));
    // Every run is a whole Node start (CPU-bound): one process per core, at least two, at most four
    // so that the other end-to-end files running beside this one still get a core.
    const limit = pLimit(Math.min(4, Math.max(2, os.availableParallelism())));
    const failures = await Promise.all(
      files.map((file) =>
        limit(async () => {
          const raw = JSON.parse(await readFile(path.join(repoRoot, file), 'utf8')) as { format_version?: unknown };
          const text = await runGuardrails(['plan', 'show', file]);
          const json = await runGuardrails(['plan', 'show', '--json', file]);
          const textInstances = /^Resource instances\s+(\d+)$/m.exec(text.stdout)?.[1];
          const problems = [...problemsWithText(file, text), ...problemsWithJson(file, raw.format_version, json, textInstances)];
          return problems.length === 0 ? undefined : `${file}: ${problems.join('; ')}`;
        }),
      ),
    );
    expect(failures.filter((failure) => failure !== undefined)).toEqual([]);
  });
});

/** A bad input: how to make it (in the temp dir), the name given on the command line, and what the message must say. */
interface BadInput {
  name: string;
  arg: string;
  make?: (dir: string) => Promise<void>;
  says: RegExp;
}

const corpusFile = (relative: string): string => path.join('..', 'shared', 'corpus', relative);
const infraPlan = path.join(repoRoot, 'examples', 'infra-account', 'tfplan.json');

const BAD_INPUTS: readonly BadInput[] = [
  {
    name: 'a plan behind a CI wrapper command line',
    arg: corpusFile('plans/_negative/infracost__plan_with_terraform_wrapper.json'),
    says: /wrapper.*terraform_wrapper: false/s,
  },
  { name: 'invalid JSON', arg: corpusFile('plans/_negative/terraform-json__invalid__plan.json'), says: /not valid JSON: at line \d+, column \d+/ },
  { name: "OpenTofu's errored plan", arg: corpusFile(ERRORED_PLANS[0] as string), says: /"errored": true/ },
  { name: 'a generated errored plan', arg: corpusFile(ERRORED_PLANS[1] as string), says: /"errored": true/ },
  { name: 'an empty file', arg: 'empty.json', make: (dir) => writeFile(path.join(dir, 'empty.json'), ''), says: /is empty; expected plan JSON/ },
  {
    name: 'a plan cut in half',
    arg: 'truncated.json',
    make: async (dir) => {
      const whole = await readFile(infraPlan);
      await writeFile(path.join(dir, 'truncated.json'), whole.subarray(0, Math.floor(whole.length / 2)));
    },
    says: /looks cut off/,
  },
  { name: 'a state file', arg: corpusFile('generated/lifecycle/src/seed/terraform.tfstate'), says: /is a state file .*not a plan/ },
  {
    name: 'show -json of a state',
    arg: 'state-show.json',
    make: (dir) => writeFile(path.join(dir, 'state-show.json'), '{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}\n'),
    says: /JSON of a state/,
  },
  {
    name: 'a plan in format 2.0',
    arg: 'format-2.json',
    make: async (dir) => {
      const plan = JSON.parse(await readFile(infraPlan, 'utf8')) as Record<string, unknown>;
      await writeFile(path.join(dir, 'format-2.json'), JSON.stringify({ ...plan, format_version: '2.0' }));
    },
    says: /format_version "2\.0".*supported format versions are/s,
  },
  { name: 'a missing file', arg: 'missing.json', says: /does not exist/ },
  { name: 'a directory', arg: 'a-directory', make: (dir) => mkdir(path.join(dir, 'a-directory')), says: /is a directory/ },
];

describe('plan show refuses what is not a readable plan', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('bad-input');
    for (const input of BAD_INPUTS) await input.make?.(dir);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Inputs taken from the corpus run only where it is.
  const inputs = BAD_INPUTS.filter((input) => input.make !== undefined || !input.arg.startsWith('..') || existsSync(corpusDir));
  it.each(inputs.flatMap((input) => [{ ...input, json: false }, { ...input, json: true }]))(
    '$name (json: $json)',
    async ({ arg, make, says, json }) => {
      // Files made here are named relative to the temp dir, corpus files relative to the repository.
      const cwd = make !== undefined || !arg.startsWith('..') ? dir : repoRoot;
      const args = ['plan', 'show', ...(json ? ['--json'] : []), arg];
      const result = await runGuardrails(args, { cwd });
      expectUserError(result, arg, says);
    },
  );

  it.runIf(availableUnlessCI(findOnPath('terraform') !== undefined || findOnPath('tofu') !== undefined, 'a terraform or tofu binary'))(
    'a garbage file with the zip magic bytes: SHOW_FAILED, quoting the tool',
    async () => {
      await writeFile(path.join(dir, 'garbage.cache'), Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from([0, 1, 2, 255, 254, 10, 13, 0])]));
      const args = ['plan', 'show', 'garbage.cache'];
      const result = await runGuardrails(args, { cwd: dir });
      expectUserError(result, 'garbage.cache', /is a binary plan, and `(tofu|terraform) show -json` .*exited with \d+ and said: /s);
      // The tool's own words, so the user sees why it refused the file.
      expect(result.stderr, describeRun(args, result)).toMatch(/Failed to read the given file/);
    },
  );
});
