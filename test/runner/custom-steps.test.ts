import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../src/report/types.js';
import { feature, plan, repoRoot, workspace } from './harness.js';

// Cucumber loads support code once per process, so each set of --steps runs in a process of its
// own, through the built bin/ (run `npx tsc -p tsconfig.json` first).
const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'guardrails.js');
const fixtures = path.join(repoRoot, 'test', 'runner', 'fixtures', 'custom-steps');

async function guardrails(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const resources = [
  { address: 'aws_s3_bucket.tagged', values: { bucket: 'a', tags: { owner: 'platform' } } },
  { address: 'aws_s3_bucket.untagged', values: { bucket: 'b', tags: {} } },
];

describe('a team step file given with --steps', () => {
  it('uses the World and verdicts from the public API; its findings are address-first', async () => {
    const cwd = workspace({
      'tfplan.json': plan(resources),
      'features/tags.feature': feature('owner-tag', { 'Buckets have an owner': ['Given the "aws_s3_bucket" resources', 'Then every selected resource has the tag "owner"'] }),
    });
    const result = await guardrails(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--steps', path.join(fixtures, 'team-steps.mjs'), '--format', 'json:-']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as FindingsReport;
    expect(report.guardrails[0]).toMatchObject({ id: 'owner-tag', status: 'failed' });
    expect(report.guardrails[0]!.findings).toEqual([
      expect.objectContaining({ address: 'aws_s3_bucket.untagged', path: 'tags.owner', status: 'failed', message: 'aws_s3_bucket.untagged: tags.owner is not set; expected a value' }),
    ]);
  });

  it('a team step that throws its own Error fails the scenario with that message as a finding (exit 1, not 3)', async () => {
    const cwd = workspace({
      'tfplan.json': plan(resources),
      'features/size.feature': feature('small-plans', { 'Plans stay small': ['Then the plan has at most 1 resources'] }),
    });
    const result = await guardrails(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--steps', path.join(fixtures, 'team-steps.mjs'), '--format', 'json:-']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as FindingsReport;
    const guardrail = report.guardrails[0]!;
    expect(guardrail.status).toBe('failed');
    expect(guardrail.findings.map((finding) => finding.message)).toContain('the plan has at most 1 resources: the plan has 2 resources; the team allows at most 1');
    expect(guardrail.scenarios[0]!.steps[0]).toMatchObject({ status: 'failed', error: 'the plan has 2 resources; the team allows at most 1' });
  });

  it('a team step left pending fails the scenario with a finding saying so, never passes it', async () => {
    const cwd = workspace({
      'tfplan.json': plan(resources),
      'features/cost.feature': feature('cost', { 'Within budget': ['Then the cost estimate stays under budget'] }),
    });
    const result = await guardrails(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--steps', path.join(fixtures, 'team-steps.mjs'), '--format', 'json:-']);
    expect(result.code).toBe(1);
    const guardrail = (JSON.parse(result.stdout) as FindingsReport).guardrails[0]!;
    expect(guardrail.status).toBe('failed');
    expect(guardrail.findings.map((finding) => finding.message)).toEqual(['the cost estimate stays under budget: the step is pending (not implemented yet)']);
  });

  it('a step file repeating a built-in phrasing is refused when it loads: exit 2 naming the file and both steps', async () => {
    const cwd = workspace({
      'tfplan.json': plan(resources),
      'features/name.feature': feature('bucket-name', { 'Named': ['Given the "aws_s3_bucket" resources', 'Then its "bucket" is "a"'] }),
    });
    const relativeSteps = path.relative(cwd, path.join(fixtures, 'ambiguous-steps.mjs'));
    const result = await guardrails(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--steps', relativeSteps]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${relativeSteps}: the team step "its {string} is {string}" reads like the built-in step "Then its {attribute} is {string}"`);
  });

  it('a step file that does not exist is a usage error (exit 2), not silently ignored', async () => {
    const cwd = workspace({ 'tfplan.json': plan(resources) });
    const result = await guardrails(cwd, ['check', '--plan', 'tfplan.json', '--steps', 'steps/team.mjs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: steps/team.mjs: the step file does not exist');
  });

  it('a step file that cannot be loaded is named (exit 2), not an internal error', async () => {
    const cwd = workspace({ 'tfplan.json': plan(resources), 'steps/broken.mjs': 'export function (\n' });
    const result = await guardrails(cwd, ['check', '--plan', 'tfplan.json', '--steps', 'steps/broken.mjs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: steps/broken.mjs: the step files steps/broken.mjs could not be loaded: ');
    expect(result.stderr).not.toContain('internal error');
  });
});
