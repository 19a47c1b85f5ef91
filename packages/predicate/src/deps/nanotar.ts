// nanotar, loaded on first use in Node (OPA bundles only); bundles use nanotar.bundled.ts.
import type * as Nanotar from 'nanotar';
import { requireOnFirstUse } from '@sigguard/types/require-on-first-use';

/** What sigguard uses of nanotar (the bundled twin exports just this, so bundlers can drop the rest). */
export type NanotarModule = Pick<typeof Nanotar, 'parseTar'>;

export const nanotarModule = requireOnFirstUse<NanotarModule>(
  (import.meta as { url?: string }).url ?? __filename,
  'nanotar',
);
