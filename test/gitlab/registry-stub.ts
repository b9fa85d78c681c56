// A loopback stand-in for GitLab's project-level npm registry (PUT to publish, GET metadata and
// tarballs), enough for `npm publish`, `npm pack` and `npm ci` against it. 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The bearer token the request carried, if any. */
  token: string | undefined;
}

interface PublishedVersion {
  manifest: Record<string, unknown> & { dist?: Record<string, unknown> };
  tarball: Buffer;
}

export interface RegistryStub {
  /** `http://127.0.0.1:PORT/api/v4`, as GitLab's CI_API_V4_URL. */
  apiUrl: string;
  /** The project-level npm registry URL of `project` (ending in "/"). */
  registryUrl(project: string | number): string;
  requests: RecordedRequest[];
  /** Published tarballs by "name@version". */
  published: Map<string, PublishedVersion>;
  close(): Promise<void>;
}

const route = /^\/api\/v4\/projects\/([^/]+)\/packages\/npm\/(.+)$/;
const maximumBody = 50 * 1024 * 1024;

/** Starts the stub; every request must carry `Bearer <token>` (a private project). */
export async function startRegistryStub(token: string): Promise<RegistryStub> {
  const requests: RecordedRequest[] = [];
  const published = new Map<string, PublishedVersion>();
  let origin = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', origin);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    requests.push({ method: request.method ?? '', path: url.pathname, token: bearer });
    const send = (status: number, body: unknown): void => {
      const data = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      response.writeHead(status, { 'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json' });
      response.end(data);
    };
    const match = route.exec(url.pathname);
    if (!match) return send(404, { error: 'not found' });
    if (bearer !== token) return send(401, { message: '401 Unauthorized' });
    const project = match[1] as string;
    const rest = decodeURIComponent(match[2] as string);

    if (request.method === 'PUT') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > maximumBody) return send(413, { message: 'too large' });
        chunks.push(chunk as Buffer);
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        name: string;
        versions: Record<string, PublishedVersion['manifest']>;
        _attachments: Record<string, { data: string }>;
      };
      const [version, manifest] = Object.entries(body.versions)[0] ?? [];
      const attachment = Object.values(body._attachments)[0];
      if (!version || !manifest || !attachment || body.name !== rest) return send(400, { message: 'bad publish body' });
      if (published.has(`${body.name}@${version}`)) return send(403, { message: 'version exists' });
      published.set(`${body.name}@${version}`, { manifest, tarball: Buffer.from(attachment.data, 'base64') });
      return send(200, { message: 'Package was successfully created' });
    }

    if (request.method === 'GET') {
      const tarball = /^(.+)\/-\/(.+)-(\d+\.\d+\.\d+[^/]*)\.tgz$/.exec(rest);
      if (tarball) {
        const entry = published.get(`${tarball[1]}@${tarball[3]}`);
        return entry ? send(200, entry.tarball) : send(404, { message: 'not found' });
      }
      const versions = [...published.entries()].filter(([key]) => key.startsWith(`${rest}@`));
      if (versions.length === 0) return send(404, { message: 'not found' });
      const packument = {
        name: rest,
        'dist-tags': { latest: versions.at(-1)?.[1].manifest.version },
        versions: Object.fromEntries(
          versions.map(([key, { manifest }]) => {
            const version = key.slice(rest.length + 1);
            const file = `${rest.split('/').at(-1)}-${version}.tgz`;
            return [version, { ...manifest, dist: { ...manifest.dist, tarball: `${origin}/api/v4/projects/${project}/packages/npm/${rest}/-/${file}` } }];
          }),
        ),
      };
      return send(200, packument);
    }
    return send(405, { message: 'method not allowed' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${origin}/api/v4`,
    registryUrl: (project) => `${origin}/api/v4/projects/${project}/packages/npm/`,
    requests,
    published,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
