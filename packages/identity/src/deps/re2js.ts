// re2js for the Node entry, loaded on first use (a regexp identity); browser and worker bundles import() it.
import type * as Re2js from 're2js';
import { requireOnFirstUse } from '@sigguard/types/require-on-first-use';

export const re2jsModule = requireOnFirstUse<Pick<typeof Re2js, 'RE2JS'>>(
  (import.meta as { url?: string }).url ?? __filename,
  're2js',
);
