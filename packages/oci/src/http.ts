import { OciError } from './errors.ts';

import type { FetchLike } from '@sigguard/types';
export type { FetchLike } from '@sigguard/types';

/**
 * Told about each HTTP request attempt when it starts (`attempt` 0 is the first try, 1.. are retries), e.g. to
 * start an OpenTelemetry HTTP client span; the returned function is called once with the response status or error.
 */
export type RequestObserver = (
  method: string,
  url: string,
  attempt: number,
) => (outcome: { status: number } | { error: unknown }) => void;

export interface HttpOptions {
  fetch: FetchLike;
  /** Per request, including reading the body. */
  timeoutMs: number;
  /** Extra attempts after a network error, 429 or 5xx. */
  retries: number;
  /** First backoff delay; doubles per attempt. */
  backoffMs: number;
  observe?: RequestObserver;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryable(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
}

/**
 * One HTTP request with a timeout and bounded retries. Returns the Response with the body
 * unread; callers read it with readLimited() under the same abort signal.
 */
export async function request(
  opts: HttpOptions,
  url: string,
  init: RequestInit,
): Promise<{ res: Response; signal: AbortSignal }> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep(opts.backoffMs * 2 ** (attempt - 1));
    const signal = AbortSignal.timeout(opts.timeoutMs);
    const done = opts.observe?.(init.method ?? 'GET', url, attempt);
    try {
      const res = await opts.fetch(url, { ...init, signal, redirect: 'follow' });
      done?.({ status: res.status });
      if (retryable(res.status) && attempt < opts.retries) {
        await res.body?.cancel().catch(() => {});
        lastError = new OciError('NETWORK', `${init.method ?? 'GET'} ${url}: HTTP ${res.status}`);
        continue;
      }
      return { res, signal };
    } catch (e) {
      lastError = toOciError(e, url);
      done?.({ error: lastError });
      if ((lastError as OciError).code === 'TIMEOUT' && attempt >= opts.retries) break;
    }
  }
  throw lastError instanceof OciError ? lastError : toOciError(lastError, url);
}

function toOciError(e: unknown, url: string): OciError {
  if (e instanceof OciError) return e;
  const name = (e as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new OciError('TIMEOUT', `request to ${url} timed out`, { cause: e });
  }
  return new OciError('NETWORK', `request to ${url} failed: ${describeFetchError(e)}`, { cause: e });
}

/** fetch() says only "fetch failed"; the reason (DNS, refused, TLS) is in its cause: name it. */
function describeFetchError(e: unknown): string {
  const message = (e as Error)?.message ?? String(e);
  const cause = (e as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail =
    typeof cause?.message === 'string' && cause.message
      ? cause.message
      : typeof cause?.code === 'string'
        ? cause.code
        : undefined;
  return detail && !message.includes(detail) ? `${message} (${detail})` : message;
}

/** Reads a body but stops (TOO_LARGE) as soon as it exceeds `limit` bytes. */
export async function readLimited(res: Response, limit: number, what: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => {});
    throw new OciError('TOO_LARGE', `${what} is ${declared} bytes, over the ${limit}-byte limit`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw new OciError('TOO_LARGE', `${what} exceeds the ${limit}-byte limit`);
      }
      chunks.push(value);
    }
  } catch (e) {
    throw toOciError(e, what);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}
