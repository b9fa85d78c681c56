import { GuardrailsError, isGuardrailsError } from '../errors.js';

/** How requests authenticate; the value never appears in messages. */
export interface GitLabAuth {
  header: 'PRIVATE-TOKEN' | 'JOB-TOKEN';
  value: string;
}

export interface GitLabClientOptions {
  /** API v4 base, e.g. https://gitlab.example.com/api/v4. */
  baseUrl: string;
  auth: GitLabAuth | undefined;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after the first, on transient failures only. */
  retries?: number;
  /** First backoff delay; doubles per attempt. */
  backoffMs?: number;
  /** Longest wait honoured from a Retry-After header. */
  maxRetryAfterMs?: number;
  /** Largest body accepted, in bytes. */
  maxBytes?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** What an HTTP status means for a given kind of request, in words the user can act on. */
export type StatusMeanings = Partial<Record<number, string>>;

/**
 * The token from GUARDRAILS_GITLAB_TOKEN (PRIVATE-TOKEN) or else CI_JOB_TOKEN (JOB-TOKEN).
 * A value that is not a valid header value is refused before any request, without echoing it:
 * the HTTP stack's own error would quote the whole value.
 */
export function gitLabAuthFromEnv(env: Readonly<Record<string, string | undefined>>): GitLabAuth | undefined {
  const personal = env.GUARDRAILS_GITLAB_TOKEN;
  if (personal) return checkedAuth('PRIVATE-TOKEN', personal, 'GUARDRAILS_GITLAB_TOKEN');
  const job = env.CI_JOB_TOKEN;
  if (job) return checkedAuth('JOB-TOKEN', job, 'CI_JOB_TOKEN');
  return undefined;
}

// GitLab tokens are visible ASCII; a space, line break or control character would split or forge headers.
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

function checkedAuth(header: GitLabAuth['header'], value: string, variable: string): GitLabAuth {
  if (TOKEN_CHARACTERS.test(value)) return { header, value };
  throw new GuardrailsError('USAGE', `${variable} holds a character that is not allowed in an HTTP header (a space, line break or other control or non-ASCII character); the token was not used.`, {
    hint: `Set ${variable} to the token alone, without surrounding whitespace or a trailing newline.`,
  });
}

/**
 * Why an artifact path could leave the job's artifacts once placed in a URL, or undefined when it
 * is a plain relative path. Checked before any URL is built: `../../user` would otherwise become
 * `GET /api/v4/user` with the token.
 */
export function artifactPathProblem(artifactPath: string): string | undefined {
  if (Array.from(artifactPath).some((ch) => ch < ' ' || ch === '\u007f')) return 'it contains a control character';
  if (artifactPath.includes('\\')) return 'it contains a backslash';
  if (artifactPath.includes('%')) return 'it contains `%` (percent-encoding is not accepted in artifact paths)';
  if (artifactPath.startsWith('/')) return 'it is absolute (starts with `/`)';
  const segments = artifactPath.split('/');
  if (segments.some((segment) => segment === '..')) return 'it has a `..` segment';
  if (segments.some((segment) => segment === '.' || segment === '')) return 'it has an empty or `.` segment';
  return undefined;
}

/** The API base from --gitlab-url, else CI_API_V4_URL (set in every GitLab CI job). */
export function gitLabBaseUrl(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const url = option ?? env.CI_API_V4_URL;
  if (url === undefined || url === '') return undefined;
  if (!/^https?:\/\//.test(url)) {
    throw new GuardrailsError('USAGE', `--gitlab-url "${url}" is not an http(s) URL.`, {
      hint: 'Give the API v4 base, e.g. --gitlab-url https://gitlab.example.com/api/v4.',
    });
  }
  return url.replace(/\/+$/, '');
}

const authMeanings: StatusMeanings = {
  401: 'the token is missing, expired or invalid (set GUARDRAILS_GITLAB_TOKEN, or run inside GitLab CI where CI_JOB_TOKEN is set)',
  403: 'the token lacks access to this project (a CI job token needs the project to allow it under CI/CD job token access)',
};

/** A small GitLab REST client: bounded retries with backoff on transient failures, never on client errors. */
export class GitLabClient {
  private readonly options: Required<Omit<GitLabClientOptions, 'auth'>> & { auth: GitLabAuth | undefined };

