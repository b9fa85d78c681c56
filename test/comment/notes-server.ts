import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const noteToken = 'glpat-notes-secret-0123456789';

export interface Note {
  id: number;
  body: string;
  system: boolean;
}

export interface FakeNotesGitLab {
  url: string;
  /** Notes per `project!iid`. */
  notes: Map<string, Note[]>;
  requests: Array<{ method: string; path: string; query: string; body: unknown }>;
  /** When set, every request is answered with this status. */
  failWith: number | undefined;
  close(): Promise<void>;
}

/**
 * A loopback GitLab implementing the merge request notes API: `GET …/notes` (paginated, with
 * `x-next-page`), `POST …/notes`, `PUT …/notes/:id`. 401 unless PRIVATE-TOKEN is right, 404 for
 * a merge request it does not hold.
 */
export async function startFakeNotesGitLab(perPageLimit = 100): Promise<FakeNotesGitLab> {
  const state: Omit<FakeNotesGitLab, 'url' | 'close'> = { notes: new Map(), requests: [], failWith: undefined };
  let nextId = 1000;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = raw === '' ? undefined : JSON.parse(raw);
    state.requests.push({ method: req.method ?? '', path: url.pathname, query: url.search, body });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void =>
      void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    if (state.failWith !== undefined) return json(state.failWith, { message: String(state.failWith) });
    if (req.headers['private-token'] !== noteToken) return json(401, { message: '401 Unauthorized' });
    const match = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes(?:\/(\d+))?$/.exec(url.pathname);
    const notes = match ? state.notes.get(`${decodeURIComponent(match[1]!)}!${match[2]}`) : undefined;
    if (!match || !notes) return json(404, { message: '404 Not found' });
    const text = (body as { body?: unknown } | undefined)?.body;
    if (req.method === 'GET' && match[3] === undefined) {
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? '20'), perPageLimit);
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = notes.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < notes.length;
      return json(200, slice, { 'x-next-page': more ? String(page + 1) : '' });
    }
    if (req.method === 'POST' && match[3] === undefined && typeof text === 'string') {
      const note = { id: nextId++, body: text, system: false };
      notes.push(note);
      return json(201, note);
    }
    const existing = notes.find((note) => note.id === Number(match[3]));
    if (req.method === 'PUT' && existing && typeof text === 'string') {
      existing.body = text;
      return json(200, existing);
    }
    json(404, { message: '404 Not found' });
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/api/v4`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
