/** Owners from workloads.yaml, named next to failing workloads in every observation format and mentioned in the merge request note. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { observeCommand } from '../../src/cli/observe.js';
import type { ObservationReport } from '../../src/report/types.js';
import { noteToken, startFakeNotesGitLab, type FakeNotesGitLab } from '../comment/notes-server.js';
import { corpusAvailable } from '../support/ci.js';
import { runCommands } from './cli-harness.js';
import { fakeEvaluate } from './fake-evaluator.js';

const lifecycle = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'generated', 'lifecycle');
let dir: string;
let gitlab: FakeNotesGitLab;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'observe-owners-'));
  gitlab = await startFakeNotesGitLab();
  if (!corpusAvailable()) return;
  await cp(path.join(lifecycle, 'src', 'v1'), path.join(dir, 'src'), { recursive: true });
  await cp(path.join(lifecycle, '01-create.json'), path.join(dir, 'create.json'));
  await cp(path.join(lifecycle, '05-destroy.json'), path.join(dir, 'destroy.json'));
  await writeFile(
    path.join(dir, 'workloads.yaml'),
    'workloads:\n  - { name: create, plan: create.json, source: src, owners: [carol] }\n  - { name: destroy, plan: destroy.json, source: src, owners: [alice, platform/infra] }\n  - { name: unowned, plan: destroy.json, source: src }\n  - { name: missing, plan: missing.json, owners: [dave] }\n',
  );
  const run = await runCommands([observeCommand(async () => fakeEvaluate)], ['observe', '--workloads', 'workloads.yaml', '--format', 'json:o.json', '--format', 'markdown:o.md', '--format', 'summary:o.txt', '--format', 'html:html'], { cwd: dir });
  if (run.code !== 1) throw new Error(`observe exited ${run.code}: ${run.stderr}`);
});

afterAll(async () => {
  await gitlab.close();
  await rm(dir, { recursive: true, force: true });
});

const read = (file: string): Promise<string> => readFile(path.join(dir, file), 'utf8');

describe.runIf(corpusAvailable())('workload owners in the observation', () => {
  it('carries the owners in the json rows', async () => {
    const report = JSON.parse(await read('o.json')) as ObservationReport;
    expect(report.workloads.map((w) => [w.name, w.owners])).toEqual([['create', ['carol']], ['destroy', ['alice', 'platform/infra']], ['unowned', undefined], ['missing', ['dave']]]);
  });

  it('mentions the owners of failing and unevaluated workloads in the markdown, not those of passing ones', async () => {
    const markdown = await read('o.md');
    expect(markdown).toContain('- no-delete in destroy (owners: @alice, @platform/infra): failed');
    expect(markdown).toContain('- no-delete in unowned: failed');
    expect(markdown).toMatch(/- missing \(owners: @dave\): /);
    expect(markdown).not.toContain('@carol');
  });

  it('names them in the summary and the HTML report', async () => {
    expect(await read('o.txt')).toContain('  no-delete in destroy (owners: alice, platform/infra): failed');
    const index = await read(path.join('html', 'index.html'));
    expect(index).toContain('destroy (failed; owners alice, platform/infra)');
  });

  it('the observation note posted on the merge request mentions them', async () => {
    gitlab.notes.set('security/guardrails!5', []);
    const stdout = new BufferSink();
    const stderr = new BufferSink();
    const env = { CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: 'security/guardrails', CI_MERGE_REQUEST_IID: '5', GUARDRAILS_GITLAB_TOKEN: noteToken };
    const code = await runCli(['comment', '--markdown', 'o.md', '--workload', 'observation'], { cwd: dir, env, stdout, stderr, stdin: process.stdin, stderrIsTTY: false });
    expect(code, stderr.text).toBe(0);
    const [note] = gitlab.notes.get('security/guardrails!5')!;
    expect(note?.body).toContain('<!-- tofu-guardrails:observation -->');
    expect(note?.body).toContain('(owners: @alice, @platform/infra)');
  });
});
