/**
 * A real binary plan (`terraform plan -out`) and its .tf sources through the built binary:
 * `check` reads lifecycle blocks from the root and a local child module, refuses a source
 * directory without .tf files, and is indeterminate (never passed) when no sources are given.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../src/report/types.js';
import { findOnPath, makeBinaryPlanFixture, terraformEnv } from '../support/terraform-fixture.js';
import { describeRun, expectUserError, runGuardrails, tempDir } from './cli.js';
import { availableUnlessCI } from '../support/ci.js';

const run = promisify(execFile);

const ROOT_RESOURCE = 'terraform_data.state_bucket';
const MODULE_RESOURCE = 'module.child.terraform_data.log_bucket';

/** Two scenarios: every terraform_data resource (root protected, module not), and the root one alone. */
const FEATURE = `@id:data-kept @enforce
Feature: terraform_data resources are kept

  Scenario: Every terraform_data resource is protected from destroy
    Given the "terraform_data" resources
    Then its lifecycle sets prevent_destroy

  Scenario: The root resource is protected from destroy
    Given the resource "${ROOT_RESOURCE}"
    Then its lifecycle sets prevent_destroy
`;

async function readReport(file: string): Promise<FindingsReport> {
  return JSON.parse(await readFile(file, 'utf8')) as FindingsReport;
}

describe.runIf(availableUnlessCI(findOnPath('terraform') !== undefined, 'the terraform binary'))('a binary plan with sources, through check', () => {
  let fixture: { dir: string; planFile: string };
  // Where the user runs the commands from: neither the configuration nor the repository.
  let workDir: string;
  let featureFile: string;

  beforeAll(async () => {
    fixture = await makeBinaryPlanFixture();
    workDir = await tempDir('binary-plan-cwd');
    featureFile = path.join(fixture.dir, 'data-kept.feature');
    await writeFile(featureFile, FEATURE);
  }, 120_000);

  afterAll(async () => {
    for (const dir of [fixture?.dir, workDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes the protected root resource and fails the module one, address first (exit 1)', async () => {
    const out = path.join(workDir, 'with-sources.json');
    const args = ['check', '--plan', fixture.planFile, '--chdir', fixture.dir, '--features', featureFile, '--format', `json:${out}`];
    const result = await runGuardrails(args, { cwd: workDir });
    expect(result.code, describeRun(args, result)).toBe(1);
    expect(result.stderr, describeRun(args, result)).toBe('');

    const report = await readReport(out);
    expect(report.verdict).toBe('failed');
    expect(report.plan).toMatchObject({ path: fixture.planFile, terraformVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(report.guardrails.map((guardrail) => [guardrail.id, guardrail.enforcement, guardrail.status])).toEqual([['data-kept', 'enforce', 'failed']]);
    const [everyResource, rootOnly] = report.guardrails[0]?.scenarios ?? [];
    expect(everyResource?.status).toBe('failed');
    expect(everyResource?.findings).toEqual([
      expect.objectContaining({ address: MODULE_RESOURCE, type: 'terraform_data', status: 'failed', path: 'lifecycle.prevent_destroy', message: expect.stringMatching(new RegExp(`^${MODULE_RESOURCE.replaceAll('.', '\\.')}: lifecycle\\.prevent_destroy `)) }),
    ]);
    expect(rootOnly?.status).toBe('passed');
    expect(rootOnly?.findings).toEqual([]);
  });

  it('refuses a --source directory without .tf files (exit 2)', async () => {
    const empty = path.join(workDir, 'no-sources');
    await mkdir(empty, { recursive: true });
    const out = path.join(workDir, 'empty-source.json');
    const args = ['check', '--plan', fixture.planFile, '--chdir', fixture.dir, '--source', 'no-sources', '--features', featureFile, '--format', `json:${out}`];
    const result = await runGuardrails(args, { cwd: workDir });
    expectUserError(result, 'no-sources', /no \.tf or \.tf\.json files in .*--source DIR/s);
    // Refused before any report is written: a partial report could be mistaken for a verdict.
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  describe('the rendered JSON plan in a directory without .tf files', () => {
    let planDir: string;

    beforeAll(async () => {
      planDir = await tempDir('binary-plan-json');
      const { stdout } = await run('terraform', ['show', '-json', '-no-color', fixture.planFile], {
        cwd: fixture.dir,
        env: terraformEnv(),
        maxBuffer: 16 * 1024 * 1024,
      });
      await writeFile(path.join(planDir, 'tfplan.json'), stdout);
    });

    afterAll(async () => {
      if (planDir) await rm(planDir, { recursive: true, force: true });
    });

    it.each([
      { onIndeterminate: 'fail', code: 1, verdict: 'failed' },
      { onIndeterminate: 'warn', code: 0, verdict: 'passed' },
    ])('leaves the lifecycle guardrail indeterminate, never passed (--on-indeterminate $onIndeterminate)', async ({ onIndeterminate, code, verdict }) => {
      const out = path.join(planDir, `report-${onIndeterminate}.json`);
      const args = ['check', '--plan', 'tfplan.json', '--features', featureFile, '--on-indeterminate', onIndeterminate, '--format', `json:${out}`];
      const result = await runGuardrails(args, { cwd: planDir });
      expect(result.code, describeRun(args, result)).toBe(code);

      const report = await readReport(out);
      expect(report.verdict).toBe(verdict);
      expect(report.summary).toMatchObject({ passed: 0, indeterminate: 1 });
      const guardrail = report.guardrails[0];
      expect(guardrail?.status).toBe('indeterminate');
      expect(guardrail?.scenarios.map((scenario) => scenario.status)).toEqual(['indeterminate', 'indeterminate']);
      expect(guardrail?.scenarios[0]?.findings.map((finding) => [finding.address, finding.status, finding.path]).sort()).toEqual([
        [MODULE_RESOURCE, 'indeterminate', 'lifecycle.prevent_destroy'],
        [ROOT_RESOURCE, 'indeterminate', 'lifecycle.prevent_destroy'],
      ]);
    });
  });

  it('plan show renders the binary plan and lists both resources (exit 0)', async () => {
    const textArgs = ['plan', 'show', 'tfplan.cache', '--chdir', fixture.dir];
    const text = await runGuardrails(textArgs, { cwd: fixture.dir });
    expect(text.code, describeRun(textArgs, text)).toBe(0);
    expect(text.stdout).toMatch(/^Resource instances\s+2$/m);
    expect(text.stdout).toMatch(/^\s+terraform_data\s+2\s+create 2$/m);
    expect(text.stdout).toMatch(/^\s+module\.child\s+\.\/modules\/child\s+1 resource$/m);

    const jsonArgs = ['plan', 'show', '--json', 'tfplan.cache', '--chdir', fixture.dir];
    const json = await runGuardrails(jsonArgs, { cwd: fixture.dir });
    expect(json.code, describeRun(jsonArgs, json)).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      plan: 'tfplan.cache',
      resourceInstances: 2,
      changes: { create: 2 },
      types: [{ type: 'terraform_data', count: 2, changes: { create: 2 } }],
      modules: [{ address: 'module.child', source: './modules/child', resources: 1 }],
    });
  });
});
