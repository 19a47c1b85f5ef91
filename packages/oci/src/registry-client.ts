import {
  fetchBearerToken,
  basicHeader,
  parseChallenge,
  type CredentialProvider,
  type RegistryCredential,
} from './auth.ts';
import { DigestCache } from './cache.ts';
import { assertDigest, digestOf, isDigest } from './digest.ts';
import { OciError } from './errors.ts';
import { readLimited, request, type FetchLike, type HttpOptions, type RequestObserver } from './http.ts';
import { MAX_BLOB_BYTES, MAX_MANIFEST_BYTES } from './limits.ts';
import { parseManifest, type FetchedManifest, type ImageIndex } from './manifest.ts';
import { MANIFEST_ACCEPT, OCI_INDEX } from './media-types.ts';
import { unfetchableRepositoryProblem, type ImageReference } from './reference.ts';
import type { ArtifactSource } from './source.ts';

export interface RegistryClientOptions {
  /** Defaults to globalThis.fetch. */
  fetch?: FetchLike;
  /** Credentials per registry host; anonymous when absent. */
  credentials?: Record<string, RegistryCredential> | CredentialProvider;
  /** Registries spoken to over plain HTTP. localhost, 127.0.0.0/8 and [::1] always are. */
  insecureRegistries?: string[];
  timeoutMs?: number; // default 30 s per request
  retries?: number; // default 2 extra attempts
  backoffMs?: number; // default 250 ms, doubling
  maxManifestBytes?: number; // default 4 MiB
  maxBlobBytes?: number; // default 128 MiB (cosign's attachment limit)
  cacheBytes?: number; // default 64 MiB of content cached by digest
  /** Sees every request attempt (sigguard's OpenTelemetry adapter makes HTTP client spans with it). */
  observeRequest?: RequestObserver;
}

const MiB = 1 << 20;

/** OCI distribution API client (pull side plus the small push side tests and tools need). */
export class RegistryClient implements ArtifactSource {
  readonly description = 'registry';
  readonly #http: HttpOptions;
  readonly #creds: CredentialProvider;
  readonly #insecure: Set<string>;
  readonly #maxManifest: number;
  readonly #maxBlob: number;
  readonly #cache: DigestCache;
  /** Authorization header per `registry|scope`, learned from challenges. */
  readonly #auth = new Map<string, string>();

