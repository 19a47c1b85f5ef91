// Prehashed ECDSA verification: checks a signature against a digest the caller already
// holds (the conformance "sha256:<hex>" form). node:crypto and WebCrypto always hash the
// message themselves, so this goes through @noble/curves with prehash disabled.
import type { p256 } from '@noble/curves/nist.js';
import { nistCurves } from './deps/noble-curves.ts';
import { BundleVerificationError } from './errors.ts';
import { readSpki, type SpkiInfo } from './spki.ts';

const CURVES: Record<string, { name: string; curve: () => typeof p256 }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', curve: () => nistCurves().p256 },
  '1.3.132.0.34': { name: 'P-384', curve: () => nistCurves().p384 },
};

export interface PrehashVerifier {
  curve: string;
  verify(signatureDer: Uint8Array, digest: Uint8Array): boolean;
}

/** A verifier for an ECDSA P-256/P-384 SPKI public key; other key types cannot verify a bare digest. */
export function prehashVerifier(spki: Uint8Array): PrehashVerifier {
  let info: SpkiInfo;
  try {
    info = readSpki(spki);
  } catch (e) {
    throw new BundleVerificationError(
      'PUBLIC_KEY',
      'signature',
      `signer public key cannot be parsed: ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (info.kind === 'ed25519') {
    // Pure Ed25519 signs the whole message; sigstore-go refuses digest-only Ed25519 message signatures too.
    throw new BundleVerificationError(
      'SIGNATURE',
      'signature',
      'an Ed25519 signature is over the whole artifact and cannot be verified against its digest: pass the artifact bytes instead',
    );
  }
  if (info.kind !== 'ecdsa') {
    throw new BundleVerificationError(
      'SIGNATURE',
      'signature',
      `verifying against a digest needs an ECDSA key, the signer key has algorithm ${info.algorithm}: pass the artifact bytes instead`,
    );
  }
  const { curveOid } = info;
  const point = info.key;
  const entry = CURVES[curveOid];
  if (!entry) {
    throw new BundleVerificationError(
      'SIGNATURE',
      'signature',
      `verifying against a digest supports ECDSA P-256 and P-384, not curve ${curveOid}`,
    );
  }
  const curve = entry.curve(); // loaded here: a failed load is an error, not a signature that does not verify
  return {
    curve: entry.name,
    verify(signatureDer, digest) {
      try {
        return curve.verify(signatureDer, digest, point, { prehash: false, format: 'der', lowS: false });
      } catch {
        return false; // malformed DER signature or point: not verified
      }
    },
  };
}
