/**
 * Team steps as a user writes them: the package packed with `npm pack` and unpacked outside the
 * repository, and a team directory elsewhere (no package.json, no node_modules) holding a feature,
 * its examples and a steps file that imports 'tofu-guardrails'. `guardrails check` and
 * `guardrails test` run it; the mistakes the step API refuses are refused with the file named.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

const STEPS = `import { defineStep, readValue, verdict } from 'tofu-guardrails';

defineStep({
  keyword: 'Then',
  expression: 'its {attribute} names an owner',
  description: 'The attribute (a tags map) has an Owner key with a known value.',
  example: 'Then its "tags" names an owner',
  run: function (path) {
    this.judge(
      this.subjectsAfterApply.map((subject) => {
        const value = readValue(subject.resource, path + '.Owner');
        if (value.state === 'unknown') return verdict(subject, 'indeterminate', path, 'has an Owner known only after apply');
        if (value.state === 'absent') return verdict(subject, 'failed', path, 'names no Owner; expected one', { expected: 'an Owner', actual: 'none' });
        return verdict(subject, 'passed', path, 'names an owner');
      }),
    );
  },
});
`;

const FEATURE = `@id:team-owner @enforce
Feature: Buckets name their owner

  Scenario: Every bucket names its owner
    Given the "aws_s3_bucket" resources
    Then its "tags" names an owner
`;

function bucketPlan(tags: Record<string, string>): string {
  const values = { bucket: 'b', tags };
  const change = { actions: ['create'], before: null, after: values, after_unknown: {}, before_sensitive: false, after_sensitive: {} };
  const resource = { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider_name: 'registry.opentofu.org/hashicorp/aws' };
  return JSON.stringify({
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ ...resource, values, sensitive_values: {} }] } },
    resource_changes: [{ ...resource, change }],
  });
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('a team steps directory outside the repository, run by the packed package', () => {
  let scratch = '';
  let bin = '';
  let team = '';

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'guardrails-team-package-'));
    // The package as published: `npm pack` of the built tree (prepare already ran: dist/ is built).
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: repoRoot });
    const tarball = path.join(scratch, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
    const installed = path.join(scratch, 'install');
    await mkdir(installed);
    await run('tar', ['-xzf', tarball, '-C', installed]);
    // Its dependencies, as `npm ci --omit=dev` would install them (this checkout's, offline).
    await symlink(path.join(repoRoot, 'node_modules'), path.join(installed, 'package', 'node_modules'));
    bin = path.join(installed, 'package', 'bin', 'guardrails.js');
    team = path.join(scratch, 'team');
    await mkdir(path.join(team, 'guardrails', 'team-owner', 'examples', 'compliant'), { recursive: true });
    await mkdir(path.join(team, 'guardrails', 'team-owner', 'examples', 'violating'), { recursive: true });
    await writeFile(path.join(team, 'steps.mjs'), STEPS);
    await writeFile(path.join(team, 'guardrails', 'team-owner', 'team-owner.feature'), FEATURE);
    await writeFile(path.join(team, 'guardrails', 'team-owner', 'examples', 'compliant', 'tfplan.json'), bucketPlan({ Owner: 'platform' }));
    await writeFile(path.join(team, 'guardrails', 'team-owner', 'examples', 'compliant', 'expect.yaml'), 'status: passed\n');
    await writeFile(path.join(team, 'guardrails', 'team-owner', 'examples', 'violating', 'tfplan.json'), bucketPlan({ Purpose: 'logs' }));
    await writeFile(path.join(team, 'guardrails', 'team-owner', 'examples', 'violating', 'expect.yaml'), 'status: failed\nfindings: [aws_s3_bucket.b]\n');
  }, 180_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function guardrails(args: string[]): Promise<Run> {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: team, env: { PATH: process.env.PATH ?? '' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as Run;
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('has no package.json or node_modules of its own', async () => {
    await expect(readFile(path.join(team, 'package.json'))).rejects.toThrow();
    await expect(readFile(path.join(team, 'node_modules'))).rejects.toThrow();
  });

  it('guardrails check runs the team step against a plan', async () => {
    const result = await guardrails(['check', '--plan', 'guardrails/team-owner/examples/violating/tfplan.json', '--features', 'guardrails', '--steps', 'steps.mjs']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('aws_s3_bucket.b: tags names no Owner; expected one');
    expect(result.code).toBe(1);
  });

  it('guardrails test runs the team step against the examples', async () => {
    const result = await guardrails(['test', 'guardrails', '--steps', 'steps.mjs']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('ok    compliant: passed');
    expect(result.stdout).toContain('ok    violating: failed');
    expect(result.code).toBe(0);
  });

  it.each([
    ['an arrow function as a step body', `import { Then } from 'tofu-guardrails';\nThen('its {attribute} names an owner', (path) => {});\n`, 'is an arrow function'],
    ['a phrasing a built-in step has', `import { Then } from 'tofu-guardrails';\nThen('its {string} is {string}', function (a, b) { this.passSelection(); });\n`, 'reads like the built-in step "Then its {attribute} is {string}"'],
    ['a step defined without its description', `import { defineStep } from 'tofu-guardrails';\ndefineStep({ keyword: 'Then', expression: 'its {attribute} names an owner', example: 'Then its "tags" names an owner', run: function (path) {} });\n`, 'has no description'],
  ])('refuses %s when the file loads: exit 2 naming the file', async (_case, source, message) => {
    await writeFile(path.join(team, 'wrong.mjs'), source);
    const result = await guardrails(['check', '--plan', 'guardrails/team-owner/examples/violating/tfplan.json', '--features', 'guardrails', '--steps', 'wrong.mjs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: wrong.mjs: ');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails a Then step that records no verdict, never passes it', async () => {
    await writeFile(path.join(team, 'silent.mjs'), `import { Then } from 'tofu-guardrails';\nThen('its {attribute} names an owner', function (path) {});\n`);
    const result = await guardrails(['check', '--plan', 'guardrails/team-owner/examples/compliant/tfplan.json', '--features', 'guardrails', '--steps', 'silent.mjs']);
    expect(result.stdout).toContain('the team step "its {attribute} names an owner" recorded no verdict');
    expect(result.stdout).toContain('FAIL  team-owner');
    expect(result.code).toBe(1);
  });
});
