// What kind of key a DER SubjectPublicKeyInfo holds, read with @sigstore/core's ASN.1 parser
// (no node:crypto, so the browser build can use it). Only the algorithm and raw key bytes.
import { ASN1Obj } from '@sigstore/core';

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_ED25519 = '1.3.101.112';

export type SpkiKeyKind = 'ecdsa' | 'rsa' | 'rsa-pss' | 'ed25519' | 'other';

export interface SpkiInfo {
  kind: SpkiKeyKind;
  /** The AlgorithmIdentifier OID. */
  algorithm: string;
  /** Named-curve OID for ECDSA keys, '' otherwise. */
  curveOid: string;
  /** BIT STRING content without the unused-bits byte (EC point, Ed25519 key, PKCS#1 RSA key). */
  key: Uint8Array;
}

const KINDS: Record<string, SpkiKeyKind> = {
  [OID_EC_PUBLIC_KEY]: 'ecdsa',
  [OID_RSA_ENCRYPTION]: 'rsa',
  [OID_RSASSA_PSS]: 'rsa-pss',
  [OID_ED25519]: 'ed25519',
};

// Keys read, by content (a trusted key is read on every bundle it verifies), for the most recent MAX_READ.
const MAX_READ = 256;
const read = new Map<string, Readonly<SpkiInfo>>();

/** Throws a plain Error when the bytes are not a SubjectPublicKeyInfo; callers wrap it. */
export function readSpki(spki: Uint8Array): Readonly<SpkiInfo> {
  const der = Buffer.from(spki.buffer as ArrayBuffer, spki.byteOffset, spki.byteLength);
  const id = der.toString('base64');
  let info = read.get(id);
  if (info === undefined) {
    info = Object.freeze(parseSpki(der)); // throws for bytes that are not an SPKI; nothing is kept then
    if (read.size >= MAX_READ) read.delete(read.keys().next().value!);
    read.set(id, info);
  }
  return info;
}

function parseSpki(der: Buffer): SpkiInfo {
  const obj = ASN1Obj.parseBuffer(der as Buffer<ArrayBuffer>);
  const alg = obj.subs[0];
  const bits = obj.subs[1];
  if (!alg || !bits) throw new Error('not a SubjectPublicKeyInfo');
  const algorithm = alg.subs[0]?.toOID() ?? '';
  const kind = KINDS[algorithm] ?? 'other';
  const curveOid = kind === 'ecdsa' ? (alg.subs[1]?.toOID() ?? '') : '';
  // BIT STRING content: first byte is the count of unused bits (0 for keys).
  // A copy: the memo's entry must not change with the caller's bytes.
  return { kind, algorithm, curveOid, key: new Uint8Array(bits.value.subarray(1)) };
}
