// PEM certificate chains and public keys → DER, and what kind of key a SPKI holds
// (for TrustedRoot `keyDetails`), via @peculiar/asn1-* (the parsers identity uses).
import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { asn1Ecc, asn1Rsa, asn1Schema, asn1X509 } from './deps/peculiar-asn1.ts';
import { decodeBase64 } from './bytes.ts';
import { TrustRootLoadError } from './errors.ts';

interface PemBlock {
  label: string;
  der: Uint8Array;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function pemBlocks(pem: string, where: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of pem.matchAll(PEM_BLOCK)) {
    blocks.push({ label: m[1]!, der: decodeBase64(m[2]!, `${where} (PEM ${m[1]} block ${blocks.length + 1})`) });
  }
  if (blocks.length === 0) throw new TrustRootLoadError('BAD_PEM', `${where}: no PEM block found`);
  return blocks;
}

/** Every certificate of a PEM chain, in file order, each checked to parse as X.509. */
export function pemCertificates(pem: string, where: string): Uint8Array[] {
  const { AsnConvert } = asn1Schema(); // loaded before the try: a failed load is not invalid DER
  const { Certificate } = asn1X509();
  return pemBlocks(pem, where).map((b, i) => {
    if (b.label !== 'CERTIFICATE') {
      throw new TrustRootLoadError('BAD_PEM', `${where}: PEM block ${i + 1} is "${b.label}", expected CERTIFICATE`);
    }
    try {
      AsnConvert.parse(b.der, Certificate);
    } catch (e) {
      throw new TrustRootLoadError(
        'BAD_PEM',
        `${where}: certificate ${i + 1} is not valid X.509 DER: ${(e as Error).message}`,
        { cause: e },
      );
    }
    return b.der;
  });
}

/** True when the certificate is a CA (basicConstraints cA); false for a leaf. */
export function isCaCertificate(der: Uint8Array): boolean {
  const { AsnConvert } = asn1Schema();
  const { BasicConstraints, Certificate, id_ce_basicConstraints } = asn1X509();
  const cert = AsnConvert.parse(der, Certificate);
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_basicConstraints);
  return ext ? AsnConvert.parse(ext.extnValue.buffer, BasicConstraints).cA : false;
}

/** The DER SubjectPublicKeyInfo of the first PEM block (as Go's UnmarshalPEMToPublicKey reads it). */
export function pemPublicKey(pem: string, where: string): Uint8Array {
  const [first] = pemBlocks(pem, where);
  if (first!.label !== 'PUBLIC KEY') {
    throw new TrustRootLoadError('BAD_PEM', `${where}: PEM block is "${first!.label}", expected PUBLIC KEY`);
  }
  keyDetailsOf(first!.der, where);
  return first!.der;
}

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const ED25519 = '1.3.101.112';
const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'PKIX_ECDSA_P256_SHA_256',
  '1.3.132.0.34': 'PKIX_ECDSA_P384_SHA_384',
  '1.3.132.0.35': 'PKIX_ECDSA_P521_SHA_512',
};

/** TrustedRoot keyDetails name for a DER SPKI; throws for key types Sigstore does not use. */
export function keyDetailsOf(spki: Uint8Array, where: string): string {
  const { AsnConvert } = asn1Schema(); // loaded before the try: a failed load is not invalid DER
  const { SubjectPublicKeyInfo } = asn1X509();
  let info: SubjectPublicKeyInfo;
  try {
    info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  } catch (e) {
    throw new TrustRootLoadError('BAD_PEM', `${where}: not a valid DER SubjectPublicKeyInfo: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const alg = info.algorithm.algorithm;
  if (alg === ED25519) return 'PKIX_ED25519';
  if (alg === EC_PUBLIC_KEY) {
    const params = info.algorithm.parameters;
    const curve = params ? AsnConvert.parse(params, asn1Ecc().ECParameters).namedCurve : undefined;
    const details = curve ? CURVES[curve] : undefined;
    if (!details) throw new TrustRootLoadError('BAD_PEM', `${where}: unsupported elliptic curve ${curve ?? '(none)'}`);
    return details;
  }
  if (alg === RSA_ENCRYPTION) {
    const rsa = AsnConvert.parse(info.subjectPublicKey, asn1Rsa().RSAPublicKey);
    const modulus = new Uint8Array(rsa.modulus);
    const bits = (modulus.length - (modulus[0] === 0 ? 1 : 0)) * 8;
    if (bits <= 2048) return 'PKIX_RSA_PKCS1V15_2048_SHA256';
    if (bits <= 3072) return 'PKIX_RSA_PKCS1V15_3072_SHA256';
    return 'PKIX_RSA_PKCS1V15_4096_SHA256';
  }
  throw new TrustRootLoadError('BAD_PEM', `${where}: unsupported public key algorithm ${alg}`);
}
