import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { observeCommand } from '../../src/cli/observe.js';
import { registerPromoteCommand } from '../../src/cli/promote.js';
import type { ObservationReport } from '../../src/report/types.js';
import { runCommands } from './cli-harness.js';
import { fakeEvaluate } from './fake-evaluator.js';
import { goodToken, startFakeGitLab, type FakeGitLab } from './gitlab-server.js';
import { corpusAvailable } from '../support/ci.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const lifecycle = path.resolve(repoRoot, '..', 'shared', 'corpus', 'generated', 'lifecycle');
const commands = [observeCommand(async () => fakeEvaluate), registerPromoteCommand];

let dir: string;
let gitlab: FakeGitLab;
/** The head commit the observation ran on (the merge request's head in the stub), and a later push. */
const observedSha = 'a1'.repeat(20);
const pushedSha = 'b2'.repeat(20);
/** The commit of the workload pipeline that produced a plan. */
const producedSha = 'c3'.repeat(20);

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'observe-cli-'));
  if (!corpusAvailable()) return;
  await cp(path.join(lifecycle, 'src', 'v1'), path.join(dir, 'src'), { recursive: true });
  await cp(path.join(lifecycle, '01-create.json'), path.join(dir, 'create.json'));
  await cp(path.join(lifecycle, '05-destroy.json'), path.join(dir, 'destroy.json'));
  await writeFile(path.join(dir, 'good.yaml'), 'workloads:\n  - name: create\n    plan: create.json\n    source: src\n  - name: remote\n    gitlab: { project: team/remote, ref: main, job: plan, artifact: tfplan.json, source_artifact: src.tar.gz }\n');
  await writeFile(path.join(dir, 'mixed.yaml'), 'workloads:\n  - name: create\n    plan: create.json\n    source: src\n  - name: destroy\n    plan: destroy.json\n    source: src\n');
  const waiver = (expires: string): string =>
    `waivers:\n  - guardrail: no-delete\n    workload: destroy\n    addresses: ['terraform_data.*', 'module.bucket[*].terraform_data.*', 'module.bucket[*].terraform_data.*[*]', 'terraform_data.*[*]']\n    reason: Decommissioning, SEC-7\n    owner: bob\n    expires: ${expires}\n`;
  await writeFile(path.join(dir, 'active.yaml'), waiver(day(30)));
  await writeFile(path.join(dir, 'expired.yaml'), waiver(day(-1)));
  await writeFile(path.join(dir, 'malformed.yaml'), waiver(day(400)));
  const tarball = path.join(dir, 'src.tar.gz');
  await tar.c({ gzip: true, file: tarball, cwd: path.join(dir, 'src') }, ['.']);
  // GitLab's repository archive: one top-level directory named after the project and commit.
  const archive = path.join(dir, 'archive.tar.gz');
  await tar.c({ gzip: true, file: archive, cwd: path.join(dir, 'src'), prefix: `repo-${producedSha}-${producedSha}` }, ['.']);
  await writeFile(path.join(dir, 'repo.yaml'), 'workloads:\n  - name: repo-sourced\n    owners: [carol]\n    gitlab: { project: team/repo, ref: main, job: plan, artifact: tfplan.json, source: repository }\n  - name: repo-forbidden\n    gitlab: { project: team/locked, ref: main, job: plan, artifact: tfplan.json, source: repository }\n');
  gitlab = await startFakeGitLab(
    {
      'team/remote|main|plan|tfplan.json': await readFile(path.join(dir, 'create.json')),
      'team/remote|main|plan|src.tar.gz': await readFile(tarball),
    },
    { 'team/cand!7': Buffer.from('{"state":"merged","web_url":"https://gitlab.example.com/team/cand/-/merge_requests/7"}'), 'team/cand!8': { status: 405 } },
    {
      heads: { 'team/cand!7': observedSha },
      pipelines: { 'team/repo|main': { id: 41, sha: producedSha }, 'team/locked|main': { id: 42, sha: producedSha } },
      jobs: { 'team/repo#41': [{ id: 900, name: 'lint' }, { id: 901, name: 'plan' }], 'team/locked#42': [{ id: 902, name: 'plan' }] },
      jobArtifacts: { 'team/repo#901|tfplan.json': await readFile(path.join(dir, 'create.json')), 'team/locked#902|tfplan.json': await readFile(path.join(dir, 'create.json')) },
      archives: { [`team/repo@${producedSha}`]: await readFile(archive), [`team/locked@${producedSha}`]: { status: 403 } },
    },
  );
});

