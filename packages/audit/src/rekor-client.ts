// A bounded client for the Rekor v1 search API: POST /api/v1/index/retrieve (UUIDs by artifact hash or
// e-mail), then POST /api/v1/log/entries/retrieve (entries by UUID, at most 10 per request, as Rekor
// allows). Every response is size-capped and timed out; the UUID count is capped before anything is read.
import { depthProblem } from '@sigguard/input-limits';
import { OciError, readLimited, request, type FetchLike, type HttpOptions } from '@sigguard/oci';

/** Rekor answers at most this many UUIDs per entries/retrieve request (its maxSearchQueries). */
export const REKOR_RETRIEVE_BATCH = 10;

export interface RekorClientOptions {
  url: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** One search of Rekor's index (openapi SearchIndex). */
export type RekorSearch = { hash: string } | { email: string } | { subject: string };

/** An entry as /api/v1/log/entries returns it (openapi LogEntry value), unchecked. */
export type RekorLogEntry = Record<string, unknown>;

export class RekorClient {
  readonly url: string;
  readonly #http: HttpOptions;
  readonly #maxBytes: number;

  constructor(o: RekorClientOptions) {
    let base: URL;
    try {
      base = new URL(o.url);
    } catch {
      throw new OciError('REFERENCE_INVALID', `Rekor URL ${JSON.stringify(o.url)} is not a URL`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:')
      throw new OciError('REFERENCE_INVALID', `Rekor URL ${o.url} is not http(s)`);
    this.url = base.toString().replace(/\/+$/, '');
    this.#http = { fetch: o.fetch, timeoutMs: o.timeoutMs, retries: 2, backoffMs: 200 };
    this.#maxBytes = o.maxResponseBytes;
  }

  /** POST with a JSON body, or GET; undefined for a 404 when `notFound` is allowed. */
  async #call(path: string, body?: unknown, notFound = false): Promise<unknown> {
    const url = `${this.url}${path}`;
    const headers = {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const init =
      body === undefined ? { method: 'GET', headers } : { method: 'POST', headers, body: JSON.stringify(body) };
    const { res } = await request(this.#http, url, init);
    const bytes = await readLimited(res, this.#maxBytes, `Rekor response from ${path}`);
    if (notFound && res.status === 404) return undefined;
    if (!res.ok) {
      const text = new TextDecoder().decode(bytes.subarray(0, 300));
      throw new OciError('REGISTRY', `Rekor ${path}: HTTP ${res.status}${text ? `: ${text}` : ''}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw new OciError('REGISTRY', `Rekor ${path}: the response is not JSON: ${(e as Error).message}`);
    }
    const deep = depthProblem(doc, 'the response');
    if (deep) throw new OciError('REGISTRY', `Rekor ${path}: ${deep}`);
    return doc;
  }

  /** UUIDs of entries indexed under `sha256:<hex>`, an e-mail address or a SAN (`subject`, newer Rekor servers). */
  async search(query: RekorSearch): Promise<string[]> {
    const doc = await this.#call('/api/v1/index/retrieve', query);
    if (!Array.isArray(doc) || !doc.every((u) => typeof u === 'string' && /^([0-9a-f]{64}|[0-9a-f]{80})$/i.test(u))) {
      throw new OciError(
        'REGISTRY',
        'Rekor /api/v1/index/retrieve: expected an array of entry UUIDs (64 or 80 hex digits)',
      );
    }
    return (doc as string[]).map((u) => u.toLowerCase());
  }

  /** Entries by UUID, in batches; the map is keyed by the UUID the log returned each entry under. */
  async entries(uuids: readonly string[], deadline = Infinity): Promise<Map<string, RekorLogEntry>> {
    const out = new Map<string, RekorLogEntry>();
    for (let i = 0; i < uuids.length; i += REKOR_RETRIEVE_BATCH) {
      if (Date.now() >= deadline) {
        throw new OciError(
          'TIMEOUT',
          `the audit budget ran out after ${i} of ${uuids.length} Rekor entries (limits.timeoutMs)`,
        );
      }
      const doc = await this.#call('/api/v1/log/entries/retrieve', {
        entryUUIDs: uuids.slice(i, i + REKOR_RETRIEVE_BATCH),
      });
      if (!Array.isArray(doc))
        throw new OciError('REGISTRY', 'Rekor /api/v1/log/entries/retrieve: expected an array of log entries');
      for (const item of doc) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new OciError('REGISTRY', 'Rekor /api/v1/log/entries/retrieve: a log entry is not a JSON object');
        }
        for (const [uuid, entry] of Object.entries(item as Record<string, unknown>)) {
          if (typeof entry === 'object' && entry !== null) out.set(uuid, entry as RekorLogEntry);
        }
      }
    }
    return out;
  }

  /** One entry by UUID (GET /api/v1/log/entries/{uuid}), for an entry a batch did not return; undefined on 404. */
  async entry(uuid: string): Promise<RekorLogEntry | undefined> {
    const doc = await this.#call(`/api/v1/log/entries/${encodeURIComponent(uuid)}`, undefined, true);
    if (doc === undefined) return undefined;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new OciError('REGISTRY', `Rekor /api/v1/log/entries/${uuid}: the log entry is not a JSON object`);
    }
    const [, entry] =
      Object.entries(doc as Record<string, unknown>).find(([u]) => u.slice(-64) === uuid.slice(-64)) ?? [];
    return typeof entry === 'object' && entry !== null ? (entry as RekorLogEntry) : undefined;
  }
}
