import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { OciError } from './errors.ts';

/** A content digest `sha256:<64 hex>` (the only algorithm cosign and registries use here). */
export interface Digest {
  algorithm: 'sha256';
  hex: string;
}

const DIGEST_RE = /^sha256:([a-f0-9]{64})$/;

export function parseDigest(s: string): Digest {
  const m = DIGEST_RE.exec(s);
  if (!m) throw new OciError('REFERENCE_INVALID', `not a sha256 digest: '${s}'`);
  return { algorithm: 'sha256', hex: m[1]! };
}

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export function digestOf(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}

/** Throws DIGEST_MISMATCH unless `bytes` hash to `expected` (what was asked for is what was received). */
export function assertDigest(bytes: Uint8Array, expected: string, what: string): void {
  parseDigest(expected);
  const got = digestOf(bytes);
  if (got !== expected) {
    throw new OciError('DIGEST_MISMATCH', `${what}: content hashes to ${got}, expected ${expected}`);
  }
}

/** `sha256:abc` -> `sha256-abc`: the tag form cosign and the referrers fallback use. */
export function digestTag(digest: string): string {
  parseDigest(digest);
  return digest.replace(':', '-');
}
