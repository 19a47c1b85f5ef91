// The signer certificate's identity read from the parse @sigstore/verify already made: @sigguard/identity
// reads certificates with the same parser (@sigstore/core's), so the leaf is not parsed a second time and the
// result (and every error) is readSignerCertificate's by construction.
// The reading is a function of the certificate's bytes, and the leaf object is shared by every bundle carrying
// those bytes (parsed-once.ts): it is read once and kept on the leaf (a slot defined by memoizeCertificate, so the
// hidden class does not change on first use); each verification gets its own deep copy, as the result is handed
// to the caller, who may change it. Errors are not kept (the next verification reads again and throws the same).
import type { X509Certificate } from '@sigstore/core';
import { signerCertificateFromAsn1 } from '@sigguard/identity';
import type { SignerCertificate } from '@sigguard/identity';
import { IDENTITY } from './certificate-memo.ts';

type Memo = X509Certificate & { [IDENTITY]?: SignerCertificate };

/** Reads the signer certificate `leaf` (already parsed and verified); same result as readSignerCertificate. */
export function signerCertificateOf(leaf: X509Certificate): SignerCertificate {
  const memo = leaf as Memo;
  let read = memo[IDENTITY];
  if (read === undefined) {
    read = signerCertificateFromAsn1(leaf.root, new Uint8Array(leaf.root.toDER()));
    if (Object.hasOwn(memo, IDENTITY)) memo[IDENTITY] = read; // only on a prepared certificate (one hidden class)
  }
  return copyOf(read) as SignerCertificate;
}

/**
 * A deep copy of plain data: arrays, plain objects, Uint8Arrays and Dates are new, nothing mutable is shared
 * with the kept reading. Anything else (a class instance a future field might hold) is refused, so a new kind
 * of field cannot be shared by accident; signer-certificate.test.ts checks every vector certificate.
 */
export function copyOf(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(copyOf);
  if (v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype) return v.slice();
  if (v instanceof Date) return new Date(v.getTime());
  if (Object.getPrototypeOf(v) !== Object.prototype) throw new Error('signer certificate holds a value it cannot copy');
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = copyOf((v as Record<string, unknown>)[k]);
  return out;
}
