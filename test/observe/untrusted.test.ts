/**
 * Observe with hostile or broken workloads, without the corpus: binary plans are refused instead
 * of rendered, a workload whose download or plan goes wrong is that workload's error while every
 * report is still written, the token never appears in any output, and the results that drive a
 * merge or a promotion are validated before anything acts on them.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { observeCommand } from '../../src/cli/observe.js';
import { registerPromoteCommand } from '../../src/cli/promote.js';
import { observe, type EvaluatorFactory } from '../../src/observe/observe.js';
import { parseFormatSpec } from '../../src/report/index.js';
import { runCommands } from './cli-harness.js';
import { fakeEvaluate } from './fake-evaluator.js';
import { goodToken, startFakeGitLab, type FakeGitLab } from './gitlab-server.js';

const PLAN = Buffer.from(JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} }, resource_changes: [] }));
const BINARY_PLAN = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from('a saved plan')]);
const fakeEvaluator: EvaluatorFactory = async () => fakeEvaluate;

let dir: string;
let gitlab: FakeGitLab;
let storage: FakeGitLab;

const gitlabEntry = (name: string, artifact: string): string => `  - name: ${name}\n    gitlab: { project: team/app, ref: main, job: plan, artifact: ${artifact} }\n`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'observe-untrusted-'));
  await writeFile(path.join(dir, 'good.json'), PLAN);
  await writeFile(path.join(dir, 'saved.tfplan'), BINARY_PLAN);
  await mkdir(path.join(dir, 'a-directory.json'));
  await writeFile(path.join(dir, 'secret.env'), 'AWS_SECRET_ACCESS_KEY=hunter2\nPATH=/usr/bin\n');
  storage = await startFakeGitLab({ 'team/app|main|plan|tfplan.json': PLAN }, {}, { requireToken: false });
  gitlab = await startFakeGitLab(
    {
      'team/app|main|plan|tfplan.json': PLAN,
      'team/app|main|plan|binary.tfplan': BINARY_PLAN,
      'team/app|main|plan|cut.json': { cut: PLAN },
      'team/app|main|plan|stalled.json': { stall: PLAN, ms: 60_000 },
      'team/app|main|plan|cut-once.json': [{ cut: PLAN }, PLAN],
      'team/app|main|plan|moved.json': { status: 302, headers: { location: `${storage.url}/projects/team%2Fapp/jobs/artifacts/main/raw/tfplan.json?job=plan` } },
    },
    { 'team/cand!8': { status: 405 } },
  );
  await writeFile(
    path.join(dir, 'workloads.yaml'),
    'workloads:\n  - name: local-good\n    plan: good.json\n  - name: local-binary\n    plan: saved.tfplan\n  - name: local-unreadable\n    plan: a-directory.json\n  - name: local-foreign\n    plan: secret.env\n' +
      gitlabEntry('remote-good', 'tfplan.json') +
      gitlabEntry('remote-binary', 'binary.tfplan') +
      gitlabEntry('remote-cut', 'cut.json') +
      gitlabEntry('remote-stalled', 'stalled.json') +
      gitlabEntry('remote-cut-once', 'cut-once.json') +
      gitlabEntry('remote-moved', 'moved.json') +
      gitlabEntry('remote-missing', 'missing.json'),
  );
});

afterAll(async () => {
  await gitlab.close();
  await storage.close();
});

describe('observe() with workloads that go wrong', () => {
  it('makes each problem that workload\'s error, evaluates the others and writes every report', async () => {
    const stdout = new BufferSink();
    const formats = ['json:out/observation.json', 'junit:out/junit.xml', 'markdown:out/summary.md', 'html:out/html', 'summary:-'].map(parseFormatSpec);
    const outcome = await observe({
      workloads: 'workloads.yaml',
      features: ['unused.feature'],
      formats,
      cwd: dir,
      env: { CI_API_V4_URL: gitlab.url, CI_JOB_TOKEN: goodToken },
      stdout,
      gitlabTimeoutMs: 1_000,
      evaluator: fakeEvaluator,
    });
    const rows = Object.fromEntries(outcome.report.workloads.map((w) => [w.name, w]));
    expect(Object.fromEntries(outcome.report.workloads.map((w) => [w.name, w.status]))).toEqual({
      'local-good': 'evaluated',
      'local-binary': 'error',
      'local-unreadable': 'error',
      'local-foreign': 'error',
      'remote-good': 'evaluated',
      'remote-binary': 'error',
      'remote-cut': 'error',
      'remote-stalled': 'error',
      'remote-cut-once': 'evaluated',
      'remote-moved': 'evaluated',
      'remote-missing': 'error',
    });
    expect(rows['local-binary']!.error).toMatch(/^saved\.tfplan: is a binary plan .*observe reads plan JSON only.* `tofu show -json tfplan\.cache > tfplan\.json`/);
    expect(rows['remote-binary']!.error).toMatch(/^gitlab:team\/app@main\/plan\/binary\.tfplan: is a binary plan/);
    expect(rows['local-unreadable']!.error).toMatch(/^a-directory\.json: is a directory/);
    expect(rows['remote-cut']!.error).toMatch(/failed after 4 attempts \(network error/);
    expect(rows['remote-stalled']!.error).toMatch(/failed after 4 attempts \(the body did not arrive within 1000 ms\)/);
    // The not-JSON diagnostic of a file that is no attempt at plan JSON shows none of its content.
    expect(rows['local-foreign']!.error).toMatch(/^secret\.env: is not JSON/);
    expect(JSON.stringify(outcome.report)).not.toContain('hunter2');
    // A redirect to another origin was followed without the token.
    expect(storage.requests.map((r) => r.auth)).toEqual([undefined]);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.internalErrors).toEqual([]);
    expect((JSON.parse(await readFile(path.join(dir, 'out', 'observation.json'), 'utf8')) as { workloads: unknown[] }).workloads).toHaveLength(11);
    expect(await readFile(path.join(dir, 'out', 'junit.xml'), 'utf8')).toContain('remote-stalled');
    expect(await readFile(path.join(dir, 'out', 'summary.md'), 'utf8')).toContain('remote-cut');
    expect(await readdir(path.join(dir, 'out', 'html'))).toContain('index.html');
    expect(stdout.text).toContain('local-good');
  }, 60_000);

  it('records a bug met on one workload as that workload\'s error, writes the reports and exits 3', async () => {
    const buggy: EvaluatorFactory = async () => async (plan, sourceDir) => {
      if (plan.displayPath.includes('tfplan.json')) throw new TypeError('cannot read properties of undefined');
      return fakeEvaluate(plan, sourceDir);
    };
    await writeFile(path.join(dir, 'two.yaml'), 'workloads:\n  - name: local-good\n    plan: good.json\n' + gitlabEntry('remote-good', 'tfplan.json'));
    const outcome = await observe({
      workloads: 'two.yaml',
      features: ['unused.feature'],
      formats: [parseFormatSpec('json:out/two.json')],
      cwd: dir,
      env: { CI_API_V4_URL: gitlab.url, CI_JOB_TOKEN: goodToken },
      stdout: new BufferSink(),
      evaluator: buggy,
    });
    expect(outcome.exitCode).toBe(3);
    expect(outcome.internalErrors.map((e) => e.workload)).toEqual(['remote-good']);
    expect(outcome.report.workloads.map((w) => w.status)).toEqual(['evaluated', 'error']);
    expect(outcome.report.workloads[1]!.error).toMatch(/^internal error \(TypeError\) while evaluating this workload: a bug/);
    expect(outcome.internalErrors[0]!.error).toBeInstanceOf(TypeError);
    expect(JSON.parse(await readFile(path.join(dir, 'out', 'two.json'), 'utf8'))).toMatchObject({ kind: 'observation' });
  });
});

describe('no output of a run contains the token', () => {
  it('greps every report, stdout and stderr of observe and promote --merge for it', async () => {
    const commands = [observeCommand(fakeEvaluator), registerPromoteCommand];
    const env = { CI_API_V4_URL: gitlab.url, CI_JOB_TOKEN: goodToken, GITLAB_USER_LOGIN: 'carol' };
    const outputs: string[] = [];
    const observed = await runCommands(
      commands,
      ['observe', '--workloads', 'workloads.yaml', '--gitlab-timeout', '1', '--features', 'unused.feature', '--format', 'json:tok/observation.json', '--format', 'junit:tok/junit.xml', '--format', 'markdown:tok/summary.md', '--format', 'html:tok/html', '--format', 'summary'],
      { cwd: dir, env },
    );
    expect(observed.code).toBe(1);
    outputs.push(observed.stdout, observed.stderr);
    const promoted = await runCommands(commands, ['promote', '--observation', 'tok/observation.json', '--force', '--reason', 'test', '--merge', '--project', 'team/cand', '--mr', '8', '--format', 'json'], { cwd: dir, env });
    expect(promoted.code).toBe(2);
    outputs.push(promoted.stdout, promoted.stderr);
    const badToken = await runCommands(commands, ['observe', '--workloads', 'workloads.yaml', '--features', 'unused.feature'], { cwd: dir, env: { ...env, CI_JOB_TOKEN: `${goodToken}\nX-Forged: 1` } });
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('CI_JOB_TOKEN holds a character that is not allowed in an HTTP header');
    outputs.push(badToken.stdout, badToken.stderr);
    for (const entry of await readdir(path.join(dir, 'tok'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) outputs.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
    }
    expect(outputs.length).toBeGreaterThan(8);
    for (const output of outputs) expect(output).not.toContain(goodToken);
  }, 60_000);
});

describe('results that drive a merge or a promotion are validated first', () => {
  it.each([
    ['null workloads', { schemaVersion: 1, kind: 'observation', tool: { name: 'tofu-guardrails', version: '1' }, guardrails: [], workloads: null, promotion: { promotable: true, blocking: [] } }, /\/workloads must be array \(found null\)/],
    ['a row without a status', { schemaVersion: 1, kind: 'observation', tool: { name: 'tofu-guardrails', version: '1' }, guardrails: [], workloads: [{ name: 'a', origin: 'local', metadata: {} }], promotion: { promotable: true, blocking: [] } }, /\/workloads\/0 must have the property status/],
    ['a findings report', { kind: 'findings' }, /is not an observation result .*found a findings report/],
    ['an array', [], /is not an observation result .*found an array/],
  ])('promote refuses %s with exit 2 naming the file', async (_name, document, message) => {
    await writeFile(path.join(dir, 'bad-observation.json'), JSON.stringify(document));
    const run = await runCommands([registerPromoteCommand], ['promote', '--observation', 'bad-observation.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: bad-observation\.json: /);
    expect(run.stderr).toMatch(message);
  });

  it('observe merge refuses a shard with null workloads with exit 2 naming the file', async () => {
    const shard = { schemaVersion: 1, kind: 'observation', tool: { name: 'tofu-guardrails', version: '1' }, shard: { index: 1, count: 1, registry: 'a'.repeat(64), workloads: 1 }, guardrails: [], workloads: null, promotion: { promotable: true, blocking: [] } };
    await writeFile(path.join(dir, 'bad-shard.json'), JSON.stringify(shard));
    const run = await runCommands([observeCommand(fakeEvaluator)], ['observe', 'merge', 'bad-shard.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: bad-shard\.json: is not a valid shard result .*\/workloads must be array \(found null\)/);
  });

  it('observe merge does not echo a file that is not JSON', async () => {
    await writeFile(path.join(dir, 'not-json.json'), 'SECRET_VALUE=abc123');
    const run = await runCommands([observeCommand(fakeEvaluator)], ['observe', 'merge', 'not-json.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('abc123');
  });
});
