import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabClient } from '../../src/observe/gitlab-client.js';
import { mergeShards } from '../../src/observe/merge.js';
import { observeWorkloads, type ObserveWorkloadsOptions } from '../../src/observe/workloads.js';
import { loadRegistry } from '../../src/observe/registry.js';
import { parseShard } from '../../src/observe/shard.js';
import { loadPlan } from '../../src/plan/load.js';
import { fakeEvaluate } from './fake-evaluator.js';
import { goodToken, startFakeGitLab, type FakeGitLab } from './gitlab-server.js';
import { corpusAvailable } from '../support/ci.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const lifecycle = path.resolve(repoRoot, '..', 'shared', 'corpus', 'generated', 'lifecycle');

let dir: string;
let gitlab: FakeGitLab;
const createPlan = (): Promise<Buffer> => readFile(path.join(lifecycle, '01-create.json'));

const registryText = `workloads:
  - name: create
    plan: plans/create.json
    source: plans/src
  - name: destroy
    plan: plans/destroy.json
    source: plans/src
  - name: broken
    plan: plans/broken.json
  - name: identity
    gitlab: { project: platform/identity, ref: main, job: tofu-plan, artifact: out/tfplan.json, source_artifact: src.tar.gz }
  - name: missing
    gitlab: { project: platform/missing, ref: main, job: tofu-plan, artifact: tfplan.json }
  - name: flaky
    gitlab: { project: 42, ref: release/1.0, job: tofu-plan, artifact: tfplan.json }
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'observe-'));
  if (!corpusAvailable()) return;
  await cp(path.join(lifecycle, 'src', 'v1'), path.join(dir, 'plans', 'src'), { recursive: true });
  await cp(path.join(lifecycle, '01-create.json'), path.join(dir, 'plans', 'create.json'));
  await cp(path.join(lifecycle, '05-destroy.json'), path.join(dir, 'plans', 'destroy.json'));
  await writeFile(path.join(dir, 'plans', 'broken.json'), '{"format_version": "1.2", "resource_changes": [');
  await writeFile(path.join(dir, 'workloads.yaml'), registryText);
  await writeFile(path.join(dir, 'compliant.yaml'), registryText.split('  - name: destroy')[0] + registryText.split('\n').slice(9, 11).join('\n') + '\n');
  await tar.c({ gzip: true, file: path.join(dir, 'src.tar.gz'), cwd: path.join(dir, 'plans', 'src') }, ['.']);
  gitlab = await startFakeGitLab({
    'platform/identity|main|tofu-plan|out/tfplan.json': await createPlan(),
    'platform/identity|main|tofu-plan|src.tar.gz': await readFile(path.join(dir, 'src.tar.gz')),
    '42|release/1.0|tofu-plan|tfplan.json': { status: 500 },
  });
});

afterAll(async () => {
  if (corpusAvailable()) await gitlab.close();
});

function options(overrides: Partial<ObserveWorkloadsOptions> = {}, token: string | undefined = goodToken): ObserveWorkloadsOptions {
  const sleeps: number[] = [];
  return {
    cwd: dir,
    tool: { name: 'tofu-guardrails', version: '0.0.0-test' },
    concurrency: 3,
    today: new Date('2026-03-01T00:00:00Z'),
    deps: {
      loadPlan: (input, cwd) => loadPlan(input, { cwd }),
      evaluate: fakeEvaluate,
      gitlab: new GitLabClient({
        baseUrl: gitlab.url,
        auth: token === undefined ? undefined : { header: 'JOB-TOKEN', value: token },
        retries: 2,
        backoffMs: 5,
        sleep: async (ms) => void sleeps.push(ms),
      }),
    },
    ...overrides,
  };
}

describe.runIf(corpusAvailable())('observe', () => {
  it('evaluates local and GitLab workloads, reports fetch and load failures per workload, and blocks promotion', async () => {
    const registry = await loadRegistry('workloads.yaml', dir);
    const before = gitlab.requests.length;
    const report = await observeWorkloads(registry, options());
    expect(report.workloads.map((w) => [w.name, w.origin, w.status])).toEqual([
      ['create', 'local', 'evaluated'],
      ['destroy', 'local', 'evaluated'],
      ['broken', 'local', 'error'],
      ['identity', 'gitlab', 'evaluated'],
      ['missing', 'gitlab', 'error'],
      ['flaky', 'gitlab', 'error'],
    ]);
    const [, destroy, broken, identity, missing, flaky] = report.workloads;
    expect(broken!.error).toMatch(/^plans\/broken\.json: /);
    expect(missing!.error).toMatch(/HTTP 404: not found: check the project \(platform\/missing\), the ref \(main\), the job name \(tofu-plan\)/);
    expect(flaky!.error).toMatch(/failed after 3 attempts \(HTTP 500\)/);
    expect(identity!.metadata).toEqual({
      registryIndex: '3', project: 'platform/identity', ref: 'main', job: 'tofu-plan', artifact: 'out/tfplan.json', source_artifact: 'src.tar.gz',
      planPath: 'gitlab:platform/identity@main/tofu-plan/out/tfplan.json',
    });
    // The downloaded sources were extracted and read: sources-given passed, not indeterminate.
    expect(identity!.report!.guardrails.map((g) => [g.id, g.status])).toEqual([['no-delete', 'passed'], ['sources-given', 'passed']]);
    expect(identity!.report!.workload).toBe('identity');
    expect(destroy!.report!.guardrails[0]!.findings.length).toBe(12);

    expect(report.guardrails).toEqual([
      { id: 'no-delete', title: 'Guardrail no-delete', uri: 'features/no-delete.feature', totals: { passed: 2, failed: 1, indeterminate: 0, 'not-applicable': 0, error: 3 }, promotable: false, blockingWorkloads: ['destroy', 'broken', 'missing', 'flaky'] },
      { id: 'sources-given', title: 'Guardrail sources-given', uri: 'features/sources-given.feature', totals: { passed: 3, failed: 0, indeterminate: 0, 'not-applicable': 0, error: 3 }, promotable: false, blockingWorkloads: ['broken', 'missing', 'flaky'] },
    ]);
    expect(report.promotion.promotable).toBe(false);
    expect(report.promotion.blocking).toContainEqual({ guardrail: 'no-delete', workload: 'destroy', status: 'failed' });

    const flakyRequests = gitlab.requests.slice(before).filter((r) => r.path.includes('/projects/42/'));
    expect(flakyRequests.length).toBe(3);
    expect(gitlab.requests.slice(before).every((r) => r.auth === goodToken)).toBe(true);
    // The project path travels as one URL-encoded segment, the ref likewise.
    expect(gitlab.requests.some((r) => r.path === '/api/v4/projects/platform%2Fidentity/jobs/artifacts/main/raw/out/tfplan.json' && r.query === '?job=tofu-plan')).toBe(true);
    expect(flakyRequests[0]!.path).toBe('/api/v4/projects/42/jobs/artifacts/release%2F1.0/raw/tfplan.json');
    expect(JSON.stringify(report)).not.toContain(goodToken);
  });

  it('says what a 401 means and never shows the token', async () => {
    const registry = await loadRegistry('workloads.yaml', dir);
    const report = await observeWorkloads(registry, options({}, 'wrong-token-value'));
    const identity = report.workloads[3]!;
    expect(identity.status).toBe('error');
    expect(identity.error).toMatch(/HTTP 401: the token is missing, expired or invalid/);
    expect(JSON.stringify(report)).not.toContain('wrong-token-value');
  });

  it('promotes when every workload passes', async () => {
    const registry = await loadRegistry('compliant.yaml', dir);
    const report = await observeWorkloads(registry, options());
    expect(report.workloads.map((w) => w.name)).toEqual(['create', 'identity']);
    expect(report.promotion).toEqual({ promotable: true, blocking: [] });
  });

  it('merges shards into exactly the unsharded result', async () => {
    const registry = await loadRegistry('workloads.yaml', dir);
    const whole = await observeWorkloads(registry, options());
    const shards: Array<{ file: string; report: unknown }> = [];
    for (const spec of ['2/4', '1/4', '4/4', '3/4']) {
      const shard = await observeWorkloads(registry, options({ shard: parseShard(spec) }));
      expect(shard.shard).toMatchObject(parseShard(spec));
      shards.push({ file: `shard-${spec[0]}.json`, report: JSON.parse(JSON.stringify(shard)) as unknown });
    }
    expect(shards.map((s) => (s.report as { workloads: Array<{ name: string }> }).workloads.map((w) => w.name))).toEqual([
      ['destroy', 'flaky'], ['create', 'missing'], ['identity'], ['broken'],
    ]);
    expect(mergeShards(shards)).toEqual(JSON.parse(JSON.stringify(whole)));

    expect(() => mergeShards(shards.slice(1))).toThrow(/shard 2\/4 is missing/);
    expect(() => mergeShards([...shards, shards[0]!])).toThrow(/repeats shard 2\/4/);
    const other = JSON.parse(JSON.stringify(shards[0]!.report)) as { shard: { registry: string } };
    other.shard.registry = 'f'.repeat(64);
    expect(() => mergeShards([...shards.slice(1), { file: 'other.json', report: other }])).toThrow(/other\.json.*|registry ffffffffffff/);
    expect(() => mergeShards([{ file: 'whole.json', report: whole }])).toThrow(/is not a shard result/);
  });
});
