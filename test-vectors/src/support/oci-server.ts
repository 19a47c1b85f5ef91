// An in-process OCI distribution server for tests: manifests, blobs, uploads, tags and the
// OCI 1.1 referrers API (which Debian's docker-registry lacks), with optional basic or
// Docker-style bearer auth and injectable transient failures.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OciTestServerOptions {
  /** Serve GET /v2/<repo>/referrers/<digest> (default true). */
  referrers?: boolean;
  auth?: { type: 'basic' | 'bearer'; username: string; password: string };
  /** Answer the next N requests with 503 (retry tests). */
  failNext?: number;
}

interface StoredManifest {
  bytes: Buffer;
  mediaType: string;
}

const INDEX = 'application/vnd.oci.image.index.v1+json';

export class OciTestServer {
  readonly requests: { method: string; path: string; authorization?: string }[] = [];
  options: OciTestServerOptions;
  #server: Server;
  #blobs = new Map<string, Buffer>();
  #manifests = new Map<string, Map<string, StoredManifest>>(); // repo -> digest -> manifest
  #tags = new Map<string, Map<string, string>>(); // repo -> tag -> digest
  #uploads = new Map<string, Buffer[]>();
  #token = randomUUID();
  host = '';

  constructor(options: OciTestServerOptions = {}) {
    this.options = options;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((e) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.host = `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.host;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  #authorized(req: IncomingMessage): boolean {
    const a = this.options.auth;
    if (!a) return true;
    const h = req.headers.authorization ?? '';
    if (a.type === 'basic') return h === `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
    return h === `Bearer ${this.#token}`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization });
    if (this.options.failNext && this.options.failNext > 0) {
      this.options.failNext--;
      res.writeHead(503).end('try again');
      return;
    }
    const body = await readBody(req);
    // Token endpoint for the bearer flow.
    if (url.pathname === '/token') {
      const a = this.options.auth!;
      const ok = req.headers.authorization === `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
      if (!ok) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: this.#token }));
      return;
    }
    if (!this.#authorized(req)) {
      const a = this.options.auth!;
      const challenge =
        a.type === 'basic'
          ? 'Basic realm="test"'
          : `Bearer realm="http://${this.host}/token",service="test-registry",scope="repository:x:pull"`;
      res
        .writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' })
        .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    if (url.pathname === '/v2/' || url.pathname === '/v2') return void res.writeHead(200).end('{}');
    const m = /^\/v2\/(.+)\/(manifests|blobs|referrers|tags)\/(.*)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    const [, repo, what, rest] = m as unknown as [string, string, string, string];
    const method = req.method ?? 'GET';
    if (what === 'blobs' && rest.startsWith('uploads')) return this.#upload(req, res, url, repo, rest, body);
    if (what === 'blobs') {
      const blob = this.#blobs.get(rest);
      if (!blob) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': rest });
      return void res.end(method === 'HEAD' ? undefined : blob);
    }
    if (what === 'manifests') {
      if (method === 'PUT') {
        const digest = sha256(body);
        this.#repoManifests(repo).set(digest, { bytes: body, mediaType: String(req.headers['content-type']) });
        if (!rest.startsWith('sha256:')) this.#repoTags(repo).set(rest, digest);
        res.writeHead(201, { 'docker-content-digest': digest, location: `/v2/${repo}/manifests/${digest}` });
        return void res.end();
      }
      const digest = rest.startsWith('sha256:') ? rest : this.#repoTags(repo).get(rest);
      const found = digest ? this.#repoManifests(repo).get(digest) : undefined;
      if (!digest || !found) return void res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      res.writeHead(200, {
        'content-type': found.mediaType,
        'docker-content-digest': digest,
        'content-length': found.bytes.length,
      });
      return void res.end(method === 'HEAD' ? undefined : found.bytes);
    }
    if (what === 'referrers') {
      if (this.options.referrers === false) return void res.writeHead(404).end();
      return this.#referrers(res, url, repo, rest);
    }
    if (what === 'tags' && rest === 'list') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ name: repo, tags: [...this.#repoTags(repo).keys()] }));
    }
    res.writeHead(404).end();
  }

  #upload(req: IncomingMessage, res: ServerResponse, url: URL, repo: string, rest: string, body: Buffer): void {
    if (req.method === 'POST') {
      const id = randomUUID();
      this.#uploads.set(id, []);
      res.writeHead(202, { location: `/v2/${repo}/blobs/uploads/${id}`, 'docker-upload-uuid': id });
      return void res.end();
    }
    const id = rest.slice('uploads/'.length);
    const parts = this.#uploads.get(id);
    if (!parts) return void res.writeHead(404).end();
    parts.push(body);
    if (req.method === 'PATCH') return void res.writeHead(202, { location: `/v2/${repo}/blobs/uploads/${id}` }).end();
    const all = Buffer.concat(parts);
    const digest = url.searchParams.get('digest');
    if (digest !== sha256(all)) return void res.writeHead(400).end('{"errors":[{"code":"DIGEST_INVALID"}]}');
    this.#blobs.set(digest, all);
    this.#uploads.delete(id);
    res.writeHead(201, { location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest }).end();
  }

  #referrers(res: ServerResponse, url: URL, repo: string, digest: string): void {
    const filter = url.searchParams.get('artifactType');
    const manifests = [];
    for (const [d, m] of this.#repoManifests(repo)) {
      const doc = JSON.parse(m.bytes.toString('utf8'));
      if (doc.subject?.digest !== digest) continue;
      const artifactType = doc.artifactType ?? doc.config?.mediaType;
      if (filter && artifactType !== filter) continue;
      manifests.push({
        mediaType: doc.mediaType ?? m.mediaType,
        digest: d,
        size: m.bytes.length,
        artifactType,
        ...(doc.annotations ? { annotations: doc.annotations } : {}),
      });
    }
    res.writeHead(200, { 'content-type': INDEX, ...(filter ? { 'oci-filters-applied': 'artifactType' } : {}) });
    res.end(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests }));
  }

  #repoManifests(repo: string) {
    let m = this.#manifests.get(repo);
    if (!m) this.#manifests.set(repo, (m = new Map()));
    return m;
  }
  #repoTags(repo: string) {
    let m = this.#tags.get(repo);
    if (!m) this.#tags.set(repo, (m = new Map()));
    return m;
  }
}

function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
