/**
 * The team-step example in docs/examples is shown in docs/writing-guardrails.md as working code:
 * run it through the built CLI exactly as the page says, against the bundled workload plan and
 * variants of it, so the example keeps working as the public API evolves.
 */
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const workloadPlan = path.join('examples', 'infra-account', 'tfplan.json');
const buckets = ['aws_s3_bucket.cloudtrail_logs', 'module.state_backend.aws_s3_bucket.state'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(plan: string, extra: string[] = []): Promise<Run> {
  const args = [
    'bin/guardrails.js',
    'check',
    '--plan',
    plan,
    '--features',
    'docs/examples/team-bucket-tags.feature',
    '--steps',
    'docs/examples/custom-steps.mjs',
    ...extra,
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

type Tags = Record<string, string>;

/** The workload plan with each bucket's tags replaced; `unknownOwner` marks Owner as known only after apply. */
async function planWithTags(dir: string, name: string, tags: Record<string, Tags>, unknownOwner: string[] = []): Promise<string> {
  const plan = JSON.parse(await readFile(path.join(repoRoot, workloadPlan), 'utf8')) as Record<string, unknown>;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const address = record.address as string | undefined;
    if (address !== undefined && tags[address]) {
      const values = record.values as Record<string, unknown> | undefined;
      if (values) values.tags = tags[address];
      const change = record.change as Record<string, Record<string, unknown> | null> | undefined;
      if (change?.after) change.after.tags = tags[address];
      if (change?.before) change.before.tags = tags[address];
      if (change?.after_unknown && unknownOwner.includes(address)) change.after_unknown.tags = { Owner: true };
    }
    Object.values(record).forEach(visit);
  };
  visit(plan);
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(plan));
  return file;
}

describe('docs/examples/custom-steps.mjs', () => {
  let dir = '';
  beforeAll(async () => {
    await access(path.join(repoRoot, 'dist', 'src', 'index.js')).catch(() => {
      throw new Error('dist/ is missing: run `npm run build` first (the example imports the built package).');
    });
    dir = await mkdtemp(path.join(os.tmpdir(), 'custom-steps-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is shown in docs/writing-guardrails.md as it is in the file', async () => {
    const page = await readFile(path.join(repoRoot, 'docs', 'writing-guardrails.md'), 'utf8');
    const shown = /```js\n([\s\S]*?)```/.exec(page)?.[1];
    const file = await readFile(path.join(repoRoot, 'docs', 'examples', 'custom-steps.mjs'), 'utf8');
    expect(shown, 'the ```js block of docs/writing-guardrails.md').toBeDefined();
    expect(file.endsWith(shown!), 'copy docs/examples/custom-steps.mjs (below its header comment) into docs/writing-guardrails.md').toBe(true);
  });

  it('fails the bundled workload, whose buckets have no Owner tag, naming each bucket', async () => {
    const run = await check(workloadPlan);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    for (const bucket of buckets) {
      expect(run.stdout).toContain(`${bucket}: tags lacks "Owner"; expected keys "Owner", "Purpose"`);
    }
  });

  it('passes when every bucket has both tags', async () => {
    const tagged = { Owner: 'platform', Purpose: 'opentofu-state' };
    const plan = await planWithTags(dir, 'tagged', Object.fromEntries(buckets.map((bucket) => [bucket, tagged])));
    const run = await check(plan);
    expect(run.stdout).toContain('PASS  team-bucket-tags');
    expect(run.code).toBe(0);
  });

  it('is indeterminate, never passed, when a tag is known only after apply', async () => {
    const plan = await planWithTags(
      dir,
      'unknown-owner',
      { [buckets[0]!]: { Purpose: 'audit' }, [buckets[1]!]: { Owner: 'platform', Purpose: 'opentofu-state' } },
      [buckets[0]!],
    );
    const failing = await check(plan);
    expect(failing.stdout).toContain(`INDET team-bucket-tags`);
    expect(failing.stdout).toContain(`${buckets[0]}: tags has Owner known only after apply`);
    expect(failing.code).toBe(1);
    const warning = await check(plan, ['--on-indeterminate', 'warn']);
    expect(warning.code).toBe(0);
  });
});
