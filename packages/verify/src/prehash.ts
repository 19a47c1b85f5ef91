// Prehashed ECDSA verification: checks a signature against a digest the caller already
// holds (the conformance "sha256:<hex>" form). node:crypto and WebCrypto always hash the
// message themselves, so this goes through @noble/curves with prehash disabled.
import { p256, p384 } from '@noble/curves/nist.js';
import { ASN1Obj } from '@sigstore/core';
import { BundleVerificationError } from './errors.ts';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const CURVES: Record<string, { name: string; curve: typeof p256 }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', curve: p256 },
  '1.3.132.0.34': { name: 'P-384', curve: p384 },
};

export interface PrehashVerifier {
  curve: string;
  verify(signatureDer: Uint8Array, digest: Uint8Array): boolean;
}

/** A verifier for an ECDSA P-256/P-384 SPKI public key; other key types cannot verify a bare digest. */
export function prehashVerifier(spki: Uint8Array): PrehashVerifier {
  let algorithm: string;
  let curveOid: string;
  let point: Uint8Array;
  try {
    const obj = ASN1Obj.parseBuffer(toBuffer(spki));
    const alg = obj.subs[0];
    const bits = obj.subs[1];
    if (!alg || !bits) throw new Error('not a SubjectPublicKeyInfo');
    algorithm = alg.subs[0]?.toOID() ?? '';
    curveOid = algorithm === OID_EC_PUBLIC_KEY ? (alg.subs[1]?.toOID() ?? '') : '';
    // BIT STRING content: first byte is the count of unused bits (0 for keys).
    point = bits.value.subarray(1);
  } catch (e) {
    throw new BundleVerificationError('PUBLIC_KEY', 'signature', `signer public key cannot be parsed: ${(e as Error).message}`, { cause: e });
  }
  if (algorithm !== OID_EC_PUBLIC_KEY) {
    throw new BundleVerificationError(
      'SIGNATURE',
      'signature',
      `verifying against a digest needs an ECDSA key, the signer key has algorithm ${algorithm}: pass the artifact bytes instead`,
    );
  }
  const entry = CURVES[curveOid];
  if (!entry) {
    throw new BundleVerificationError('SIGNATURE', 'signature', `verifying against a digest supports ECDSA P-256 and P-384, not curve ${curveOid}`);
  }
  return {
    curve: entry.name,
    verify(signatureDer, digest) {
      try {
        return entry.curve.verify(signatureDer, digest, point, { prehash: false, format: 'der', lowS: false });
      } catch {
        return false; // malformed DER signature or point: not verified
      }
    },
  };
}

function toBuffer(b: Uint8Array): Buffer<ArrayBuffer> {
  return Buffer.from(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}
