// What sigstore-go requires of an RFC 3161 token beyond its signature, and @sigstore/verify 4.x
// does not check (it verifies the signature with the trusted TSA leaf and never reads the rest):
// - the response status is granted: digitorus/timestamp ParseResponse refuses any PKIStatus > 0;
// - certificates the token embeds are certificates, and the one naming the signer (issuer and
//   serial number of the SignerInfo) is the trusted TSA leaf itself, byte for byte: digitorus/pkcs7
//   parses every embedded certificate and checks the signature with the signer's, and
//   timestamp-authority's VerifyTimestampResponse refuses a signer certificate that is not
//   `Equal` (same DER) to the trust root's leaf; with embedded certificates but none for the
//   signer, pkcs7 refuses ("No certificate for signer").
// - the SignerInfo's signatureAlgorithm is one digitorus/pkcs7 `getSignatureAlgorithm` knows; an
//   unknown OID there is read by @sigstore/core as "no algorithm" and Node then verifies with the
//   key's default (fuzz seed 20261209 #1299: ecdsa-with-SHA256 became 1.2.840.10045.4.3.18).
// A token that breaks one of these is refused here (TIMESTAMP), before the timestamp step.
import { ASN1Obj, X509Certificate, type RFC3161Timestamp } from '@sigstore/core';
import type { SignedEntity, TrustMaterial } from '@sigstore/verify';
import { BundleVerificationError } from './errors.ts';
import { sameCertificate } from './fast/index.ts';
import { hex, sameBytes } from './hex-bytes.ts';

function timestampError(message: string): BundleVerificationError {
  return new BundleVerificationError('TIMESTAMP', 'timestamps', message);
}

/** The parts of a parsed token read here (the ASN.1 tree @sigstore/core keeps as `root`). */
function tokenTree(t: RFC3161Timestamp): ASN1Obj {
  const root: unknown = t.root; // public in @sigstore/core 4.x
  // Fail closed if @sigstore/core ever changes its shape.
  if (!(root instanceof ASN1Obj))
    throw timestampError('RFC 3161 token cannot be read (unsupported @sigstore/core version)');
  return root;
}

/** The certificates [0] of SignedData, each parsed; a structure that is not a certificate throws. */
function embeddedCertificates(t: RFC3161Timestamp, where: string): X509Certificate[] {
  // TimeStampResp { status, ContentInfo { contentType, [0] SignedData { version, digestAlgorithms, encap, [0] certs, ... } } }
  const signedData = tokenTree(t).subs[1]?.subs.find((s) => s.tag.isContextSpecific(0))?.subs[0];
  const certs = signedData?.subs.slice(3).find((s) => s.tag.isContextSpecific(0));
  if (!certs) return [];
  return certs.subs.map((c, i) => {
    try {
      const cert = new X509Certificate(c);
      // Reading the fields parses them: a damaged one throws, as Go's x509.ParseCertificates would fail.
      void [cert.version, cert.serialNumber, cert.issuer, cert.subject, cert.notBefore, cert.notAfter];
      void [cert.publicKey, cert.signatureAlgorithm, cert.signatureValue, cert.extensions];
      return cert;
    } catch (e) {
      throw timestampError(`${where}: embedded certificate ${i} is not a certificate (${(e as Error).message})`);
    }
  });
}

// digitorus/pkcs7 (as sigstore-go pins it) getSignatureAlgorithm: ECDSA with SHA-1/256/384/512, RSA
// (plain and with SHA-1/256/384/512), DSA, the P-256/P-384/P-521 curve OIDs, Ed25519.
const GO_SIGNATURE_ALGORITHMS = new Set([
  '1.2.840.10045.4.1',
  '1.2.840.10045.4.3.2',
  '1.2.840.10045.4.3.3',
  '1.2.840.10045.4.3.4',
  '1.2.840.113549.1.1.1',
  '1.2.840.113549.1.1.5',
  '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
  '1.2.840.10040.4.1',
  '1.2.840.10040.4.3',
  '1.2.840.10045.3.1.7',
  '1.3.132.0.34',
  '1.3.132.0.35',
  '1.3.101.112',
]);

/** SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, ... }: its OID. */
function signatureAlgorithmOid(t: RFC3161Timestamp): string | undefined {
  const signedData = tokenTree(t).subs[1]?.subs.find((s) => s.tag.isContextSpecific(0))?.subs[0];
  const signerInfo = signedData?.subs[signedData.subs.length - 1]?.subs[0];
  const afterAttrs = signerInfo?.subs.slice(3).find((s) => !s.tag.isContextSpecific(0));
  try {
    return afterAttrs?.subs[0]?.toOID();
  } catch {
    return undefined;
  }
}

function checkToken(t: RFC3161Timestamp, where: string, material: Pick<TrustMaterial, 'timestampAuthorities'>): void {
  let status: bigint;
  try {
    status = t.status;
  } catch (e) {
    throw timestampError(`${where}: no readable PKIStatus (${(e as Error).message})`);
  }
  if (status !== 0n) throw timestampError(`${where}: PKIStatus is ${status}, not granted (0)`);
  const alg = signatureAlgorithmOid(t);
  if (!alg || !GO_SIGNATURE_ALGORITHMS.has(alg)) {
    throw timestampError(
      `${where}: SignerInfo signatureAlgorithm ${alg ?? '(unreadable)'} is not a signature algorithm`,
    );
  }
  const embedded = embeddedCertificates(t, where);
  if (embedded.length === 0) return;
  let issuer: Uint8Array;
  let serial: Uint8Array;
  try {
    [issuer, serial] = [t.signerIssuer, t.signerSerialNumber];
  } catch (e) {
    throw timestampError(`${where}: no readable signer identifier (${(e as Error).message})`);
  }
  const signer = embedded.find((c) => sameBytes(c.issuer, issuer) && sameBytes(c.serialNumber, serial));
  if (!signer) throw timestampError(`${where}: embeds certificates, but none for its signer (serial ${hex(serial)})`);
  const trusted = material.timestampAuthorities.some(
    (ca) => ca.certChain[0] && sameCertificate(signer, ca.certChain[0]),
  );
  if (!trusted) {
    throw timestampError(
      `${where}: the embedded signer certificate (serial ${hex(serial)}) is not a trusted TSA certificate`,
    );
  }
}

/** Throws TIMESTAMP when an RFC 3161 token is not granted or embeds a signer certificate that is not trusted. */
export function checkTimestampTokens(
  entity: SignedEntity,
  material: Pick<TrustMaterial, 'timestampAuthorities'>,
): void {
  let i = 0;
  for (const t of entity.timestamps) {
    if (t.$case !== 'timestamp-authority') continue;
    checkToken(t.timestamp, `rfc3161Timestamps[${i}]`, material);
    i++;
  }
}
