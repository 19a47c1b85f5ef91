import type { Check } from '@sigguard/types';
import type { BundleContent } from './bundle-content.ts';
export type { Check, CheckStatus } from '@sigguard/types';

export type EvidenceKind = 'signature' | 'attestation';
export type EvidenceOrigin =
  | 'referrers-api' // OCI 1.1 referrers API
  | 'referrers-tag' // the `sha256-<hex>` referrers fallback tag
  | 'legacy-sig' // cosign `sha256-<hex>.sig`
  | 'legacy-att' // cosign `sha256-<hex>.att`
  | 'bundle-file'; // a Sigstore bundle given offline

/**
 * One signature or attestation found for an image, as a Sigstore bundle ready for
 * @sigguard/verify. Legacy cosign layers are converted (v0.1 bundle with the Rekor
 * bundle's inclusion promise); `checks` holds what was already checked on the raw bytes.
 */
export interface ImageEvidence {
  /** Where it came from, for messages: `registry/repo:sha256-….sig layer 0`. */
  id: string;
  origin: EvidenceOrigin;
  kind: EvidenceKind;
  /** Sigstore bundle JSON; absent when the object could not be read (see `checks`). */
  bundle?: Record<string, unknown>;
  /**
   * What `bundle` signs, as bundleContent() read it when the evidence was made (so it is decoded once).
   * Unverified, like all of this object: @sigguard/verify reads the bundle itself.
   */
  content?: BundleContent;
  /** The exact signed bytes of a message signature (cosign simple-signing payload). */
  payload?: Uint8Array;
  /** in-toto predicateType for attestations (and cosign v3 signatures). */
  predicateType?: string;
  /** Checks already done (format, cross-checks against the Rekor entry, binding). */
  checks: Check[];
  /** Legacy layers: DER of the key/certificate the Rekor entry recorded (cross-checked against key authorities). */
  rekorKeysDer?: Uint8Array[];
  /** Layer/manifest annotations, as found. */
  annotations?: Record<string, string>;
}

export const pass = (name: string, reason: string): Check => ({ name, status: 'pass', reason });
export const fail = (name: string, reason: string, code?: string): Check => ({
  name,
  status: 'fail',
  reason,
  ...(code ? { code } : {}),
});
