import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSources } from '../../src/observe/fetch-workload.js';
import { GitLabClient, gitLabAuthFromEnv, gitLabBaseUrl } from '../../src/observe/gitlab-client.js';
import { goodToken, startFakeGitLab, type FakeGitLab } from './gitlab-server.js';

let gitlab: FakeGitLab;
const body = Buffer.from('{"format_version":"1.2"}');

beforeAll(async () => {
  gitlab = await startFakeGitLab({
    'g/p|main|plan|limited.json': [{ status: 429, headers: { 'retry-after': '120' } }, { status: 503 }, body],
    'g/p|main|plan|forbidden.json': { status: 403 },
    'g/p|main|plan|down.json': { status: 502 },
  });
});
afterAll(() => gitlab.close());

function client(sleeps: number[], overrides: Partial<ConstructorParameters<typeof GitLabClient>[0]> = {}): GitLabClient {
  return new GitLabClient({
    baseUrl: gitlab.url,
    auth: { header: 'PRIVATE-TOKEN', value: goodToken },
    backoffMs: 100,
    maxRetryAfterMs: 5_000,
    retries: 3,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
}

describe('GitLabClient.downloadArtifact', () => {
  it('retries 429 (honouring Retry-After up to the cap) and 5xx with backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    expect(await client(sleeps).downloadArtifact('g/p', 'main', 'plan', 'limited.json')).toEqual(body);
    expect(sleeps).toEqual([5_000, 200]);
  });

  it('does not retry 403 and says what it means', async () => {
    const sleeps: number[] = [];
    const before = gitlab.requests.length;
    await expect(client(sleeps).downloadArtifact('g/p', 'main', 'plan', 'forbidden.json')).rejects.toMatchObject({
      code: 'FETCH_FAILED',
      message: expect.stringMatching(/HTTP 403: the token lacks access to this project/),
    });
    expect(gitlab.requests.length - before).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the bounded retries', async () => {
    const sleeps: number[] = [];
    await expect(client(sleeps, { retries: 2 }).downloadArtifact('g/p', 'main', 'plan', 'down.json')).rejects.toThrow(/failed after 3 attempts \(HTTP 502\)/);
    expect(sleeps).toEqual([100, 200]);
  });

  it('reports a network failure and a timeout', async () => {
    const refused = new GitLabClient({ baseUrl: 'http://127.0.0.1:1/api/v4', auth: undefined, retries: 1, sleep: async () => undefined });
    await expect(refused.downloadArtifact('g/p', 'main', 'plan', 'x')).rejects.toThrow(/failed after 2 attempts \(network error/);
    const never: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    const slow = new GitLabClient({ baseUrl: gitlab.url, auth: undefined, retries: 0, timeoutMs: 50, fetch: never });
    await expect(slow.downloadArtifact('g/p', 'main', 'plan', 'x')).rejects.toThrow(/no answer within 50 ms/);
  });

  it('refuses a body over the size cap', async () => {
    await expect(client([], { maxBytes: 5 }).downloadArtifact('g/p', 'main', 'plan', 'limited.json')).rejects.toThrow(/larger than 5 bytes/);
  });
});

describe('GitLab settings from the environment', () => {
  it.each([
    [{ GUARDRAILS_GITLAB_TOKEN: 'a', CI_JOB_TOKEN: 'b' }, { header: 'PRIVATE-TOKEN', value: 'a' }],
    [{ CI_JOB_TOKEN: 'b' }, { header: 'JOB-TOKEN', value: 'b' }],
    [{}, undefined],
  ])('token from %j', (env, expected) => {
    expect(gitLabAuthFromEnv(env)).toEqual(expected);
  });

  it('prefers --gitlab-url over CI_API_V4_URL and refuses a non-URL', () => {
    expect(gitLabBaseUrl('https://a.example/api/v4/', { CI_API_V4_URL: 'https://b.example/api/v4' })).toBe('https://a.example/api/v4');
    expect(gitLabBaseUrl(undefined, { CI_API_V4_URL: 'https://b.example/api/v4' })).toBe('https://b.example/api/v4');
    expect(() => gitLabBaseUrl('gitlab.example.com', {})).toThrow(/is not an http\(s\) URL/);
  });
});

describe('extractSources', () => {
  async function archive(build: (dir: string) => Promise<string[]>, options: { preservePaths?: boolean } = {}): Promise<Buffer> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tgz-'));
    await mkdir(path.join(dir, 'in', 'sub'), { recursive: true });
    const entries = await build(path.join(dir, 'in', 'sub'));
    const file = path.join(dir, 'a.tar.gz');
    await tar.c({ gzip: true, file, cwd: path.join(dir, 'in', 'sub'), preservePaths: options.preservePaths ?? false }, entries);
    return readFile(file);
  }

  it('extracts a plain tree', async () => {
    const tgz = await archive(async (dir) => {
      await mkdir(path.join(dir, 'modules', 'b'), { recursive: true });
      await writeFile(path.join(dir, 'main.tf'), 'terraform {}\n');
      await writeFile(path.join(dir, 'modules', 'b', 'main.tf'), '');
      return ['main.tf', 'modules'];
    });
    const work = await mkdtemp(path.join(os.tmpdir(), 'work-'));
    const target = await extractSources(tgz, work, 'src.tar.gz');
    expect((await readdir(target, { recursive: true })).sort()).toEqual(['main.tf', 'modules', 'modules/b', 'modules/b/main.tf']);
  });

  it.each([
    ['a `..` entry', async (dir: string) => {
      await writeFile(path.join(dir, '..', 'evil.tf'), 'x');
      return ['../evil.tf'];
    }, /refused: .*(outside|\.\.)/],
    ['a symbolic link', async (dir: string) => {
      const { symlink } = await import('node:fs/promises');
      await symlink('/etc/passwd', path.join(dir, 'link.tf'));
      return ['link.tf'];
    }, /refused: entry link\.tf is a SymbolicLink/],
  ])('refuses %s', async (_name, build, message) => {
    const tgz = await archive(build, { preservePaths: true });
    const work = await mkdtemp(path.join(os.tmpdir(), 'work-'));
    await expect(extractSources(tgz, work, 'src.tar.gz')).rejects.toMatchObject({ code: 'SOURCE_INVALID', message: expect.stringMatching(message) });
    expect(await readdir(path.dirname(work)).then((names) => names.includes('evil.tf'))).toBe(false);
  });

  it('keeps no exec bit: files are 0644 and directories 0755 whatever the archive says', async () => {
    const tgz = await archive(async (dir) => {
      await mkdir(path.join(dir, '.terraform', 'providers'), { recursive: true });
      await writeFile(path.join(dir, '.terraform', 'providers', 'terraform-provider-evil'), '#!/bin/sh\ntouch pwned\n', { mode: 0o755 });
      await writeFile(path.join(dir, 'setuid.sh'), '#!/bin/sh\n', { mode: 0o755 });
      await chmod(path.join(dir, 'setuid.sh'), 0o4777);
      await chmod(path.join(dir, '.terraform'), 0o777);
      return ['.terraform', 'setuid.sh'];
    });
    const work = await mkdtemp(path.join(os.tmpdir(), 'work-'));
    const target = await extractSources(tgz, work, 'src.tar.gz');
    const mode = async (name: string): Promise<number> => (await stat(path.join(target, name))).mode & 0o7777;
    expect(await mode('.terraform/providers/terraform-provider-evil')).toBe(0o644 & ~process.umask());
    expect(await mode('setuid.sh')).toBe(0o644 & ~process.umask());
    expect(await mode('.terraform')).toBe(0o755 & ~process.umask());
    expect(await mode('.terraform/providers')).toBe(0o755 & ~process.umask());
  });

  it('refuses garbage', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'work-'));
    await expect(extractSources(Buffer.from('not a tarball'), work, 'src.tar.gz')).rejects.toMatchObject({ code: 'SOURCE_INVALID' });
  });
});

