import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the fake GitLab answers for one artifact: a body, or a status (optionally with headers),
 * possibly in sequence; `cut` sends half a body and drops the connection; `stall` sends half a
 * body and the rest only after `ms`.
 */
export type ArtifactAnswer =
  | Buffer
  | { status: number; headers?: Record<string, string> }
  | { cut: Buffer }
  | { stall: Buffer; ms: number };

export interface FakeGitLab {
  /** API v4 base URL. */
  url: string;
  /** Every request seen: method, decoded path and query, the auth header used. */
  requests: Array<{ method: string; path: string; query: string; auth: string | undefined }>;
  /** Notes posted, per `project!iid`. */
  notes: Map<string, string[]>;
  close(): Promise<void>;
}

export const goodToken = 'glpat-test-secret-0123456789';

/**
 * A loopback GitLab implementing `GET /projects/:id/jobs/artifacts/:ref/raw/*path?job=`,
 * `PUT /projects/:id/merge_requests/:iid/merge` (409 when `heads` names the merge request's head
 * and `sha` differs), `POST /projects/:id/merge_requests/:iid/notes` and
 * `GET /projects/:id/repository/archive.tar.gz?sha=` (`archives` keyed `project@sha`),
 * answering 401 unless the token header is right.
 * Artifact keys are `project|ref|job|path`; a list of answers is served one per request, the last repeating.
 */
export async function startFakeGitLab(
  artifacts: Record<string, ArtifactAnswer | ArtifactAnswer[]>,
  merges: Record<string, ArtifactAnswer> = {},
  options: {
    requireToken?: boolean;
    heads?: Record<string, string>;
    archives?: Record<string, ArtifactAnswer>;
    /** Latest successful pipeline per `project|ref`. */
    pipelines?: Record<string, { id: number; sha: string }>;
    /** Successful jobs per `project#pipelineId`. */
    jobs?: Record<string, Array<{ id: number; name: string }>>;
    /** Artifacts per `project#jobId|path`. */
    jobArtifacts?: Record<string, ArtifactAnswer>;
  } = {},
): Promise<FakeGitLab> {
  const requests: FakeGitLab['requests'] = [];
  const notes = new Map<string, string[]>();
  const served = new Map<string, number>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = (req.headers['private-token'] ?? req.headers['job-token']) as string | undefined;
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.search, auth });
    const send = (answer: ArtifactAnswer | undefined): void => {
      if (answer === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"404 Not found"}');
      if (Buffer.isBuffer(answer)) return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(answer);
      if ('cut' in answer) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(answer.cut.length) });
        res.write(answer.cut.subarray(0, answer.cut.length >> 1), () => res.socket?.destroy());
        return;
      }
      if ('stall' in answer) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(answer.stall.length) });
        res.write(answer.stall.subarray(0, answer.stall.length >> 1));
        const timer = setTimeout(() => res.end(answer.stall.subarray(answer.stall.length >> 1)), answer.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(`{"message":"${answer.status}"}`);
    };
    if (options.requireToken !== false && auth !== goodToken) return send({ status: 401 });
    const artifact = /^\/api\/v4\/projects\/([^/]+)\/jobs\/artifacts\/([^/]+)\/raw\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && artifact) {
      const key = `${decodeURIComponent(artifact[1]!)}|${decodeURIComponent(artifact[2]!)}|${url.searchParams.get('job')}|${decodeURIComponent(artifact[3]!)}`;
      const entry = artifacts[key];
      const list = Array.isArray(entry) ? entry : entry === undefined ? [] : [entry];
      const count = served.get(key) ?? 0;
      served.set(key, count + 1);
      return send(list[Math.min(count, list.length - 1)]);
    }
    const merge = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/merge$/.exec(url.pathname);
    if (req.method === 'PUT' && merge) {
      const key = `${decodeURIComponent(merge[1]!)}!${merge[2]}`;
      // GitLab refuses a merge whose `sha` is not the source branch's head.
      const head = options.heads?.[key];
      if (head !== undefined && url.searchParams.get('sha') !== head) {
        return void res.writeHead(409, { 'content-type': 'application/json' }).end('{"message":"SHA does not match HEAD of source branch"}');
      }
      return send(merges[key]);
    }
    const note = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/.exec(url.pathname);
    if (req.method === 'POST' && note) {
      const key = `${decodeURIComponent(note[1]!)}!${note[2]}`;
      const list = notes.get(key) ?? [];
      list.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string }).body);
      notes.set(key, list);
      return void res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 500 + list.length }));
    }
    const json = (value: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const pipelines = /^\/api\/v4\/projects\/([^/]+)\/pipelines$/.exec(url.pathname);
    if (req.method === 'GET' && pipelines && url.searchParams.get('status') === 'success') {
      const pipeline = options.pipelines?.[`${decodeURIComponent(pipelines[1]!)}|${url.searchParams.get('ref')}`];
      return json(pipeline === undefined ? [] : [pipeline]);
    }
    const jobs = /^\/api\/v4\/projects\/([^/]+)\/pipelines\/(\d+)\/jobs$/.exec(url.pathname);
    if (req.method === 'GET' && jobs) {
      const list = options.jobs?.[`${decodeURIComponent(jobs[1]!)}#${jobs[2]}`];
      return list === undefined ? send(undefined) : json(list);
    }
    const jobArtifact = /^\/api\/v4\/projects\/([^/]+)\/jobs\/(\d+)\/artifacts\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && jobArtifact) {
      return send(options.jobArtifacts?.[`${decodeURIComponent(jobArtifact[1]!)}#${jobArtifact[2]}|${decodeURIComponent(jobArtifact[3]!)}`]);
    }
    const archive = /^\/api\/v4\/projects\/([^/]+)\/repository\/archive\.tar\.gz$/.exec(url.pathname);
    if (req.method === 'GET' && archive) {
      return send(options.archives?.[`${decodeURIComponent(archive[1]!)}@${url.searchParams.get('sha')}`]);
    }
    send(undefined);
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v4`,
    requests,
    notes,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
