// Per-certificate work done once: its DER (der-memo.ts), the issuer's imported public key, and the answer
// of "does `issuer` sign `cert`". @sigstore/verify asks that for every candidate issuer of every CA tried, on
// every bundle; for two certificates of a trust root the answer never changes, so it is kept (WeakMaps keyed
// by the certificate objects, which live as long as the cached TrustMaterial of the TrustRoot). The check
// itself is @sigstore/core's: crypto.verify over the tbsCertificate with the issuer's key (node:crypto,
// or the browser shims), exactly as X509Certificate.verify does it.
import { crypto, X509Certificate } from '@sigstore/core';
import { memoizeDer } from './der-memo.ts';
import { encodeDer } from './der-encoding.ts';
import { withoutStackTraces } from './no-stack-traces.ts';

const keys = new WeakMap<X509Certificate, crypto.KeyObject>();
const verdicts = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

function publicKeyOf(cert: X509Certificate): crypto.KeyObject {
  let key = keys.get(cert);
  if (key === undefined) {
    key = crypto.createPublicKey(cert.publicKey); // throws as upstream does for an unusable key (not kept)
    keys.set(cert, key);
  }
  return key;
}

// X509Certificate.verify(issuer?) with the same semantics: no issuer means self-signed.
function memoVerify(this: X509Certificate, issuer?: X509Certificate): boolean {
  const signer = issuer ?? this;
  let bySigner = verdicts.get(this);
  if (bySigner === undefined) {
    bySigner = new WeakMap();
    verdicts.set(this, bySigner);
  }
  let ok = bySigner.get(signer);
  if (ok === undefined) {
    ok = crypto.verify(this.tbsCertificate.toDER(), publicKeyOf(signer), this.signatureValue, this.signatureAlgorithm);
    bySigner.set(signer, ok);
  }
  return ok;
}

// X509Certificate.clone(): a fresh parse of the same bytes (the parser copies them), which the SCT check then
// edits (it removes the SCT extension and re-encodes the tbsCertificate: in one buffer, der-encoding.ts).
function memoClone(this: X509Certificate): X509Certificate {
  const der = this.root.toDER();
  const copy = withoutStackTraces(() => X509Certificate.parse(der));
  const tbs = copy.root.subs[0];
  if (tbs) Object.defineProperty(tbs, 'toDER', { value: () => encodeDer(tbs), configurable: true, enumerable: false, writable: true });
  return copy;
}

/** Makes `cert` encode, import its key and check each issuer's signature at most once. Idempotent. */
export function memoizeCertificate(cert: X509Certificate): X509Certificate {
  if (!Object.prototype.hasOwnProperty.call(cert, 'verify')) {
    memoizeDer(cert.root);
    Object.defineProperty(cert, 'verify', { value: memoVerify, configurable: true, enumerable: false, writable: true });
    Object.defineProperty(cert, 'clone', { value: memoClone, configurable: true, enumerable: false, writable: true });
  }
  return cert;
}
