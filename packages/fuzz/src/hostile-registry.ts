// A hostile OCI registry on 127.0.0.1: each repository name selects a behaviour (wrong digests,
// endless or slow bodies, redirect and 401 loops, resets, bombs). It only ever listens on the
// loopback interface, and every endless or slow answer stops when the client goes away.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { sha256, type OciFixture } from './oci-fixture.ts';

export const BEHAVIOURS = [
  'honest',
  'wrong-bytes',
  'lying-digest-header',
  'endless-body',
  'endless-chunked',
  'content-length-lie-short',
  'content-length-huge',
  'slow-body',
  'no-response',
  'redirect-loop',
  'redirect-chain',
  'bearer-401-loop',
  'token-endless',
  'token-redirect-loop',
  'basic-no-creds',
  'always-500',
  'always-429',
  'reset',
  'garbage-json',
  'deep-json',
  'wrong-content-type',
  'gzip-bomb',
  'tags-link-loop',
  'empty-body',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

const CHUNK = Buffer.alloc(64 * 1024, 0x7b);

function endless(res: ServerResponse, req: IncomingMessage) {
  let open = true;
  req.socket.on('close', () => (open = false));
  const pump = () => {
    while (open && res.write(CHUNK)) {
      /* keep writing while the socket takes it */
    }
    if (open) res.once('drain', pump);
  };
  pump();
}

function slow(res: ServerResponse, req: IncomingMessage) {
  const timer = setInterval(() => res.write('{'), 100);
  req.socket.on('close', () => clearInterval(timer));
}

export class HostileRegistry {
  #server: Server;
  #fixture: OciFixture;
  port = 0;

  constructor(fixture: OciFixture) {
    this.#fixture = fixture;
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    this.#server.unref(); // never keeps a worker alive
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #content(path: string): { bytes: Uint8Array; type: string } | undefined {
    const m = /\/(manifests|blobs|referrers)\/(.+)$/.exec(path);
    if (!m) return undefined;
    const f = this.#fixture;
    if (m[1] === 'referrers') {
      const index = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: f.referrer.mediaType,
            digest: f.referrer.digest,
            size: f.referrer.bytes.length,
            artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
          },
        ],
      };
      return {
        bytes: new TextEncoder().encode(JSON.stringify(index)),
        type: 'application/vnd.oci.image.index.v1+json',
      };
    }
    const ref = decodeURIComponent(m[2]!);
    const b = ref === 'v1' ? f.image : f.all.find((x) => x.digest === ref);
    return b ? { bytes: b.bytes, type: b.mediaType } : undefined;
  }

  #handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    if (url.pathname === '/v2/' || url.pathname === '/v2') return res.end('{}');
    if (url.pathname.startsWith('/token/')) return this.#token(url.pathname.slice(7) as Behaviour, url, req, res);
    const m = /^\/v2\/fuzz\/([a-z0-9-]+)\/c\d+\/(.*)$/.exec(url.pathname);
    const behaviour = m?.[1] as Behaviour | undefined;
    if (!behaviour || !BEHAVIOURS.includes(behaviour)) return res.writeHead(404).end();
    const rest = `/${m![2]}`;
    const content = this.#content(rest);
    const tags = rest === '/tags/list';
    const honest = () => {
      if (tags) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"x","tags":["v1"]}');
      if (!content) return res.writeHead(404).end();
      res
        .writeHead(200, { 'content-type': content.type, 'docker-content-digest': sha256(content.bytes) })
        .end(content.bytes);
    };
    switch (behaviour) {
      case 'honest':
        return honest();
      case 'wrong-bytes': {
        const bytes = new TextEncoder().encode(
          '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}',
        );
        return res.writeHead(200, { 'content-type': content?.type ?? 'application/json' }).end(bytes);
      }
      case 'lying-digest-header':
        return res
          .writeHead(200, {
            'content-type': content?.type ?? 'application/json',
            'docker-content-digest': `sha256:${'0'.repeat(64)}`,
          })
          .end(content?.bytes ?? '{}');
      case 'endless-body':
      case 'endless-chunked':
        res.writeHead(200, { 'content-type': content?.type ?? 'application/json' });
        return endless(res, req);
      case 'content-length-lie-short':
        res.writeHead(200, { 'content-type': content?.type ?? 'application/json', 'content-length': '10' });
        return res.end(content?.bytes.subarray(0, 10) ?? '{}');
      case 'content-length-huge':
        res.writeHead(200, { 'content-type': content?.type ?? 'application/json', 'content-length': String(2 ** 40) });
        return endless(res, req);
      case 'slow-body':
        res.writeHead(200, { 'content-type': content?.type ?? 'application/json' });
        return slow(res, req);
      case 'no-response':
        return; // headers never come: the client's timeout must end it
      case 'redirect-loop':
        return res.writeHead(302, { location: url.pathname }).end();
      case 'redirect-chain':
        return res
          .writeHead(307, { location: `${url.pathname}?hop=${Number(url.searchParams.get('hop') ?? 0) + 1}` })
          .end();
      case 'bearer-401-loop':
      case 'token-endless':
      case 'token-redirect-loop': {
        const realm = `http://127.0.0.1:${this.port}/token/${behaviour}`;
        return res
          .writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="fuzz",scope="repository:x:pull"` })
          .end();
      }
      case 'basic-no-creds':
        return res.writeHead(401, { 'www-authenticate': 'Basic realm="fuzz"' }).end();
      case 'always-500':
        return res.writeHead(500).end('boom');
      case 'always-429':
        return res.writeHead(429, { 'retry-after': '3600' }).end();
      case 'reset':
        return req.socket.destroy();
      case 'garbage-json':
        return res
          .writeHead(200, { 'content-type': content?.type ?? 'application/json' })
          .end('{"schemaVersion": 2, "manifests": [nul');
      case 'deep-json':
        return res
          .writeHead(200, { 'content-type': content?.type ?? 'application/vnd.oci.image.index.v1+json' })
          .end('{"manifests":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
      case 'wrong-content-type':
        if (!content) return honest();
        return res.writeHead(200, { 'content-type': 'text/html' }).end(content.bytes);
      case 'gzip-bomb':
        res.writeHead(200, { 'content-type': content?.type ?? 'application/json', 'content-encoding': 'gzip' });
        return res.end(BOMB);
      case 'tags-link-loop':
        if (!tags) return honest();
        return res
          .writeHead(200, { 'content-type': 'application/json', link: `<${url.pathname}>; rel="next"` })
          .end('{"tags":["a"]}');
      case 'empty-body':
        return res.writeHead(200, { 'content-type': content?.type ?? 'application/json' }).end();
    }
  }

  #token(behaviour: Behaviour, url: URL, req: IncomingMessage, res: ServerResponse) {
    if (behaviour === 'token-endless') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return endless(res, req);
    }
    if (behaviour === 'token-redirect-loop') return res.writeHead(302, { location: url.pathname }).end();
    // A token the registry then refuses: the client must give up after one retry.
    return res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t"}');
  }
}

const BOMB = gzipSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 });
