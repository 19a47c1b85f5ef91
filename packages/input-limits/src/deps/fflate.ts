// fflate, loaded on first use in Node (gzip tarballs only); bundles use fflate.bundled.ts. Its browser build: the
// Node one differs only in running the asynchronous API on worker_threads, which sigguard never calls.
import type * as Fflate from 'fflate';
import { requireOnFirstUse } from '@sigguard/types/require-on-first-use';

/** What sigguard uses of fflate (the bundled twin exports just this, so bundlers can drop the rest). */
export type FflateModule = Pick<typeof Fflate, 'Gunzip'>;

export const fflateModule = requireOnFirstUse<FflateModule>(
  (import.meta as { url?: string }).url ?? __filename,
  'fflate/browser',
);
