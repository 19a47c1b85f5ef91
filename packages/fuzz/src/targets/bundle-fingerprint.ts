// What a bundle's signatures cover, decoded: the certificate, the message digest and signature,
// the DSSE payload, type and signatures, each transparency-log entry's signed fields (body,
// index, log id, time, SET, inclusion proof, checkpoint) and the RFC 3161 timestamps.
// Base64 is decoded and integers normalised, so re-encodings compare equal.
//
// A mutant changed signed content when it carries a signed value the original did not have.
// Values it dropped are not "changed content": a verifier must then cope with what is left
// (and the oracle says whether that still verifies).
import { ASN1Obj } from '@sigstore/core';
import { decodeBase64Loose, type Json } from '../json-mutate.ts';

const hex = (v: unknown): string => {
  if (typeof v !== 'string') return `!${JSON.stringify(v)}`;
  const b = decodeBase64Loose(v);
  return b ? Buffer.from(b).toString('hex') : `!${JSON.stringify(v)}`;
};

const int = (v: unknown): string => {
  if ((typeof v === 'string' && /^-?\d+$/.test(v)) || (typeof v === 'number' && Number.isSafeInteger(v))) {
    return BigInt(v).toString();
  }
  return `!${JSON.stringify(v)}`;
};

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * What of an RFC 3161 TimeStampResp a verifier relies on: the status, the encapsulated TSTInfo,
 * the SignerInfo without its version and unsigned attributes, and the embedded certificates. Left out, because
 * neither verifier reads them and no signature covers them: SignedData's version and
 * digestAlgorithms set (the SignerInfo's own digestAlgorithm is what is used; digitorus/pkcs7 and
 * @sigstore/core skip the set), its crls, and the unsignedAttrs. Bytes that do not parse stay whole.
 */
function timestampToken(v: unknown): string {
  const bytes = typeof v === 'string' ? decodeBase64Loose(v) : undefined;
  if (!bytes) return hex(v);
  try {
    const resp = ASN1Obj.parseBuffer(Buffer.from(bytes));
    const [status, token] = resp.subs;
    const signedData = token!.subs.find((s) => s.tag.isContextSpecific(0))!.subs[0]!;
    const [, , encap, ...rest] = signedData.subs;
    const certs = rest.find((s) => s.tag.isContextSpecific(0));
    const signerInfos = rest[rest.length - 1]!;
    // The SignerInfo's version (1: issuerAndSerialNumber, 3: subjectKeyIdentifier) is covered by no signature and
    // decides nothing in either verifier (seed 20261210 #44635 flipped it); the sid that follows it is kept.
    const signerParts = signerInfos.subs.map((si) => si.subs.slice(1).filter((x) => !x.tag.isContextSpecific(1)));
    const der = (o: ASN1Obj) => o.toDER().toString('hex');
    return [der(status!), der(encap!), certs ? der(certs) : '-', ...signerParts.map((p) => p.map(der).join('.'))].join(
      '/',
    );
  } catch {
    return hex(v);
  }
}

// Rekor v2 entries are the 0.0.2 hashedrekord and dsse kinds (intoto 0.0.2 is a Rekor v1 kind). Read
// from the body, which the proof signs, so a mutant cannot relabel an entry without changing content.
function isRekorV2Body(body: unknown): boolean {
  const bytes = typeof body === 'string' ? decodeBase64Loose(body) : undefined;
  if (!bytes) return false;
  try {
    const b = obj(JSON.parse(new TextDecoder().decode(bytes)));
    return b?.apiVersion === '0.0.2' && (b.kind === 'hashedrekord' || b.kind === 'dsse');
  } catch {
    return false;
  }
}

export function signedContent(doc: Json | undefined): Set<string> {
  const out = new Set<string>();
  // protobuf JSON reads null as the field's absence.
  const add = (name: string, v: unknown, enc: (x: unknown) => string) => {
    if (v !== undefined && v !== null) out.add(`${name}=${enc(v)}`);
  };
  const str = (x: unknown) => (typeof x === 'string' ? x : `!${JSON.stringify(x)}`);
  const b = obj(doc);
  if (!b) return out;
  const ms = obj(b.messageSignature);
  if (ms) {
    const md = obj(ms.messageDigest);
    add('messageDigest.algorithm', md?.algorithm, str);
    add('messageDigest.digest', md?.digest, hex);
    add('messageSignature.signature', ms.signature, hex);
  }
  const dsse = obj(b.dsseEnvelope);
  if (dsse) {
    add('dsse.payload', dsse.payload, hex);
    add('dsse.payloadType', dsse.payloadType, str);
    for (const s of arr(dsse.signatures)) add('dsse.sig', obj(s)?.sig, hex);
  }
  const vm = obj(b.verificationMaterial);
  add('certificate', obj(vm?.certificate)?.rawBytes, hex);
  add('certificate', obj(arr(obj(vm?.x509CertificateChain)?.certificates)[0])?.rawBytes, hex);
  for (const e of arr(vm?.tlogEntries)) {
    const t = obj(e);
    if (!t) {
      out.add(`tlog=!${JSON.stringify(e)}`);
      continue;
    }
    // A SET (inclusionPromise; null is its absence in protobuf JSON, seed 20261211 #98184) signs the
    // entry's logIndex and integratedTime. Without one, a Rekor v1 proof is run at inclusionProof.logIndex
    // (sigstore-go tlog.VerifyInclusion, @sigstore/verify) and nothing reads the entry's (seed 20261211
    // #88260); a Rekor v2 proof binds it (sigstore-go runs the proof at it; checkpoint-binding.ts).
    const hasSet = t.inclusionPromise !== undefined && t.inclusionPromise !== null;
    if (hasSet || isRekorV2Body(t.canonicalizedBody)) add('tlog.logIndex', t.logIndex, int);
    add('tlog.logId', obj(t.logId)?.keyId, hex);
    // integratedTime is signed by the SET only; without one verifiers must not rely on it.
    if (hasSet) add('tlog.integratedTime', t.integratedTime, int);
    add('tlog.body', t.canonicalizedBody, hex);
    add('tlog.set', obj(t.inclusionPromise)?.signedEntryTimestamp, hex);
    const p = obj(t.inclusionProof);
    if (p) {
      add('tlog.proof.logIndex', p.logIndex, int);
      add('tlog.proof.rootHash', p.rootHash, hex);
      add('tlog.proof.treeSize', p.treeSize, int);
      // A repeated field given as null is absent, as protobuf JSON reads it: no hashes (seed 20261209 #8287).
      add(
        'tlog.proof.hashes',
        p.hashes === undefined ? undefined : p.hashes === null ? '' : arr(p.hashes).map(hex).join(','),
        String,
      );
      // The note body (origin, size, root hash); signature lines of unknown witnesses may change.
      const note = obj(p.checkpoint)?.envelope;
      add('tlog.proof.checkpoint', typeof note === 'string' ? note.split('\n\n')[0] : note, str);
    }
  }
  for (const ts of arr(obj(vm?.timestampVerificationData)?.rfc3161Timestamps))
    add('rfc3161', obj(ts)?.signedTimestamp, timestampToken);
  return out;
}

/** Signed values in the mutant that the original does not have (empty: no signed content changed). */
export function addedSignedContent(original: Set<string>, mutant: Set<string>): string[] {
  return [...mutant].filter((v) => !original.has(v));
}
