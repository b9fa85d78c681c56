/**
 * `guardrails example --from-plan`: a cut plan loads and validates, its configuration holds only
 * what it needs and names nothing it lacks, sensitive values are masked, and the catalogue
 * concludes the same about the kept resources as on the whole plan: on the corpus plans and on a
 * binary plan made by the real terraform.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load.js';
import { buildPlanModel } from '../../src/plan/model.js';
import type { Finding, FindingsReport } from '../../src/report/types.js';
import { availableUnlessCI } from '../support/ci.js';
import { findOnPath, terraformEnv } from '../support/terraform-fixture.js';
import { Readable } from 'node:stream';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { cli, repoRoot, workspace, type CliRun } from './harness.js';

const corpusPlans = path.resolve(repoRoot, '..', 'shared', 'corpus', 'plans');
const pinned = path.join(repoRoot, 'test', 'runner', 'catalogue-corpus.verdicts.yaml');
// The AWS plans of the corpus, as the catalogue's verdict table lists them.
const awsPlans = fs.existsSync(corpusPlans)
  ? fs
      .readFileSync(pinned, 'utf8')
      .split('\n')
      .flatMap((line) => (/^[^\s#][^:]*\.json:/.test(line) ? [line.slice(0, line.indexOf('.json:') + 5)] : []))
  : [];

/** Every reference of a configuration that names a resource block or module output must find it in the same configuration. */
function danglingReferences(configuration: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const visitModule = (module: Record<string, unknown>, where: string): void => {
    const blocks = new Set(((module.resources as Array<{ address: string }> | undefined) ?? []).map((resource) => resource.address));
    const calls = (module.module_calls ?? {}) as Record<string, { module?: Record<string, unknown>; expressions?: unknown }>;
    const check = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(check);
      for (const [key, child] of Object.entries(node)) {
        if (key === 'module') continue;
        if (key === 'references' && Array.isArray(child)) {
          for (const reference of child as string[]) {
            const parts = reference.split(/[.[]/);
            if (['var', 'local', 'each', 'count', 'path', 'self', 'terraform'].includes(parts[0]!)) continue;
            if (parts[0] === 'module') {
              const call = calls[parts[1]!];
              if (!call) problems.push(`${where}: ${reference} names a module call the cut lacks`);
              else if (parts[2] && !Object.hasOwn((call.module?.outputs ?? {}) as object, parts[2])) problems.push(`${where}: ${reference} names an output the cut lacks`);
              continue;
            }
            const local = parts[0] === 'data' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.');
            if (!blocks.has(local)) problems.push(`${where}: ${reference} names a block the cut lacks`);
          }
        } else check(child);
      }
    };
    check(module.resources);
    check(module.outputs);
    for (const [name, call] of Object.entries(calls)) {
      check(call.expressions);
      visitModule(call.module ?? {}, `${where}module.${name}.`);
    }
  };
  visitModule((configuration.root_module ?? {}) as Record<string, unknown>, '');
  return problems;
}

/** The findings about the given addresses, as comparable text. */
function findingsAbout(report: FindingsReport, addresses: ReadonlySet<string>): string[] {
  return report.guardrails
    .flatMap((guardrail) => guardrail.findings.filter((finding: Finding) => addresses.has(finding.address)).map((finding) => `${guardrail.id} ${finding.status} ${finding.message}`))
    .sort();
}

