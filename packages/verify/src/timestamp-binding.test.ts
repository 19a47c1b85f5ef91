// RFC 3161 tokens: what sigstore-go (digitorus/timestamp, digitorus/pkcs7, timestamp-authority)
// requires beyond the signature. Found by npm run fuzz (seed 20261205, cases 17888 and 28075: a bit
// flipped in the token's embedded TSA certificate was accepted). The committed vector's token was
// written by the test TSA; each test damages one part of it, located through its ASN.1 structure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASN1Obj } from '@sigstore/core';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { loadVectors } from '@sigguard/test-vectors';
import { verifyBundleSync } from './index.ts';

const v = loadVectors().find((x) => x.name === 'keyless-rekor-v2-tsa')!;
const options = {
  artifact: v.artifactBytes,
  trustRoot: parseTrustedRoot(v.trustedRootJSON as object),
  identities: compileIdentities([v.identity!]),
  now: v.verifyAtDate,
};
const tokenB64 = (v.bundleJSON as any).verificationMaterial.timestampVerificationData.rfc3161Timestamps[0]
  .signedTimestamp;
const token = Buffer.from(tokenB64, 'base64');

/** The token's parts with their offsets in `token` (ASN1Obj keeps no offsets; DER is found by content). */
function part(pick: (resp: ASN1Obj) => ASN1Obj): { at: number; der: Buffer } {
  const der = pick(ASN1Obj.parseBuffer(token)).toDER();
  const at = token.indexOf(der);
  assert.ok(at >= 0 && token.indexOf(der, at + 1) < 0, 'the part occurs once in the token');
  return { at, der };
}
const signedData = (r: ASN1Obj) => r.subs[1]!.subs.find((s) => s.tag.isContextSpecific(0))!.subs[0]!;
const embeddedCert = (r: ASN1Obj) => signedData(r).subs.find((s, i) => i >= 3 && s.tag.isContextSpecific(0))!.subs[0]!;
const tbs = (r: ASN1Obj) => embeddedCert(r).subs[0]!;

function verifyWith(damage: (t: Buffer) => void) {
  const t = Buffer.from(token);
  damage(t);
  const b = structuredClone(v.bundleJSON) as any;
  b.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0].signedTimestamp = t.toString('base64');
  return verifyBundleSync(b, options);
}

function refused(r: ReturnType<typeof verifyBundleSync>, reason: RegExp): void {
  assert.equal(r.ok, false, 'must not verify');
  assert.equal(r.error?.code, 'TIMESTAMP', r.error?.message);
  assert.match(r.error!.message, reason);
  assert.equal(r.checks.find((c) => c.name === 'timestamps')?.status, 'fail');
}

test('the vector verifies; its token is granted and embeds the trusted TSA leaf', () => {
  const r = verifyBundleSync(v.bundleJSON as any, options);
  assert.equal(r.ok, true, r.error?.message);
  const leaf = Buffer.from(
    (v.trustedRootJSON as any).timestampAuthorities[0].certChain.certificates[0].rawBytes,
    'base64',
  );
  assert.deepEqual(part(embeddedCert).der, leaf);
});

test('a bit flipped in the embedded certificate public key is refused (#17888)', () => {
  const spki = part((r) => tbs(r).subs[6]!);
  refused(
    verifyWith((t) => (t[spki.at + spki.der.length - 5]! ^= 0x20)),
    /embedded (signer )?certificate/,
  );
});

test('an embedded signer certificate other than the trusted leaf is refused (#28075: a changed extension)', () => {
  const ext = part((r) => tbs(r).subs.find((s) => s.tag.isContextSpecific(3))!);
  refused(
    verifyWith((t) => (t[ext.at + ext.der.length - 3]! ^= 0x04)),
    /embedded signer certificate \(serial [0-9a-f]+\) is not a trusted TSA certificate/,
  );
});

test("embedded certificates without the signer's are refused (its serial changed)", () => {
  // The serial number occurs again in the SignerInfo's sid: the certificate's comes first.
  const serialDer = tbs(ASN1Obj.parseBuffer(token)).subs[1]!.toDER();
  const serial = { at: token.indexOf(serialDer, part(embeddedCert).at) };
  refused(
    verifyWith((t) => (t[serial.at + 4]! ^= 0x01)),
    /embeds certificates, but none for its signer/,
  );
});

test('a PKIStatus other than granted (0) is refused, grantedWithMods (1) included', () => {
  const status = part((r) => r.subs[0]!.subs[0]!);
  assert.deepEqual([...status.der], [0x02, 0x01, 0x00]);
  for (const s of [1, 2, 5])
    refused(
      verifyWith((t) => (t[status.at + 2] = s)),
      new RegExp(`PKIStatus is ${s}, not granted`),
    );
});

test('a SignerInfo signatureAlgorithm that is no signature algorithm is refused (seed 20261209 #1299)', () => {
  // ecdsa-with-SHA256 (1.2.840.10045.4.3.2) -> 1.2.840.10045.4.3.18: @sigstore/core finds no algorithm
  // and Node verifies with the key's default; digitorus/pkcs7 refuses an unsupported algorithm.
  const si = (r: ASN1Obj) => signedData(r).subs.at(-1)!.subs[0]!;
  // The same OID signs the embedded certificate; the SignerInfo comes last in the token.
  const der = si(ASN1Obj.parseBuffer(token))
    .subs.slice(3)
    .find((s) => !s.tag.isContextSpecific(0))!
    .subs[0]!.toDER();
  const at = token.lastIndexOf(der);
  refused(
    verifyWith((t) => (t[at + der.length - 1]! ^= 0x10)),
    /signatureAlgorithm 1\.2\.840\.10045\.4\.3\.18 is not a signature algorithm/,
  );
});

test('the SignedData digestAlgorithms set is not signed nor read: changing it verifies (#21038, harmless)', () => {
  // digitorus/pkcs7 and @sigstore/core use the SignerInfo's digestAlgorithm, which the signature covers.
  // SET { SEQUENCE { OID sha256, NULL } }: byte 3 of the OID's content (2.16.840.1 -> 2.16.840.9).
  const algs = part((r) => signedData(r).subs[1]!);
  assert.equal(algs.der[4], 0x06);
  const r = verifyWith((t) => (t[algs.at + 6 + 3]! ^= 0x08));
  assert.equal(r.ok, true, r.error?.message);
});
