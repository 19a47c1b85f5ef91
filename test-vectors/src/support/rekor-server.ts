// A Rekor v1-compatible HTTP server on 127.0.0.1 serving a fixed set of entries (made by the test
// Sigstore's log, test-vectors/src/log/rekor-api.ts): POST /api/v1/index/retrieve {hash|email|subject},
// POST /api/v1/log/entries/retrieve {entryUUIDs} (at most 10, as Rekor), GET /api/v1/log/entries/{uuid}.
// It serves whatever it is given, tampered entries included: the client must not trust it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RekorApiEntry } from '../log/rekor-api.ts';

export interface RekorServer {
  url: string;
  /** Requests received, `METHOD path`, for asserting what the client asked. */
  requests: string[];
  close(): Promise<void>;
}

export interface RekorServerOptions {
  /** Entries entries/retrieve leaves out (as a server with a smaller batch limit may); GET still serves them. */
  retrieveOmits?: (e: RekorApiEntry) => boolean;
}

export async function startRekorServer(
  entries: readonly RekorApiEntry[],
  options: RekorServerOptions = {},
): Promise<RekorServer> {
  const requests: string[] = [];
  const send = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const byUuid = (u: string) => entries.find((e) => e.uuid === u || e.uuid.slice(-64) === u.slice(-64));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    let text = '';
    req.on('data', (d) => (text += String(d)));
    req.on('end', () => {
      let q: Record<string, unknown> = {};
      try {
        q = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return send(res, 400, { code: 400, message: 'invalid JSON' });
      }
      if (req.method === 'POST' && path === '/api/v1/index/retrieve') {
        const key = [q.hash, q.email, q.subject].find((k): k is string => typeof k === 'string');
        if (!key) return send(res, 422, { code: 422, message: 'hash, email or publicKey required' });
        return send(
          res,
          200,
          entries.filter((e) => e.keys.includes(key)).map((e) => e.uuid),
        );
      }
      if (req.method === 'POST' && path === '/api/v1/log/entries/retrieve') {
        const uuids = Array.isArray(q.entryUUIDs) ? (q.entryUUIDs as string[]) : [];
        if (uuids.length > 10) return send(res, 422, { code: 422, message: 'entryUUIDs: at most 10' });
        return send(
          res,
          200,
          uuids.flatMap((u) => {
            const e = byUuid(u);
            return e && !options.retrieveOmits?.(e) ? [{ [e.uuid]: e.entry }] : [];
          }),
        );
      }
      const one = /^\/api\/v1\/log\/entries\/([0-9a-f]+)$/.exec(path);
      if (req.method === 'GET' && one) {
        const e = byUuid(one[1]!);
        return e ? send(res, 200, { [e.uuid]: e.entry }) : send(res, 404, { code: 404, message: 'entry not found' });
      }
      send(res, 404, { code: 404, message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