/** The CLI in-process with PATH, so that a binary plan can be rendered with terraform. */
async function cliWithPath(cwd: string, argv: readonly string[]): Promise<CliRun> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await runCli(argv, { cwd, env: { PATH: process.env.PATH }, stdout, stderr, stdin: Readable.from([]), stderrIsTTY: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function checkReport(cwd: string, plan: string, extra: string[] = []): Promise<FindingsReport> {
  const run = await cliWithPath(cwd, ['check', '--plan', plan, '--format', 'json:-', ...extra]);
  expect(run.stderr, run.stderr).toBe('');
  return JSON.parse(run.stdout) as FindingsReport;
}

describe('guardrails example --from-plan', () => {
  it('keeps what the resource references, its provider and variables, and masks what the plan marks sensitive', async () => {
    const cwd = workspace({});
    const run = await cli(cwd, ['example', '--from-plan', path.join(repoRoot, 'examples/infra-account/tfplan.json'), '--keep', 'module.state_backend.aws_s3_bucket_policy.state', '--out', 'ex']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kept        module.state_backend.aws_s3_bucket_policy.state');
    expect(run.stdout).toContain('referenced  module.state_backend.aws_s3_bucket.state');
    const loaded = await loadPlan('ex/tfplan.json', { cwd, env: {} });
    const model = buildPlanModel(loaded);
    expect(model.resources.map((resource) => resource.address)).toContain('module.state_backend.aws_kms_key.state');
    expect(model.resources.some((resource) => resource.address === 'aws_s3_bucket.cloudtrail_logs')).toBe(false);
    expect(danglingReferences(loaded.raw.configuration as Record<string, unknown>)).toEqual([]);
    expect(model.providers.map((provider) => provider.key)).toEqual(['aws']);
  });

  it('masks sensitive values, in values and in configuration constants', async () => {
    const raw = JSON.parse(await readFile(path.join(repoRoot, 'examples/infra-account/tfplan.json'), 'utf8')) as Record<string, unknown>;
    const change = (raw.resource_changes as Array<{ address: string; change: Record<string, unknown> }>).find((item) => item.address === 'aws_s3_bucket.cloudtrail_logs')!;
    (change.change.after as Record<string, unknown>).bucket = 'hunter2-secret-bucket';
    change.change.after_sensitive = { bucket: true };
    const cwd = workspace({ 'secret.json': raw });
    const run = await cli(cwd, ['example', '--from-plan', 'secret.json', '--keep', 'aws_s3_bucket.cloudtrail_logs', '--out', 'ex']);
    expect(run.code).toBe(0);
    const text = await readFile(path.join(cwd, 'ex', 'tfplan.json'), 'utf8');
    expect(text).not.toContain('hunter2-secret-bucket');
    expect(text).toContain('"bucket": "(sensitive)"');
  });

  it.each([
    ['an address not in the plan, with the closest one', ['--keep', 'aws_s3_bucket.cloudtrail_log'], 'names no resource in the plan', 'aws_s3_bucket.cloudtrail_logs'],
    ['a plan that does not exist', ['--keep', 'aws_s3_bucket.x', '--from-plan', 'missing.json'], 'missing.json', ''],
  ])('refuses %s: exit 2, nothing written', async (_case, args, message, suggestion) => {
    const cwd = workspace({});
    const run = await cli(cwd, ['example', '--from-plan', path.join(repoRoot, 'examples/infra-account/tfplan.json'), '--out', 'ex', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(suggestion);
    expect(fs.existsSync(path.join(cwd, 'ex'))).toBe(false);
  });
});

describe.runIf(availableUnlessCI(awsPlans.length > 0, 'the shared plan corpus'))('a cut of a corpus plan', () => {
  it.each(awsPlans)('%s: loads, names nothing it lacks, and gets the same findings on what it keeps', async (name) => {
    const full = path.join(corpusPlans, name);
    const model = buildPlanModel(await loadPlan(full, { cwd: repoRoot, env: {} }));
    const before = await checkReport(repoRoot, full);
    // What to keep: the resources the catalogue found something about, or else the first few
    // managed ones, each with the resources that reference it (a guardrail may pivot to them).
    const instances = new Set(model.resources.map((resource) => resource.address));
    let core = [...new Set(before.guardrails.flatMap((guardrail) => guardrail.findings.map((finding) => finding.address)).filter((address) => instances.has(address)))];
    if (core.length === 0) core = model.resources.filter((resource) => resource.mode === 'managed').slice(0, 3).map((resource) => resource.address);
    const keep = [...new Set([...core, ...core.flatMap((address) => model.referencesTo(address).map((reference) => reference.from))])];
    const cwd = workspace({});
    const run = await cli(cwd, ['example', '--from-plan', full, '--out', 'ex', '--keep', ...keep]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const cut = await loadPlan('ex/tfplan.json', { cwd, env: {} });
    if (cut.raw.configuration !== undefined) expect(danglingReferences(cut.raw.configuration as Record<string, unknown>)).toEqual([]);
    const after = await checkReport(cwd, 'ex/tfplan.json');
    const kept = new Set(core);
    expect(findingsAbout(after, kept)).toEqual(findingsAbout(before, kept));
  });
});

const terraform = findOnPath('terraform');

const TERRAFORM_CONFIG = `variable "api_token" {
  type      = string
  sensitive = true
  default   = "tok-very-secret-value"
}

variable "environment" {
  type    = string
  default = "prod"
}

resource "terraform_data" "key" {
  input = "key-\${var.environment}"
}

resource "terraform_data" "bucket" {
  input = { name = "state-\${var.environment}", key = terraform_data.key.id }
}

resource "terraform_data" "unrelated" {
  input = var.api_token
}

module "logs" {
  source = "./modules/logs"
  bucket = terraform_data.bucket.id
  token  = var.api_token
}
`;

const TERRAFORM_MODULE = `variable "bucket" {
  type = string
}

variable "token" {
  type      = string
  sensitive = true
}

resource "terraform_data" "logging" {
  input = var.bucket
}

resource "terraform_data" "notifier" {
  input = var.token
}
`;

const TERRAFORM_FEATURE = `@id:terraform-data-linked @enforce
Feature: Data resources hold the production value, and so do those they reference

  Scenario: Every resource holds the production value
    Given the "terraform_data" resources
    Then its "input" is "prod"

  Scenario: What they reference holds the production value
    Given the "terraform_data" resources
    When I take the "terraform_data" resources it references, if any
    Then its "input" is "prod"
`;

describe.runIf(availableUnlessCI(terraform !== undefined, 'the terraform binary'))('a cut of a binary plan made by terraform', () => {
  it('keeps the module call on the path with only the arguments used, drops the rest, masks the sensitive variable, and agrees with the whole plan', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-example-tf-'));
    try {
      await mkdir(path.join(dir, 'modules', 'logs'), { recursive: true });
      await writeFile(path.join(dir, 'main.tf'), TERRAFORM_CONFIG);
      await writeFile(path.join(dir, 'modules', 'logs', 'main.tf'), TERRAFORM_MODULE);
      await writeFile(path.join(dir, 'linked.feature'), TERRAFORM_FEATURE);
      const options = { cwd: dir, env: terraformEnv() };
      await promisify(execFile)('terraform', ['init', '-input=false', '-no-color'], options);
      await promisify(execFile)('terraform', ['plan', '-input=false', '-no-color', '-out=tfplan.cache'], options);

      const run = await cliWithPath(dir, ['example', '--from-plan', 'tfplan.cache', '--keep', 'module.logs.terraform_data.logging', '--out', 'ex']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const cut = await loadPlan('ex/tfplan.json', { cwd: dir, env: {} });
      const model = buildPlanModel(cut);
      expect(model.resources.map((resource) => resource.address).sort()).toEqual(['module.logs.terraform_data.logging', 'terraform_data.bucket', 'terraform_data.key']);
      const configuration = cut.raw.configuration as { root_module: { variables: object; module_calls: { logs: { expressions: object; module: { resources: Array<{ address: string }> } } } } };
      expect(Object.keys(configuration.root_module.module_calls.logs.expressions)).toEqual(['bucket']);
      expect(configuration.root_module.module_calls.logs.module.resources.map((resource) => resource.address)).toEqual(['terraform_data.logging']);
      expect(Object.keys(configuration.root_module.variables)).toEqual(['environment']);
      expect(danglingReferences(cut.raw.configuration as Record<string, unknown>)).toEqual([]);
      expect(await readFile(path.join(dir, 'ex', 'tfplan.json'), 'utf8')).not.toContain('tok-very-secret-value');

      const whole = await checkReport(dir, 'tfplan.cache', ['--features', 'linked.feature']);
      const part = await checkReport(dir, 'ex/tfplan.json', ['--features', 'linked.feature']);
      expect(part.guardrails[0]!.status).toBe(whole.guardrails[0]!.status);
      const kept = new Set(model.resources.map((resource) => resource.address));
      expect(findingsAbout(part, kept)).toEqual(findingsAbout(whole, kept));

      // The sensitive variable is masked where it is kept.
      const withToken = await cliWithPath(dir, ['example', '--from-plan', 'tfplan.cache', '--keep', 'terraform_data.unrelated', '--out', 'ex2']);
      expect(withToken.code).toBe(0);
      const tokenText = await readFile(path.join(dir, 'ex2', 'tfplan.json'), 'utf8');
      expect(tokenText).not.toContain('tok-very-secret-value');
      expect(tokenText).toContain('(sensitive)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
