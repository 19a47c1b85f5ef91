// Where TUF metadata and targets come from: an in-memory repository (mirrorFS) or an
// HTTP mirror (global fetch: Node 22+, browsers, workers).
import { concatBytes } from '../bytes.ts';
import { TrustRootLoadError } from '../errors.ts';
import type { RepositoryFiles } from '../mirror-fs.ts';

export interface TufSource {
  /** Human-readable location of `path` for error messages. */
  describe(path: string): string;
  /** The file's bytes, or undefined when the repository does not have it (HTTP 403/404). */
  get(path: string, maxLength: number): Promise<Uint8Array | undefined>;
}

/** An unpacked repository in memory (air-gapped mirrorFS). */
export class MemoryTufSource implements TufSource {
  readonly #files: RepositoryFiles;
  readonly #label: string;
  constructor(files: RepositoryFiles, label = 'mirrorFS') {
    this.#files = files;
    this.#label = label;
  }
  describe(path: string): string {
    return `${this.#label} repository/${path}`;
  }
  async get(path: string, maxLength: number): Promise<Uint8Array | undefined> {
    const bytes = this.#files.get(path);
    if (bytes && bytes.length > maxLength) {
      throw new TrustRootLoadError(
        'TUF_INVALID',
        `${this.describe(path)}: ${bytes.length} bytes, over the expected maximum of ${maxLength}`,
      );
    }
    return bytes;
  }
}

import type { FetchLike } from '@sigguard/types';
export type { FetchLike } from '@sigguard/types';

/** A TUF mirror over HTTP(S). Timeouts and the length limit fail closed. */
export class HttpTufSource implements TufSource {
  readonly #base: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  constructor(mirror: string, options: { fetch?: FetchLike; timeoutMs?: number } = {}) {
    let url: URL;
    try {
      url = new URL(mirror);
    } catch {
      throw new TrustRootLoadError('RESOURCE_INVALID', `TUF mirror ${JSON.stringify(mirror)} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new TrustRootLoadError('RESOURCE_INVALID', `TUF mirror ${mirror}: only http(s) URLs are supported`);
    }
    this.#base = url.href.endsWith('/') ? url.href : `${url.href}/`;
    this.#fetch = options.fetch ?? ((u, i) => fetch(u, i));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }
  describe(path: string): string {
    return new URL(path, this.#base).href;
  }
  async get(path: string, maxLength: number): Promise<Uint8Array | undefined> {
    const url = this.describe(path);
    let res: Response;
    try {
      res = await this.#fetch(url, { signal: AbortSignal.timeout(this.#timeoutMs), redirect: 'follow' });
    } catch (e) {
      throw new TrustRootLoadError('TUF_FETCH', `${url}: request failed: ${(e as Error).message}`, { cause: e });
    }
    if (res.status === 404 || res.status === 403) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new TrustRootLoadError('TUF_FETCH', `${url}: HTTP ${res.status}`);
    }
    return readLimited(res, maxLength, url);
  }
}

async function readLimited(res: Response, maxLength: number, url: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxLength) {
        await reader.cancel();
        throw new TrustRootLoadError('TUF_INVALID', `${url}: more than the expected maximum of ${maxLength} bytes`);
      }
      chunks.push(value);
    }
  }
  return concatBytes(chunks, total);
}
