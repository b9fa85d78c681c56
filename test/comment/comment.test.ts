/** `guardrails comment`: one note per gate on the merge request, found again by its hidden marker. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { noteToken, startFakeNotesGitLab, type FakeNotesGitLab } from './notes-server.js';

let dir: string;
let gitlab: FakeNotesGitLab;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-comment-'));
  await writeFile(path.join(dir, 'summary.md'), '### Guardrails: failed\n\n- state-bucket-kms: failed\n');
  await writeFile(path.join(dir, 'empty.md'), '\n');
  gitlab = await startFakeNotesGitLab(3);
});

afterAll(async () => {
  await gitlab.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  gitlab.failWith = undefined;
  gitlab.requests.length = 0;
  gitlab.notes.clear();
  // Seven notes by people and GitLab: three pages at the stub's page size of three.
  gitlab.notes.set('team/app!7', [
    ...Array.from({ length: 6 }, (_, i) => ({ id: i + 1, body: `review comment ${i}`, system: false })),
    { id: 7, body: 'added 1 commit <!-- tofu-guardrails:prod -->', system: true },
  ]);
});

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CI_API_V4_URL: gitlab.url,
    CI_PROJECT_ID: 'team/app',
    CI_MERGE_REQUEST_IID: '7',
    CI_JOB_URL: 'https://gitlab.example.com/team/app/-/jobs/42',
    GUARDRAILS_GITLAB_TOKEN: noteToken,
    ...extra,
  };
}

async function comment(args: string[], environment = env()): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await runCli(['comment', ...args], { cwd: dir, env: environment, stdout, stderr, stdin: process.stdin, stderrIsTTY: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const notesOf = () => gitlab.notes.get('team/app!7')!;

describe('guardrails comment', () => {
  it('creates the note with the marker, the summary and links to the job and the HTML report', async () => {
    const run = await comment(['--markdown', 'summary.md', '--workload', 'prod', '--html-report', 'reports/html/index.html']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('created note 1000 on merge request !7 of team/app\n');
    const created = notesOf().at(-1)!;
    expect(created.body).toBe(
      '<!-- tofu-guardrails:prod -->\n### Guardrails: failed\n\n- state-bucket-kms: failed\n\n' +
        '[Job](https://gitlab.example.com/team/app/-/jobs/42) · [HTML report](https://gitlab.example.com/team/app/-/jobs/42/artifacts/file/reports/html/index.html)\n',
    );
    // Every page was read (the system note carrying the marker text is not ours), then one POST.
    expect(gitlab.requests.map((r) => `${r.method} ${r.query.match(/page=\d+$/)?.[0] ?? ''}`)).toEqual(['GET page=1', 'GET page=2', 'GET page=3', 'POST ']);
  });

  it('updates its own note on the next run instead of adding another, paging to find it', async () => {
    const first = await comment(['--markdown', 'summary.md', '--workload', 'prod']);
    const id = Number(/created note (\d+)/.exec(first.stdout)![1]);
    await writeFile(path.join(dir, 'second.md'), '### Guardrails: passed\n');
    const run = await comment(['--markdown', 'second.md', '--workload', 'prod']);
    expect(run.stdout).toBe(`updated note ${id} on merge request !7 of team/app\n`);
    expect(notesOf().filter((note) => note.body.includes('<!-- tofu-guardrails:prod -->') && !note.system)).toHaveLength(1);
    expect(notesOf().find((note) => note.id === id)!.body).toContain('### Guardrails: passed');
    expect(gitlab.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/api/v4/projects/team%2Fapp/merge_requests/7/notes/${id}` });
  });

  it('keeps one note per workload: staging does not overwrite prod', async () => {
    await comment(['--markdown', 'summary.md', '--workload', 'prod']);
    await comment(['--markdown', 'summary.md', '--workload', 'staging']);
    const ours = notesOf().filter((note) => !note.system && note.body.startsWith('<!-- tofu-guardrails:'));
    expect(ours.map((note) => note.body.split('\n')[0])).toEqual(['<!-- tofu-guardrails:prod -->', '<!-- tofu-guardrails:staging -->']);
  });

  it('takes --project and --mr over the CI variables', async () => {
    gitlab.notes.set('other/app!9', []);
    const run = await comment(['--markdown', 'summary.md', '--project', 'other/app', '--mr', '9']);
    expect(run.code).toBe(0);
    expect(gitlab.notes.get('other/app!9')).toHaveLength(1);
  });

  it.each([
    [401, 'the token is missing, expired or invalid'],
    [403, 'lacks access'],
    [404, 'merge request !7 was not found in project team/app'],
  ])('exits 2 on HTTP %i, saying what it means and never echoing the token', async (status, meaning) => {
    gitlab.failWith = status;
    const run = await comment(['--markdown', 'summary.md']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`HTTP ${status}`);
    expect(run.stderr).toContain(meaning);
    expect(run.stderr).not.toContain(noteToken);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a wrong token with 401 from the server', async () => {
    const run = await comment(['--markdown', 'summary.md'], env({ GUARDRAILS_GITLAB_TOKEN: 'glpat-wrong' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('HTTP 401');
    expect(run.stderr).not.toContain('glpat-wrong');
  });

  it('exits 2 without a token, naming the variable, and sends nothing (a CI job token is not enough)', async () => {
    const run = await comment(['--markdown', 'summary.md'], env({ GUARDRAILS_GITLAB_TOKEN: undefined, CI_JOB_TOKEN: 'job-token-secret' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GUARDRAILS_GITLAB_TOKEN');
    expect(run.stderr).not.toContain('job-token-secret');
    expect(gitlab.requests).toHaveLength(0);
  });

  it.each([
    ['no merge request', ['--markdown', 'summary.md'], { CI_MERGE_REQUEST_IID: undefined }, 'comment needs the merge request'],
    ['no summary option', [], {}, '--markdown FILE'],
    ['a missing summary file', ['--markdown', 'nope.md'], {}, 'nope.md: cannot read the summary'],
    ['an empty summary', ['--markdown', 'empty.md'], {}, 'the summary is empty'],
    ['a workload that could break the marker', ['--markdown', 'summary.md', '--workload', 'a-->b'], {}, 'is not a workload name'],
    ['no API URL', ['--markdown', 'summary.md'], { CI_API_V4_URL: undefined }, '--gitlab-url URL or $CI_API_V4_URL'],
  ])('exits 2 on %s', async (_what, args, extra, message) => {
    const run = await comment(args, env(extra));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(gitlab.requests).toHaveLength(0);
  });
});
