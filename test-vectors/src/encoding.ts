// Small byte/text helpers shared by the private Sigstore instance.
import { createHash } from 'node:crypto';
import { json } from '@sigstore/core';

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function digest(algorithm: 'sha256' | 'sha384' | 'sha512', data: Uint8Array): Buffer {
  return createHash(algorithm).update(data).digest();
}

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** Canonical JSON (sorted keys, no whitespace), as Rekor uses for bodies and SETs. */
export function canonicalJSON(value: unknown): string {
  return json.canonicalize(value);
}

export function toPEM(der: Uint8Array, label: 'CERTIFICATE' | 'PUBLIC KEY' | 'PRIVATE KEY'): string {
  const lines = b64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Big-endian unsigned integer of `size` bytes (TLS encoding). */
export function uint(value: number | bigint, size: number): Buffer {
  const out = Buffer.alloc(size);
  let v = BigInt(value);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`value ${value} does not fit in ${size} bytes`);
  return out;
}
