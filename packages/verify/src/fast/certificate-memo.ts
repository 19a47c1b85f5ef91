// Per-certificate work done once: its DER (der-memo.ts), the issuer's imported public key, and the answer
// of "does `issuer` sign `cert`". @sigstore/verify asks that for every candidate issuer of every CA tried, on
// every bundle; for two certificates of a trust root the answer never changes, so it is kept (on the checked
// certificate object, which lives as long as the cached TrustMaterial of the TrustRoot, or as the bundle for its
// signing certificate; not in a WeakMap, whose values the young-generation GC keeps alive: der-memo.ts). The check
// itself is @sigstore/core's: crypto.verify over the tbsCertificate with the issuer's key (node:crypto,
// or the browser shims), exactly as X509Certificate.verify does it.
import { ASN1Obj, crypto, X509Certificate } from '@sigstore/core';
import { encodingOf, memoizeDer } from './der-memo.ts';
import { encodeDer } from './der-encoding.ts';
import { verdictsMayBeKept } from './speculative.ts';

const KEY = Symbol('sigguard.key');
const VERDICTS = Symbol('sigguard.verdicts');
/** The signing certificate's identity as read once (signer-certificate.ts). */
export const IDENTITY = Symbol('sigguard.identity');
type Memo = X509Certificate & { [KEY]?: crypto.KeyObject; [VERDICTS]?: WeakMap<X509Certificate, boolean> };

// Defined up front, in one order, so every prepared certificate has one hidden class (der-memo.ts says why).
function define(cert: X509Certificate, key: PropertyKey, value: unknown): void {
  Object.defineProperty(cert, key, { value, configurable: true, enumerable: false, writable: true });
}

function publicKeyOf(cert: Memo): crypto.KeyObject {
  let key = cert[KEY];
  if (key === undefined) {
    key = crypto.createPublicKey(cert.publicKey); // throws as upstream does for an unusable key (not kept)
    if (Object.hasOwn(cert, KEY)) cert[KEY] = key;
    else define(cert, KEY, key); // an issuer that was not prepared (memoizeCertificate)
  }
  return key;
}

// X509Certificate.verify(issuer?) with the same semantics: no issuer means self-signed.
function memoVerify(this: Memo, issuer?: X509Certificate): boolean {
  const signer = issuer ?? this;
  let bySigner = this[VERDICTS];
  if (bySigner === undefined) {
    bySigner = new WeakMap();
    this[VERDICTS] = bySigner;
  }
  let ok = bySigner.get(signer);
  if (ok === undefined) {
    ok = crypto.verify(this.tbsCertificate.toDER(), publicKeyOf(signer), this.signatureValue, this.signatureAlgorithm);
    if (verdictsMayBeKept()) bySigner.set(signer, ok);
  }
  return ok;
}

// X509Certificate.clone() for the SCT check, which removes the SCT extension from the copy's extension list
// and re-encodes its tbsCertificate. Instead of re-parsing the whole certificate, the copy shares every node
// except those on the path to that list (certificate, tbsCertificate, [3], the extensions SEQUENCE), which are
// new nodes with their own arrays of children: an edit of the copy never reaches the original. Its
// tbsCertificate is encoded in one buffer, unchanged shared subtrees copied from their parsed bytes.
function memoClone(this: X509Certificate): X509Certificate {
  const root = this.root;
  const tbs = root.subs[0];
  const wrapperIndex = tbs ? tbs.subs.findIndex((s) => s.tag.isContextSpecific(0x03)) : -1;
  const wrapper = tbs?.subs[wrapperIndex];
  const list = wrapper?.subs[0];
  if (!tbs || !wrapper || !list) return X509Certificate.parse(root.toDER() as Buffer<ArrayBuffer>); // nothing to edit
  const fresh = new Set<ASN1Obj>();
  const copy = (node: ASN1Obj, subs: ASN1Obj[]): ASN1Obj => {
    const made = new ASN1Obj(node.tag, node.value, subs);
    fresh.add(made);
    return made;
  };
  const listCopy = copy(list, [...list.subs]);
  const wrapperCopy = copy(wrapper, [listCopy, ...wrapper.subs.slice(1)]);
  const tbsCopy = copy(
    tbs,
    tbs.subs.map((s, i) => (i === wrapperIndex ? wrapperCopy : s)),
  );
  const rootCopy = copy(root, [tbsCopy, ...root.subs.slice(1)]);
  const reuse = (node: ASN1Obj) => (fresh.has(node) ? undefined : encodingOf(node));
  const encode = (node: ASN1Obj) => () => encodeDer(node, reuse);
  for (const node of fresh) {
    Object.defineProperty(node, 'toDER', {
      value: encode(node),
      configurable: true,
      enumerable: false,
      writable: true,
    });
  }
  return new X509Certificate(rootCopy);
}

/** Makes `cert` encode, import its key and check each issuer's signature at most once. Idempotent. */
export function memoizeCertificate(cert: X509Certificate): X509Certificate {
  if (!Object.hasOwn(cert, 'verify')) {
    memoizeDer(cert.root);
    define(cert, 'verify', memoVerify);
    define(cert, 'clone', memoClone);
    define(cert, KEY, undefined);
    define(cert, VERDICTS, undefined);
    define(cert, IDENTITY, undefined);
  }
  return cert;
}
