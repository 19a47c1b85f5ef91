// Gunzip with a cap on the inflated size that holds while inflating: a gzip bomb (a few KB that
// inflate to gigabytes) is refused after about the cap, in time and memory, not after all of it.
// fflate inflates synchronously, so this runs wherever JavaScript does.
import { fflateModule } from './deps/fflate.ts';

/** What was wrong with the gzip data; each caller maps it to its own error code and message. */
export type GunzipProblem = 'too-large' | 'corrupt' | 'truncated';

export class GunzipLimitError extends Error {
  override name = 'GunzipLimitError';
  readonly problem: GunzipProblem;
  constructor(problem: GunzipProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}

// Deflate expands at most 1032:1, so a 1 KiB push yields about 1 MiB at most before the callback
// can refuse it. Larger pushes let fflate inflate a whole bomb into one growing buffer first:
// 64 KiB pushes took ~4-6 s to refuse a 65 KB bomb of 64 MiB on a loaded 2-core machine.
const PUSH_BYTES = 1024;

/**
 * The inflated bytes of `gz` (one or more gzip members), or GunzipLimitError: `too-large` as soon as
 * more than `maxOut` bytes came out, `corrupt` when fflate refuses the data, `truncated` when it ends
 * before the last member does.
 */
export function gunzipBounded(gz: Uint8Array, maxOut: number): Uint8Array {
  // (The trailer's ISIZE is not used to refuse early: in truncated or corrupt data it is noise.)
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const gunzip = new (fflateModule().Gunzip)((chunk, final) => {
    total += chunk.length;
    if (total > maxOut) throw new GunzipLimitError('too-large', `inflates to more than ${maxOut} bytes`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let off = 0; off < gz.length; off += PUSH_BYTES) {
      gunzip.push(gz.subarray(off, off + PUSH_BYTES), off + PUSH_BYTES >= gz.length);
    }
  } catch (e) {
    if (e instanceof GunzipLimitError) throw e;
    throw new GunzipLimitError('corrupt', `gzip data is corrupt: ${(e as Error).message}`, { cause: e });
  }
  if (!ended) throw new GunzipLimitError('truncated', 'gzip data is truncated');
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