afterAll(async () => {
  await gitlab.close();
});

const env = (): Record<string, string> => ({ CI_API_V4_URL: gitlab.url, CI_JOB_TOKEN: goodToken, GITLAB_USER_LOGIN: 'carol', CI_COMMIT_SHA: observedSha });
const observeRun = (args: string[], extra: { stderrIsTTY?: boolean } = {}) => runCommands(commands, ['observe', ...args], { cwd: dir, env: env(), ...extra });
const readJson = async (file: string): Promise<ObservationReport> => JSON.parse(await readFile(path.join(dir, file), 'utf8')) as ObservationReport;

describe.runIf(corpusAvailable())('guardrails observe', () => {
  it('exits 0 when every workload passes, writes the json matrix and draws progress only on a terminal', async () => {
    const run = await observeRun(['--workloads', 'good.yaml', '--format', 'json:good.json', '--format', 'summary'], { stderrIsTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('[2/2]');
    expect(run.stdout).not.toBe('');
    const report = await readJson('good.json');
    expect(report.promotion).toEqual({ promotable: true, blocking: [] });
    expect(report.workloads.map((w) => w.status)).toEqual(['evaluated', 'evaluated']);
    const quiet = await observeRun(['--workloads', 'good.yaml', '--format', 'json:good2.json']);
    expect(quiet.stderr).toBe('');
  });

  it('exits 1 when a workload would fail', async () => {
    const run = await observeRun(['--workloads', 'mixed.yaml', '--format', 'json:mixed.json']);
    expect(run.code).toBe(1);
    expect((await readJson('mixed.json')).promotion.blocking).toEqual([{ guardrail: 'no-delete', workload: 'destroy', status: 'failed' }]);
  });

  it('does not fail on findings under an active waiver, and fails again once it expired', async () => {
    const active = await observeRun(['--workloads', 'mixed.yaml', '--waivers', 'active.yaml', '--format', 'json:active.json']);
    expect(active.code).toBe(0);
    const destroy = (await readJson('active.json')).workloads[1]!.report!;
    expect(destroy.guardrails[0]!.findings.every((f) => f.status === 'waived' && f.waiver?.owner === 'bob')).toBe(true);
    expect(destroy.guardrails[0]!.findings.length).toBe(12);

    const expired = await observeRun(['--workloads', 'mixed.yaml', '--waivers', 'expired.yaml', '--format', 'json:expired.json']);
    expect(expired.code).toBe(1);
    const finding = (await readJson('expired.json')).workloads[1]!.report!.guardrails[0]!.findings[0]!;
    expect(finding).toMatchObject({ status: 'failed', waiver: { expired: true } });
    expect(finding.message).toMatch(/waiver by bob expired on/);
  });

  it("applies the repository's waivers.yaml beside the registry by default; --waivers names another", async () => {
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'central'), { recursive: true });
    await writeFile(path.join(dir, 'central', 'workloads.yaml'), 'workloads:\n  - { name: destroy, plan: ../destroy.json, source: ../src }\n');
    await copyFile(path.join(dir, 'active.yaml'), path.join(dir, 'central', 'waivers.yaml'));
    const byDefault = await observeRun(['--workloads', 'central/workloads.yaml', '--format', 'json:central.json']);
    expect(byDefault.code).toBe(0);
    expect((await readJson('central.json')).workloads[0]!.report!.guardrails[0]!.findings[0]).toMatchObject({ status: 'waived', waiver: { owner: 'bob' } });
    expect((await observeRun(['--workloads', 'central/workloads.yaml', '--waivers', 'expired.yaml'])).code).toBe(1);
  });

  it('takes the sources of a GitLab workload from the repository archive at the commit whose pipeline produced the plan', async () => {
    const before = gitlab.requests.length;
    const run = await observeRun(['--workloads', 'repo.yaml', '--format', 'json:repo.json']);
    expect(run.code).toBe(1);
    const [sourced, forbidden] = (await readJson('repo.json')).workloads;
    expect(sourced).toMatchObject({ status: 'evaluated', metadata: { source: 'repository', commit: producedSha } });
    // The fake evaluator passes sources-given only when the sources declare resources: they were extracted and read.
    expect(sourced!.report!.guardrails.find((g) => g.id === 'sources-given')?.status).toBe('passed');
    const paths = gitlab.requests.slice(before).filter((r) => r.path.includes('team%2Frepo')).map((r) => `${r.path.replace('/api/v4/projects/team%2Frepo', '')}${r.query}`);
    expect(paths).toEqual([
      '/pipelines?ref=main&status=success&order_by=id&sort=desc&per_page=1',
      '/pipelines/41/jobs?scope[]=success&per_page=100',
      '/jobs/901/artifacts/tfplan.json',
      `/repository/archive.tar.gz?sha=${producedSha}`,
    ]);
    expect(forbidden).toMatchObject({ status: 'error', error: expect.stringMatching(/repository archive of team\/locked at c3c3.* was refused \(HTTP 403: the token may not read the repository/) });
  });

  it.each([
    [['--workloads', 'mixed.yaml', '--waivers', 'malformed.yaml'], /malformed\.yaml: waiver #1 \(no-delete\): `expires` is .*more than a year ahead/],
    [['--workloads', 'nope.yaml'], /nope\.yaml: does not exist .*; expected a workloads registry/],
    [['--features', 'x'], /observe needs the workloads registry/],
    [['--workloads', 'mixed.yaml', '--shard', '3/2'], /--shard "3\/2" is not a shard/],
    [['--workloads', 'mixed.yaml', '--concurrency', '0'], /--concurrency "0" is not a positive whole number/],
    [['--workloads', 'mixed.yaml', '--format', 'pdf'], /unknown report format "pdf"/],
  ])('exits 2 on input error %j', async (args, message) => {
    const run = await observeRun(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('merges shard results into the single-run matrix', async () => {
    await writeFile(path.join(dir, 'three.yaml'), `${(await readFile(path.join(dir, 'mixed.yaml'), 'utf8'))}  - name: remote\n    gitlab: { project: team/remote, ref: main, job: plan, artifact: tfplan.json }\n`);
    expect((await observeRun(['--workloads', 'three.yaml', '--format', 'json:whole.json'])).code).toBe(1);
    expect((await observeRun(['--workloads', 'three.yaml', '--shard', '1/2', '--format', 'json:s1.json'])).code).toBe(1);
    expect((await observeRun(['--workloads', 'three.yaml', '--shard', '2/2', '--format', 'json:s2.json'])).code).toBe(1);
    const merged = await runCommands(commands, ['observe', 'merge', 's2.json', 's1.json', '--format', 'json:merged.json'], { cwd: dir });
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(await readJson('merged.json')).toEqual(await readJson('whole.json'));
    const partial = await runCommands(commands, ['observe', 'merge', 's1.json'], { cwd: dir });
    expect(partial).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot merge: shard 2\/2 is missing/) });
  });
});

describe.runIf(corpusAvailable())('guardrails promote', () => {
  const promote = (args: string[]) => runCli(['promote', ...args], { cwd: dir, env: env(), stdout: out(), stderr: err(), stdin: process.stdin, stderrIsTTY: false });
  let stdout: BufferSink;
  let stderr: BufferSink;
  const out = (): BufferSink => (stdout = new BufferSink());
  const err = (): BufferSink => (stderr = new BufferSink());

  beforeAll(async () => {
    await observeRun(['--workloads', 'good.yaml', '--format', 'json:good.json']);
    await observeRun(['--workloads', 'mixed.yaml', '--format', 'json:mixed.json']);
  });

  it('promotes a clean observation', async () => {
    expect(await promote(['--observation', 'good.json'])).toBe(0);
    expect(stdout.text).toMatch(/^promotable: 2 candidate guardrail\(s\) on 2 workload\(s\)/);
  });

  it('blocks with the list of workloads and guardrails', async () => {
    expect(await promote(['--observation', 'mixed.json'])).toBe(1);
    expect(stdout.text).toContain('not promotable: 1 blocking result(s)');
    expect(stdout.text).toContain('  destroy: no-delete failed');
  });

  it('forces with a reason and records who, when and why', async () => {
    expect(await promote(['--observation', 'mixed.json', '--force', '--reason', 'Critical; SEC-9', '--format', 'json'])).toBe(0);
    const decision = JSON.parse(stdout.text) as { promote: boolean; clean: boolean; forced: { by: string; at: string; reason: string } };
    expect(decision).toMatchObject({ promote: true, clean: false, forced: { by: 'carol', reason: 'Critical; SEC-9' } });
    expect(Math.abs(Date.parse(decision.forced.at) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses --force without --reason', async () => {
    expect(await promote(['--observation', 'mixed.json', '--force'])).toBe(2);
    expect(stderr.text).toMatch(/--force needs --reason/);
  });

  it('refuses a lone shard', async () => {
    expect(await promote(['--observation', 's1.json'])).toBe(2);
    expect(stderr.text).toMatch(/is only shard 1\/2 of an observation/);
  });

  it('merges the candidate merge request at the observed head, with auto-merge when asked', async () => {
    const before = gitlab.requests.length;
    expect(await promote(['--observation', 'good.json', '--merge', '--project', 'team/cand', '--mr', '7', '--when-pipeline-succeeds'])).toBe(0);
    expect(stdout.text).toContain(`merge request !7 of team/cand set to merge when its pipeline succeeds at ${observedSha} (state: merged)`);
    const [request] = gitlab.requests.slice(before);
    expect(request).toMatchObject({ method: 'PUT', path: '/api/v4/projects/team%2Fcand/merge_requests/7/merge', auth: goodToken });
    const query = new URLSearchParams(request!.query);
    expect(query.get('sha')).toBe(observedSha);
    expect(query.get('auto_merge')).toBe('true');
    expect(query.get('merge_when_pipeline_succeeds')).toBe('true');
  });

  it('refuses to merge a merge request pushed to after the observation (409), saying so', async () => {
    // The pipeline of the observed commit promotes, but the branch has moved on: GitLab's head is no longer that commit.
    const moved = (args: string[]) => runCli(['promote', ...args], { cwd: dir, env: { ...env(), CI_COMMIT_SHA: pushedSha }, stdout: out(), stderr: err(), stdin: process.stdin, stderrIsTTY: false });
    expect(await moved(['--observation', 'good.json', '--merge', '--project', 'team/cand', '--mr', '7'])).toBe(2);
    expect(stderr.text).toContain(`HTTP 409: the merge request's head is no longer ${pushedSha}, the commit that was observed`);
    expect(stderr.text).not.toContain(goodToken);
  });

  it('prefers the merge request head of a merged-results pipeline, and refuses a merge without a known observed commit', async () => {
    const run = (extra: Record<string, string>) =>
      runCli(['promote', '--observation', 'good.json', '--merge', '--project', 'team/cand', '--mr', '7'], { cwd: dir, env: { ...env(), ...extra }, stdout: out(), stderr: err(), stdin: process.stdin, stderrIsTTY: false });
    expect(await run({ CI_COMMIT_SHA: pushedSha, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: observedSha })).toBe(0);
    const before = gitlab.requests.length;
    expect(await run({ CI_COMMIT_SHA: '' })).toBe(2);
    expect(stderr.text).toMatch(/--merge needs the observed commit: --sha SHA/);
    expect(await run({ CI_COMMIT_SHA: 'main' })).toBe(2);
    expect(stderr.text).toMatch(/--sha "main" is not a full commit SHA/);
    expect(gitlab.requests.length).toBe(before);
  });

  it('records a forced promotion on the merge request before merging, and in the promotion record', async () => {
    const notesBefore = gitlab.notes.get('team/cand!7')?.length ?? 0;
    const withJob = (args: string[]) =>
      runCli(['promote', ...args], { cwd: dir, env: { ...env(), CI_JOB_URL: 'https://gitlab.example.com/sec/guardrails/-/jobs/42' }, stdout: out(), stderr: err(), stdin: process.stdin, stderrIsTTY: false });
    expect(await withJob(['--observation', 'mixed.json', '--force', '--reason', 'Critical control, SEC-42', '--merge', '--project', 'team/cand', '--mr', '7', '--record', 'records/promotion.json'])).toBe(0);
    const notes = gitlab.notes.get('team/cand!7') ?? [];
    expect(notes.length).toBe(notesBefore + 1);
    const note = notes.at(-1)!;
    expect(note).toContain('<!-- tofu-guardrails:forced-promotion -->');
    expect(note).toContain('- **By:** carol');
    expect(note).toContain('- **Reason:** Critical control, SEC-42');
    expect(note).toContain(`- **Observed commit:** \`${observedSha}\``);
    expect(note).toContain('https://gitlab.example.com/sec/guardrails/-/jobs/42');
    expect(note).toContain('| destroy | no-delete | failed |');
    // The note is posted before the merge: no record, no merge.
    const paths = gitlab.requests.filter((r) => r.path.includes('team%2Fcand/merge_requests/7')).slice(-2).map((r) => `${r.method} ${r.path.split('/').at(-1)}`);
    expect(paths).toEqual(['POST notes', 'PUT merge']);
    const record = JSON.parse(await readFile(path.join(dir, 'records', 'promotion.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      kind: 'promotion',
      promote: true,
      clean: false,
      forced: { by: 'carol', reason: 'Critical control, SEC-42', job: 'https://gitlab.example.com/sec/guardrails/-/jobs/42' },
      blocking: [{ guardrail: 'no-delete', workload: 'destroy', status: 'failed' }],
      note: { project: 'team/cand', mr: '7', id: 500 + notes.length },
      merge: { project: 'team/cand', mr: '7', sha: observedSha, state: 'merged' },
    });
  });

  it('does not merge a forced promotion whose record could not be posted', async () => {
    const before = gitlab.requests.length;
    // The stub holds no notes for another project's merge request: the POST is refused (404).
    const unrecorded = await runCli(['promote', '--observation', 'mixed.json', '--force', '--reason', 'SEC-1', '--merge', '--project', 'team/none', '--mr', '3'], {
      cwd: dir, env: { ...env(), CI_JOB_TOKEN: 'wrong-token' }, stdout: out(), stderr: err(), stdin: process.stdin, stderrIsTTY: false,
    });
    expect(unrecorded).toBe(2);
    expect(stderr.text).toMatch(/note on merge request !3 of team\/none was refused \(HTTP 401/);
    expect(gitlab.requests.slice(before).map((r) => r.method)).toEqual(['POST']);
  });

  it('does not merge when promotion is blocked', async () => {
    const before = gitlab.requests.length;
    expect(await promote(['--observation', 'mixed.json', '--merge', '--project', 'team/cand', '--mr', '7'])).toBe(1);
    expect(gitlab.requests.length).toBe(before);
  });

  it.each([
    ['8', /HTTP 405: it cannot be merged in its current state/],
  ])('explains a refused merge of !%s', async (mr, message) => {
    expect(await promote(['--observation', 'good.json', '--merge', '--project', 'team/cand', '--mr', mr])).toBe(2);
    expect(stderr.text).toMatch(message);
    expect(stderr.text).not.toContain(goodToken);
  });
});
