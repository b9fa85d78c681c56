/**
 * Reports point at the workload's code: `guardrails check` with sources places each finding at the
 * `.tf` block that declares its resource, relative to the repository root, through local and
 * installed modules, and falls back to the plan when it cannot.
 */
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = path.join(repoRoot, 'features', 'state-bucket-prevent-destroy', 'examples', 'violating-module-bucket-prevent-destroy-false');
const BUCKET = 'module.state_backend.aws_s3_bucket.state';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'guardrails-locations-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A workload repository with the example configuration under infra/. */
async function workloadRepo(name: string): Promise<string> {
  const repo = path.join(scratch, name);
  await cp(example, path.join(repo, 'infra'), { recursive: true });
  return repo;
}

interface Reports {
  code: number;
  codequality: Array<{ description: string; location: { path: string; lines: { begin: number } } }>;
  junit: string;
  json: { guardrails: Array<{ findings: Array<{ address: string; location?: unknown }> }> };
}

async function check(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Reports> {
  const stderr = new BufferSink();
  const code = await runCli(
    ['check', '--plan', 'infra/tfplan.json', ...args, '--format', 'codequality:out/cq.json', '--format', 'junit:out/junit.xml', '--format', 'json:out/report.json'],
    { cwd, env, stdout: new BufferSink(), stderr, stdin: process.stdin, stderrIsTTY: false },
  );
  expect(stderr.text).toBe('');
  const read = (file: string) => readFile(path.join(cwd, 'out', file), 'utf8');
  return { code, codequality: JSON.parse(await read('cq.json')) as Reports['codequality'], junit: await read('junit.xml'), json: JSON.parse(await read('report.json')) as Reports['json'] };
}

const bucketIssue = (reports: Reports) => reports.codequality.find((issue) => issue.description.startsWith(`${BUCKET}:`));

describe('finding locations', () => {
  it('places a finding in a local module at its resource block, relative to the working directory', async () => {
    const repo = await workloadRepo('local');
    const reports = await check(repo, ['--source', 'infra']);
    expect(reports.code).toBe(1);
    expect(bucketIssue(reports)?.location).toEqual({ path: 'infra/modules/state-backend/main.tf', lines: { begin: 16 } });
    const finding = reports.json.guardrails.flatMap((g) => g.findings).find((f) => f.address === BUCKET);
    expect(finding?.location).toEqual({ path: 'infra/modules/state-backend/main.tf', line: 16 });
    expect(reports.junit).toMatch(/<testcase classname="state-bucket-prevent-destroy" name="[^"]*" file="infra\/modules\/state-backend\/main.tf">/);
  });

  it('takes paths relative to CI_PROJECT_DIR when the working directory lies inside it', async () => {
    const repo = await workloadRepo('project-dir');
    const reports = await check(repo, ['--source', 'infra'], { CI_PROJECT_DIR: scratch });
    expect(bucketIssue(reports)?.location).toEqual({ path: 'project-dir/infra/modules/state-backend/main.tf', lines: { begin: 16 } });
  });

  it('places a resource of a module installed under .terraform/ at the module call in the repository', async () => {
    const repo = await workloadRepo('installed');
    const infra = path.join(repo, 'infra');
    await mkdir(path.join(infra, '.terraform', 'modules'), { recursive: true });
    await rename(path.join(infra, 'modules', 'state-backend'), path.join(infra, '.terraform', 'modules', 'state_backend'));
    const main = await readFile(path.join(infra, 'main.tf'), 'utf8');
    await writeFile(path.join(infra, 'main.tf'), main.replace('source = "./modules/state-backend"', 'source = "acme/state-backend/aws"'));
    await writeFile(
      path.join(infra, '.terraform', 'modules', 'modules.json'),
      JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'state_backend', Source: 'acme/state-backend/aws', Dir: '.terraform/modules/state_backend' }] }),
    );
    const reports = await check(repo, ['--source', 'infra']);
    expect(bucketIssue(reports)?.location).toEqual({ path: 'infra/main.tf', lines: { begin: 1 } });
  });

  it('points at the plan when the sources lie outside the repository root', async () => {
    const repo = await workloadRepo('outside');
    const sources = path.join(scratch, 'sources-outside');
    await cp(example, sources, { recursive: true });
    const reports = await check(repo, ['--source', sources], { CI_PROJECT_DIR: repo });
    expect(bucketIssue(reports)?.location).toEqual({ path: 'infra/tfplan.json', lines: { begin: 1 } });
    expect(reports.json.guardrails.flatMap((g) => g.findings).some((f) => f.location !== undefined)).toBe(false);
  });

  it('takes paths relative to the working directory when CI_PROJECT_DIR does not contain it', async () => {
    const repo = await workloadRepo('container-path');
    const reports = await check(repo, ['--source', 'infra'], { CI_PROJECT_DIR: '/builds/group/project-that-is-not-here' });
    expect(bucketIssue(reports)?.location).toEqual({ path: 'infra/modules/state-backend/main.tf', lines: { begin: 16 } });
  });

  it('points at the plan when no sources are given', async () => {
    const repo = await workloadRepo('no-sources');
    const reports = await check(repo, []);
    // without sources prevent_destroy cannot be read: the finding is indeterminate, at the plan
    expect(bucketIssue(reports)?.location).toEqual({ path: 'infra/tfplan.json', lines: { begin: 1 } });
  });
});