describe('the token stays with its origin', () => {
  let storage: FakeGitLab;
  let redirecting: FakeGitLab;

  beforeAll(async () => {
    // Another origin (a different port): object storage that needs no token.
    storage = await startFakeGitLab({ 'g/p|main|plan|tfplan.json': body }, {}, { requireToken: false });
    const elsewhere = `${storage.url}/projects/g%2Fp/jobs/artifacts/main/raw/tfplan.json?job=plan`;
    redirecting = await startFakeGitLab(
      {
        'g/p|main|plan|away.json': { status: 302, headers: { location: elsewhere } },
        'g/p|main|plan|here.json': { status: 302, headers: { location: '/api/v4/projects/g%2Fp/jobs/artifacts/main/raw/tfplan.json?job=plan' } },
        'g/p|main|plan|tfplan.json': body,
        'g/p|main|plan|loop.json': { status: 302, headers: { location: '/api/v4/projects/g%2Fp/jobs/artifacts/main/raw/loop.json?job=plan' } },
      },
      { 'g/p!7': { status: 307, headers: { location: elsewhere } } },
    );
  });
  afterAll(async () => {
    await storage.close();
    await redirecting.close();
  });

  function against(server: FakeGitLab): GitLabClient {
    return new GitLabClient({ baseUrl: server.url, auth: { header: 'PRIVATE-TOKEN', value: goodToken }, retries: 0, sleep: async () => undefined });
  }

  it('follows a redirect to another origin without the token', async () => {
    expect(await against(redirecting).downloadArtifact('g/p', 'main', 'plan', 'away.json')).toEqual(body);
    expect(storage.requests).toHaveLength(1);
    expect(storage.requests[0]?.auth).toBeUndefined();
  });

  it('keeps the token on a same-origin redirect', async () => {
    expect(await against(redirecting).downloadArtifact('g/p', 'main', 'plan', 'here.json')).toEqual(body);
    expect(redirecting.requests.at(-1)).toMatchObject({ path: '/api/v4/projects/g%2Fp/jobs/artifacts/main/raw/tfplan.json', auth: goodToken });
  });

  it('refuses a redirect loop and a redirected merge', async () => {
    await expect(against(redirecting).downloadArtifact('g/p', 'main', 'plan', 'loop.json')).rejects.toThrow(/redirect was not followed: more than 5 redirects/);
    const before = storage.requests.length;
    await expect(against(redirecting).mergeMergeRequest('g/p', '7', false, 'a'.repeat(40))).rejects.toMatchObject({
      code: 'GITLAB_API',
      message: expect.stringMatching(/redirect was not followed: a PUT request is only sent to the GitLab API itself/),
    });
    expect(storage.requests.length).toBe(before);
  });

  it.each([
    ['../../../user', /`\.\.` segment/],
    ['/etc/passwd', /absolute/],
    ['plans\\..\\..\\user', /backslash/],
    ['%2e%2e/%2e%2e/user', /percent-encoding/],
    ['plans//tfplan.json', /empty or `\.` segment/],
    ['a\nb', /control character/],
  ])('refuses the artifact path %j before any request', async (artifact, reason) => {
    const before = gitlab.requests.length;
    await expect(client([]).downloadArtifact('g/p', 'main', 'plan', artifact)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(reason) });
    expect(gitlab.requests.length).toBe(before);
  });

  it('refuses a ref or project that is a path step', async () => {
    const before = gitlab.requests.length;
    await expect(client([]).downloadArtifact('g/p', '..', 'plan', 'tfplan.json')).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(client([]).mergeMergeRequest('..', '1', false, 'a'.repeat(40))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(gitlab.requests.length).toBe(before);
  });

  it.each([
    ['GUARDRAILS_GITLAB_TOKEN', 'glpat-abc\nX-Injected: 1'],
    ['CI_JOB_TOKEN', 'job-token-with space'],
    ['CI_JOB_TOKEN', 'job-token\r'],
  ])('refuses %s holding invalid header bytes, without echoing it', (variable, value) => {
    let error: unknown;
    try {
      gitLabAuthFromEnv({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'USAGE', message: expect.stringContaining(variable) });
    const text = `${(error as Error).message} ${(error as { hint?: string }).hint ?? ''}`;
    expect(text).not.toContain(value.slice(0, 9));
  });
});

describe('a body that does not arrive whole', () => {
  let flaky: FakeGitLab;
  const plan = Buffer.from(JSON.stringify({ format_version: '1.2', resource_changes: [], padding: 'x'.repeat(200_000) }));

  beforeAll(async () => {
    flaky = await startFakeGitLab({
      'g/p|main|plan|cut-then-whole.json': [{ cut: plan }, plan],
      'g/p|main|plan|always-cut.json': { cut: plan },
      'g/p|main|plan|stalled.json': { stall: plan, ms: 60_000 },
    });
  });
  afterAll(() => flaky.close());

  function flakyClient(overrides: Partial<ConstructorParameters<typeof GitLabClient>[0]> = {}): GitLabClient {
    return new GitLabClient({ baseUrl: flaky.url, auth: { header: 'PRIVATE-TOKEN', value: goodToken }, retries: 1, sleep: async () => undefined, ...overrides });
  }

  it('retries a body cut mid-transfer', async () => {
    expect(await flakyClient().downloadArtifact('g/p', 'main', 'plan', 'cut-then-whole.json')).toEqual(plan);
  });

  it('reports a body cut on every attempt as a FETCH_FAILED error, not a crash', async () => {
    await expect(flakyClient().downloadArtifact('g/p', 'main', 'plan', 'always-cut.json')).rejects.toMatchObject({
      code: 'FETCH_FAILED',
      message: expect.stringMatching(/failed after 2 attempts \(network error/),
    });
  });

  it('applies the timeout to the body, not just the headers', async () => {
    await expect(flakyClient({ timeoutMs: 300 }).downloadArtifact('g/p', 'main', 'plan', 'stalled.json')).rejects.toMatchObject({
      code: 'FETCH_FAILED',
      message: expect.stringMatching(/the body did not arrive within 300 ms/),
    });
  });
});