  constructor(options: GitLabClientOptions) {
    this.options = {
      timeoutMs: 30_000,
      retries: 3,
      backoffMs: 500,
      maxRetryAfterMs: 30_000,
      maxBytes: 256 * 1024 * 1024,
      fetch: globalThis.fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  /** Downloads one file from a job's artifacts on the latest successful pipeline for a ref. */
  async downloadArtifact(project: string, ref: string, job: string, artifactPath: string): Promise<Buffer> {
    const problem = artifactPathProblem(artifactPath);
    if (problem !== undefined) {
      throw new GuardrailsError('CONFIG_INVALID', `artifact path ${JSON.stringify(artifactPath)} was refused: ${problem}.`, {
        hint: 'Name the artifact by its plain path inside the job\'s artifacts, e.g. plans/tfplan.json.',
      });
    }
    const filePath = artifactPath.split('/').map(encodeURIComponent).join('/');
    const url = `${this.projectUrl(project)}/jobs/artifacts/${pathSegment(ref, 'ref')}/raw/${filePath}?job=${encodeURIComponent(job)}`;
    return this.request('GET', url, `artifact ${artifactPath} of job ${job} on ${project}@${ref}`, {
      ...authMeanings,
      404: `not found: check the project (${project}), the ref (${ref}), the job name (${job}) and the artifact path (${artifactPath}); the ref also needs a successful pipeline whose job kept that artifact`,
    });
  }

  /** The latest successful pipeline of a ref: its id and the commit it ran on. */
  async latestSuccessfulPipeline(project: string, ref: string): Promise<{ id: number; sha: string }> {
    const url = `${this.projectUrl(project)}/pipelines?${new URLSearchParams({ ref, status: 'success', order_by: 'id', sort: 'desc', per_page: '1' }).toString()}`;
    const what = `the latest successful pipeline of ${project}@${ref}`;
    const list = parseJson(await this.request('GET', url, what, { ...authMeanings, 404: `project ${project} was not found` }), url, what);
    const first = Array.isArray(list) ? (list[0] as { id?: unknown; sha?: unknown } | undefined) : undefined;
    if (Array.isArray(list) && list.length === 0) {
      throw new GuardrailsError('FETCH_FAILED', `${project}@${ref} has no successful pipeline.`, { file: url, hint: "Run the workload's pipeline on that ref, or check the ref in workloads.yaml." });
    }
    if (typeof first?.id !== 'number' || typeof first.sha !== 'string' || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(first.sha)) throw unexpectedAnswer(url, what, 'a list of pipelines with id and sha');
    return { id: first.id, sha: first.sha };
  }

  /** The id of the successful job named `job` in a pipeline (the latest, when it was retried). */
  async pipelineJobId(project: string, pipelineId: number, job: string): Promise<number> {
    const url = `${this.projectUrl(project)}/pipelines/${pipelineId}/jobs?scope[]=success&per_page=100`;
    const what = `the jobs of pipeline ${pipelineId} of ${project}`;
    const list = parseJson(await this.request('GET', url, what, { ...authMeanings, 404: `pipeline ${pipelineId} was not found in project ${project}` }), url, what);
    if (!Array.isArray(list)) throw unexpectedAnswer(url, what, 'a list of jobs');
    const ids = (list as Array<{ id?: unknown; name?: unknown }>).filter((entry) => entry?.name === job && typeof entry.id === 'number').map((entry) => entry.id as number);
    if (ids.length === 0) {
      throw new GuardrailsError('FETCH_FAILED', `pipeline ${pipelineId} of ${project} has no successful job named ${job}.`, { file: url, hint: 'Check `gitlab.job` in workloads.yaml against the workload\'s pipeline.' });
    }
    return Math.max(...ids);
  }

  /** Downloads one file from the artifacts of a given job. */
  async downloadJobArtifact(project: string, jobId: number, artifactPath: string): Promise<Buffer> {
    const problem = artifactPathProblem(artifactPath);
    if (problem !== undefined) throw new GuardrailsError('CONFIG_INVALID', `artifact path ${JSON.stringify(artifactPath)} was refused: ${problem}.`, { hint: 'Name the artifact by its plain path inside the job\'s artifacts.' });
    const url = `${this.projectUrl(project)}/jobs/${jobId}/artifacts/${artifactPath.split('/').map(encodeURIComponent).join('/')}`;
    return this.request('GET', url, `artifact ${artifactPath} of job ${jobId} of ${project}`, {
      ...authMeanings,
      404: `job ${jobId} of ${project} kept no artifact ${artifactPath} (or its artifacts expired)`,
    });
  }

  /** The repository at one commit, as GitLab's .tar.gz archive. */
  async repositoryArchive(project: string, sha: string): Promise<Buffer> {
    const url = `${this.projectUrl(project)}/repository/archive.tar.gz?sha=${encodeURIComponent(sha)}`;
    return this.request('GET', url, `the repository archive of ${project} at ${sha}`, {
      ...authMeanings,
      403: 'the token may not read the repository of this project (a CI job token needs the project to allow it under CI/CD job token access; a project access token needs read_repository or read_api)',
      404: `project ${project} or commit ${sha} was not found`,
    });
  }

  /**
   * Merges a merge request now, or (autoMerge) once its pipeline succeeds, only while its head is
   * still `sha` (GitLab answers 409 otherwise). Returns GitLab's JSON answer.
   */
  async mergeMergeRequest(project: string, iid: string, autoMerge: boolean, sha: string): Promise<Record<string, unknown>> {
    // GitLab 17.11 renamed merge_when_pipeline_succeeds to auto_merge; older servers ignore the new name.
    const params = new URLSearchParams({ sha });
    if (autoMerge) {
      params.set('auto_merge', 'true');
      params.set('merge_when_pipeline_succeeds', 'true');
    }
    const url = `${this.projectUrl(project)}/merge_requests/${pathSegment(iid, 'merge request IID')}/merge?${params.toString()}`;
    const body = await this.request('PUT', url, `merge request !${iid} of ${project}`, {
      ...authMeanings,
      403: 'the token may not merge into the target branch (needs at least Developer with push/merge rights on it)',
      404: `merge request !${iid} was not found in project ${project}`,
      405: 'it cannot be merged in its current state (draft, closed, already merged, or blocked by merge checks such as a running pipeline, approvals or open threads)',
      406: 'the branch cannot be merged (merge conflicts); rebase the merge request',
      409: `the merge request's head is no longer ${sha}, the commit that was observed: something was pushed after the observation, and its own pipeline must observe it before it can be promoted`,
      422: 'merge checks failed (the merge request is not ready to merge)',
    });
    try {
      return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  /** The notes of a merge request, oldest first, page by page (GitLab serves at most 100 a page); at most `maxPages` pages. */
  async mergeRequestNotes(project: string, iid: string, maxPages = 50): Promise<MergeRequestNote[]> {
    const notes: MergeRequestNote[] = [];
    const what = `the notes of merge request !${iid} of ${project}`;
    for (let page = 1; page <= maxPages; page += 1) {
      const url = `${this.notesUrl(project, iid)}?sort=asc&order_by=created_at&per_page=${NOTES_PER_PAGE}&page=${page}`;
      const { body, headers } = await this.send('GET', url, what, { ...authMeanings, 404: `merge request !${iid} was not found in project ${project}` });
      const batch = parseJson(body, url, what);
      if (!Array.isArray(batch)) throw unexpectedAnswer(url, what, 'a list of notes');
      for (const entry of batch as unknown[]) {
        const { id, body: text, system } = (entry ?? {}) as { id?: unknown; body?: unknown; system?: unknown };
        if (typeof id === 'number' && typeof text === 'string') notes.push({ id, body: text, system: system === true });
      }
      const next = headers.get('x-next-page');
      if (next === null ? batch.length < NOTES_PER_PAGE : next === '') return notes;
    }
    return notes;
  }

  /** Adds a note to a merge request; returns its id. Not retried: a lost answer may still have posted it. */
  async createMergeRequestNote(project: string, iid: string, text: string): Promise<number> {
    const what = `a note on merge request !${iid} of ${project}`;
    return noteId(await this.send('POST', this.notesUrl(project, iid), what, notesMeanings(project, iid), { body: text }), what);
  }

  /** Replaces the text of a merge request note; returns its id. */
  async updateMergeRequestNote(project: string, iid: string, id: number, text: string): Promise<number> {
    const what = `note ${id} on merge request !${iid} of ${project}`;
    return noteId(await this.send('PUT', `${this.notesUrl(project, iid)}/${id}`, what, notesMeanings(project, iid), { body: text }), what);
  }

  private notesUrl(project: string, iid: string): string {
    return `${this.projectUrl(project)}/merge_requests/${pathSegment(iid, 'merge request IID')}/notes`;
  }

  private projectUrl(project: string): string {
    return `${this.options.baseUrl}/projects/${pathSegment(project, 'project')}`;
  }

  private async request(method: string, url: string, what: string, meanings: StatusMeanings): Promise<Buffer> {
    return (await this.send(method, url, what, meanings)).body;
  }

  /** One API call; `json` is sent as the request body. Answers the body and the response headers. */
  private async send(method: string, url: string, what: string, meanings: StatusMeanings, json?: unknown): Promise<{ body: Buffer; headers: Headers }> {
    // A merge (PUT) is not retried: after a lost answer the merge may already have happened.
    const retries = method === 'GET' ? this.options.retries : 0;
    const code = method === 'GET' ? 'FETCH_FAILED' : 'GITLAB_API';
    let lastProblem = '';
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      // One deadline per attempt covers redirects and the whole body, not just the headers.
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      let response: Response;
      try {
        response = await this.fetchFollowingRedirects(method, url, what, signal, json);
      } catch (error) {
        if (isGuardrailsError(error)) throw error;
        lastProblem = this.redact(networkProblem(error, this.options.timeoutMs, 'no answer'));
        if (attempt < retries) await this.options.sleep(this.backoff(attempt));
        continue;
      }
      if (response.ok) {
        try {
          return { body: await this.readBody(response, url, what), headers: response.headers };
        } catch (error) {
          // A body cut mid-transfer or slower than the deadline is as transient as a 503.
          if (isGuardrailsError(error)) throw error;
          lastProblem = this.redact(networkProblem(error, this.options.timeoutMs, 'the body did not arrive'));
          if (attempt < retries) await this.options.sleep(this.backoff(attempt));
          continue;
        }
      }
      await response.body?.cancel();
      const transient = response.status === 429 || response.status >= 500;
      lastProblem = `HTTP ${response.status}${meanings[response.status] ? `: ${meanings[response.status]}` : ''}`;
      if (!transient) throw apiError(code, method, url, what, lastProblem);
      if (attempt < retries) await this.options.sleep(this.retryDelay(response, attempt));
    }
    const attempts = retries === 0 ? '' : ` after ${retries + 1} attempts`;
    throw new GuardrailsError(code, `${method} ${what} failed${attempts} (${lastProblem}).`, {
      file: url,
      hint: 'GitLab or the network looks unavailable; try again later or check --gitlab-url.',
    });
  }

  /**
   * Follows redirects by hand, because fetch would resend the token to whatever host a redirect
   * names. Same-origin hops keep the token; a GET redirected to another origin (GitLab sends
   * artifact downloads to object storage that way, with a signed URL) continues without it;
   * a redirected merge, a downgrade from https to http and a redirect loop are refused.
   */
  private async fetchFollowingRedirects(method: string, url: string, what: string, signal: AbortSignal, json: unknown): Promise<Response> {
    const origin = new URL(url).origin;
    let current = new URL(url);
    for (let hop = 0; ; hop += 1) {
      const sameOrigin = current.origin === origin;
      const response = await this.options.fetch(current, {
        method,
        headers: {
          ...(this.options.auth && sameOrigin ? { [this.options.auth.header]: this.options.auth.value } : {}),
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        signal,
        redirect: 'manual',
      });
      if (!REDIRECT_STATUSES.has(response.status)) return response;
      await response.body?.cancel();
      const location = response.headers.get('location');
      const refuse = (why: string): GuardrailsError =>
        new GuardrailsError(method === 'GET' ? 'FETCH_FAILED' : 'GITLAB_API', `${method} ${what} was redirected (HTTP ${response.status}) and the redirect was not followed: ${why}.`, {
          file: url,
          hint: 'Check --gitlab-url: it should be the API v4 base GitLab itself answers on (e.g. https://gitlab.example.com/api/v4, with https).',
        });
      if (location === null) throw refuse('it names no location');
      if (method !== 'GET') throw refuse(`a ${method} request is only sent to the GitLab API itself`);
      if (hop >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw refuse('its location is not a URL');
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw refuse(`its location is a ${next.protocol} URL`);
      if (current.protocol === 'https:' && next.protocol === 'http:') throw refuse('it leads from https to plain http');
      current = next;
    }
  }

  /** Removes the token from a text that may quote what the HTTP stack was given. */
  private redact(text: string): string {
    const token = this.options.auth?.value;
    return token === undefined || token === '' ? text : text.split(token).join('[token]');
  }

  private async readBody(response: Response, url: string, what: string): Promise<Buffer> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    const tooLarge = (): GuardrailsError =>
      new GuardrailsError('FETCH_FAILED', `${what} is larger than ${this.options.maxBytes} bytes.`, {
        file: url,
        hint: 'A plan artifact this large is not expected; check the artifact path.',
      });
    if (declared > this.options.maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    if (response.body === null) return Buffer.alloc(0);
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).byteLength;
      if (size > this.options.maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }

  private backoff(attempt: number): number {
    return this.options.backoffMs * 2 ** attempt;
  }

  private retryDelay(response: Response, attempt: number): number {
    const header = response.headers.get('retry-after');
    if (header === null) return this.backoff(attempt);
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (!Number.isFinite(ms) || ms < 0) return this.backoff(attempt);
    return Math.min(ms, this.options.maxRetryAfterMs);
  }
}

/** A merge request note as listed: its id, its text, and whether GitLab wrote it (a system note). */
export interface MergeRequestNote {
  id: number;
  body: string;
  system: boolean;
}

const NOTES_PER_PAGE = 100;

function notesMeanings(project: string, iid: string): StatusMeanings {
  return {
    ...authMeanings,
    403: 'the token may not comment on this merge request (a project or personal access token with the api scope and at least the Reporter role is needed; CI_JOB_TOKEN cannot write notes)',
    404: `merge request !${iid} (or the note) was not found in project ${project}`,
  };
}

function parseJson(body: Buffer, url: string, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw unexpectedAnswer(url, what, 'JSON');
  }
}

function noteId(answer: { body: Buffer }, what: string): number {
  const id = (parseJson(answer.body, '', what) as { id?: unknown } | null)?.id;
  if (typeof id !== 'number') throw unexpectedAnswer('', what, 'a note with an id');
  return id;
}

function unexpectedAnswer(url: string, what: string, expected: string): GuardrailsError {
  return new GuardrailsError('GITLAB_API', `GitLab's answer for ${what} was not ${expected}.`, {
    ...(url === '' ? {} : { file: url }),
    hint: 'Check that --gitlab-url (or CI_API_V4_URL) is the API v4 base of a GitLab instance.',
  });
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * One value as one URL path segment. `.` and `..` survive encodeURIComponent and would be
 * resolved away by the URL parser, so they are refused.
 */
function pathSegment(value: string, what: string): string {
  if (value === '.' || value === '..') {
    throw new GuardrailsError('CONFIG_INVALID', `the ${what} ${JSON.stringify(value)} is not a name but a path step; refused.`, {
      hint: `Give the real ${what}.`,
    });
  }
  return encodeURIComponent(value);
}

function networkProblem(error: unknown, timeoutMs: number, late: string): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `${late} within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return `network error: ${cause}`;
}

function apiError(code: 'FETCH_FAILED' | 'GITLAB_API', method: string, url: string, what: string, problem: string): GuardrailsError {
  return new GuardrailsError(code, `${method} ${what} was refused (${problem}).`, {
    file: url,
    hint: 'Not retried: the request itself needs fixing.',
  });
}
