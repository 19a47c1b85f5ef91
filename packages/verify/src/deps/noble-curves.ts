// @noble/curves, loaded on first use in Node (digest-only ECDSA and the Ed25519ph diagnosis only: node:crypto
// verifies everything else); bundles use noble-curves.bundled.ts. Its modules build their curves when evaluated.
import type * as Ed25519 from '@noble/curves/ed25519.js';
import type * as Nist from '@noble/curves/nist.js';
import { requireOnFirstUse } from '@sigguard/types/require-on-first-use';

/** What sigguard uses of the curves (the bundled twin exports just these, so bundlers can drop the rest). */
export type NistCurves = Pick<typeof Nist, 'p256' | 'p384'>;
export type Ed25519Curves = Pick<typeof Ed25519, 'ed25519ph'>;

const base = (import.meta as { url?: string }).url ?? __filename;
export const nistCurves = requireOnFirstUse<NistCurves>(base, '@noble/curves/nist.js');
export const ed25519Curves = requireOnFirstUse<Ed25519Curves>(base, '@noble/curves/ed25519.js');