  constructor(options: RegistryClientOptions = {}) {
    const f = options.fetch ?? (globalThis.fetch?.bind(globalThis) as FetchLike | undefined);
    if (!f) throw new OciError('NETWORK', 'no fetch implementation available');
    this.#http = {
      fetch: f,
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 250,
      ...(options.observeRequest ? { observe: options.observeRequest } : {}),
    };
    const c = options.credentials;
    this.#creds = typeof c === 'function' ? c : (r) => c?.[r];
    this.#insecure = new Set(options.insecureRegistries ?? []);
    this.#maxManifest = options.maxManifestBytes ?? MAX_MANIFEST_BYTES;
    this.#maxBlob = options.maxBlobBytes ?? MAX_BLOB_BYTES;
    this.#cache = new DigestCache(options.cacheBytes ?? 64 * MiB);
  }

  /** The registry the parsed reference names, as written (ggcr: no Docker Hub host rewriting). */
  #base(ref: ImageReference): string {
    const problem = unfetchableRepositoryProblem(ref);
    if (problem) throw new OciError('REFERENCE_INVALID', `${ref.registry}/${ref.repository}: ${problem}`);
    const host = ref.registry;
    const hostname = host.replace(/:\d+$/, '');
    const plain =
      this.#insecure.has(ref.registry) || hostname === 'localhost' || /^127\./.test(hostname) || hostname === '[::1]';
    return `${plain ? 'http' : 'https'}://${host}/v2/${ref.repository}`;
  }

  /** A request with the registry auth dance: anonymous/cached first, then answer the challenge once. */
  async #send(
    ref: ImageReference,
    url: string,
    init: RequestInit,
    push = false,
  ): Promise<{ res: Response; signal: AbortSignal }> {
    const scope = `repository:${ref.repository}:${push ? 'pull,push' : 'pull'}`;
    const key = `${ref.registry}|${scope}`;
    const withAuth = (h: string | undefined): RequestInit => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(h ? { Authorization: h } : {}) },
    });
    const first = await request(this.#http, url, withAuth(this.#auth.get(key)));
    if (first.res.status !== 401) return first;
    const header = first.res.headers.get('www-authenticate') ?? '';
    await first.res.body?.cancel().catch(() => {});
    const challenge = parseChallenge(header);
    const cred = this.#creds(ref.registry);
    let authz: string;
    if (challenge?.scheme === 'bearer') {
      authz = `Bearer ${await fetchBearerToken(this.#http, challenge, scope, cred, url.startsWith('http:'))}`;
    } else if (challenge?.scheme === 'basic' && cred && 'username' in cred) {
      authz = basicHeader(cred);
    } else if (cred && 'token' in cred) {
      authz = `Bearer ${cred.token}`;
    } else {
      throw new OciError(
        'UNAUTHORIZED',
        `${ref.registry} requires authentication (${header || 'no challenge'}) and no usable credentials are configured for it`,
      );
    }
    this.#auth.set(key, authz);
    const second = await request(this.#http, url, withAuth(authz));
    if (second.res.status === 401 || second.res.status === 403) {
      await second.res.body?.cancel().catch(() => {});
      throw new OciError(
        'UNAUTHORIZED',
        `${ref.registry} refused access to ${ref.repository} (HTTP ${second.res.status})`,
      );
    }
    return second;
  }

  async #statusError(res: Response, what: string): Promise<OciError> {
    let detail = '';
    try {
      detail = new TextDecoder().decode(await readLimited(res, 4096, 'error body')).slice(0, 300);
    } catch {
      /* the status is the message */
    }
    if (res.status === 401 || res.status === 403)
      return new OciError('UNAUTHORIZED', `${what}: HTTP ${res.status} ${detail}`);
    return new OciError('REGISTRY', `${what}: HTTP ${res.status} ${detail}`.trim());
  }

  /** Manifest by tag or digest; undefined on 404. By digest, the bytes must hash to it. */
  async manifest(repo: ImageReference, tagOrDigest: string): Promise<FetchedManifest | undefined> {
    const byDigest = isDigest(tagOrDigest);
    const cached = byDigest ? this.#cache.get(tagOrDigest) : undefined;
    if (cached) {
      const manifest = parseManifest(cached);
      return { digest: tagOrDigest, bytes: cached, mediaType: manifest.mediaType, manifest };
    }
    const what = `manifest ${repo.registry}/${repo.repository}:${tagOrDigest}`;
    const { res } = await this.#send(repo, `${this.#base(repo)}/manifests/${tagOrDigest}`, {
      headers: { Accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) {
      await res.body?.cancel().catch(() => {});
      return undefined;
    }
    if (!res.ok) throw await this.#statusError(res, what);
    const bytes = await readLimited(res, this.#maxManifest, what);
    const contentType = res.headers.get('content-type') ?? '';
    let digest: string;
    if (byDigest) {
      assertDigest(bytes, tagOrDigest, what);
      digest = tagOrDigest;
    } else {
      digest = digestOf(bytes);
      const claimed = res.headers.get('docker-content-digest');
      if (claimed && claimed !== digest) {
        throw new OciError('DIGEST_MISMATCH', `${what}: registry says ${claimed} but the bytes hash to ${digest}`);
      }
    }
    const manifest = parseManifest(bytes, contentType);
    this.#cache.set(digest, bytes);
    return { digest, bytes, mediaType: manifest.mediaType, manifest };
  }

  /** Resolves a tag (or checks a digest) to the manifest digest. */
  async resolve(ref: ImageReference): Promise<string> {
    const target = ref.digest ?? ref.tag ?? 'latest';
    const m = await this.manifest(ref, target);
    if (!m) throw new OciError('NOT_FOUND', `${ref.registry}/${ref.repository}:${target} not found`);
    return m.digest;
  }

  async blob(repo: ImageReference, digest: string, maxBytes = this.#maxBlob): Promise<Uint8Array> {
    const cached = this.#cache.get(digest);
    if (cached) return cached;
    const what = `blob ${repo.registry}/${repo.repository}@${digest}`;
    const { res } = await this.#send(repo, `${this.#base(repo)}/blobs/${digest}`, {});
    if (res.status === 404) {
      await res.body?.cancel().catch(() => {});
      throw new OciError('NOT_FOUND', `${what} not found`);
    }
    if (!res.ok) throw await this.#statusError(res, what);
    const bytes = await readLimited(res, Math.min(maxBytes, this.#maxBlob), what);
    assertDigest(bytes, digest, what);
    this.#cache.set(digest, bytes);
    return bytes;
  }

  /**
   * GET /v2/<repo>/referrers/<digest>. Like go-containerregistry, only a 200 carrying an OCI
   * index counts as API support; anything else (404/400/406, wrong type) means "use the tag".
   */
  async referrers(repo: ImageReference, digest: string): Promise<ImageIndex | undefined> {
    const what = `referrers of ${repo.registry}/${repo.repository}@${digest}`;
    const { res } = await this.#send(repo, `${this.#base(repo)}/referrers/${digest}`, {
      headers: { Accept: OCI_INDEX },
    });
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (res.status !== 200 || type !== OCI_INDEX) {
      await res.body?.cancel().catch(() => {});
      return undefined;
    }
    const m = parseManifest(await readLimited(res, this.#maxManifest, what), OCI_INDEX);
    if (m.kind !== 'index') throw new OciError('MANIFEST_INVALID', `${what}: response is not an image index`);
    return m;
  }

  /** Tags of a repository, following `Link` pagination. */
  async tags(repo: ImageReference): Promise<string[]> {
    const out: string[] = [];
    let url: string | undefined = `${this.#base(repo)}/tags/list`;
    for (let page = 0; url && page < 100; page++) {
      const { res } = await this.#send(repo, url, { headers: { Accept: 'application/json' } });
      if (!res.ok) throw await this.#statusError(res, `tags of ${repo.registry}/${repo.repository}`);
      const text = new TextDecoder().decode(await readLimited(res, this.#maxManifest, 'tag list'));
      let doc: { tags?: unknown } | null;
      try {
        doc = JSON.parse(text) as { tags?: unknown } | null;
      } catch (e) {
        throw new OciError(
          'REGISTRY',
          `tags of ${repo.registry}/${repo.repository}: the tag list is not JSON: ${(e as Error).message}`,
        );
      }
      if (doc === null || typeof doc !== 'object') {
        throw new OciError(
          'REGISTRY',
          `tags of ${repo.registry}/${repo.repository}: the tag list is not a JSON object`,
        );
      }
      if (Array.isArray(doc.tags)) out.push(...doc.tags.filter((t): t is string => typeof t === 'string'));
      const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '');
      url = link ? new URL(link[1]!, url).toString() : undefined;
    }
    return out;
  }

  /** Uploads a blob (monolithic POST+PUT) unless the registry already has it. */
  async pushBlob(repo: ImageReference, bytes: Uint8Array): Promise<string> {
    const digest = digestOf(bytes);
    const head = await this.#send(repo, `${this.#base(repo)}/blobs/${digest}`, { method: 'HEAD' }, true);
    if (head.res.ok) return digest;
    const start = await this.#send(repo, `${this.#base(repo)}/blobs/uploads/`, { method: 'POST' }, true);
    await start.res.body?.cancel().catch(() => {});
    const location = start.res.headers.get('location');
    if (start.res.status !== 202 || !location) throw await this.#statusError(start.res, `start upload of ${digest}`);
    const url = new URL(location, `${this.#base(repo)}/`);
    url.searchParams.set('digest', digest);
    const put = await this.#send(
      repo,
      url.toString(),
      { method: 'PUT', body: bytes as BodyInit, headers: { 'Content-Type': 'application/octet-stream' } },
      true,
    );
    if (put.res.status !== 201) throw await this.#statusError(put.res, `upload of ${digest}`);
    await put.res.body?.cancel().catch(() => {});
    return digest;
  }

  /** PUT a manifest by tag or digest; returns its digest. */
  async pushManifest(
    repo: ImageReference,
    bytes: Uint8Array,
    mediaType: string,
    tagOrDigest?: string,
  ): Promise<string> {
    const digest = digestOf(bytes);
    const put = await this.#send(
      repo,
      `${this.#base(repo)}/manifests/${tagOrDigest ?? digest}`,
      { method: 'PUT', body: bytes as BodyInit, headers: { 'Content-Type': mediaType } },
      true,
    );
    if (put.res.status !== 201) throw await this.#statusError(put.res, `push manifest ${tagOrDigest ?? digest}`);
    await put.res.body?.cancel().catch(() => {});
    return digest;
  }
}
