// Public-key decoding for the crypto shim: PEM (PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE),
// DER SubjectPublicKeyInfo and DER PKCS#1 RSAPublicKey, into a small tagged union the
// verifier understands. ASN.1 goes through @peculiar/asn1-*; points are validated by
// @noble/curves. Anything not understood is refused (fail closed), never guessed.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPublicKey, RsaSaPssParams } from '@peculiar/asn1-rsa';
import { ECParameters } from '@peculiar/asn1-ecc';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { Buffer } from 'buffer';
import { ShimCryptoError } from './errors.ts';

export type EcCurveName = 'prime256v1' | 'secp384r1' | 'secp521r1';

export interface RsaPssRestrictions {
  hash: string; // canonical digest name
  mgf1Hash: string;
  saltLength: number;
}

export type PublicKeyMaterial =
  | { kind: 'ec'; curve: EcCurveName; point: Uint8Array }
  | { kind: 'ed25519'; raw: Uint8Array }
  | { kind: 'rsa'; n: bigint; e: bigint; bits: number }
  | { kind: 'rsa-pss'; n: bigint; e: bigint; bits: number; restrictions?: RsaPssRestrictions };

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';
const OID_MGF1 = '1.2.840.113549.1.1.8';

export const CURVES = {
  prime256v1: p256,
  secp384r1: p384,
  secp521r1: p521,
} as const;

const CURVE_BY_OID: Record<string, EcCurveName> = {
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
};

const DIGEST_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.5': 'sha512-224',
  '2.16.840.1.101.3.4.2.6': 'sha512-256',
};

function invalidKey(message: string): ShimCryptoError {
  return new ShimCryptoError('ERR_CRYPTO_INVALID_KEY', message);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// asn1js decodes BER; keys must be DER. Re-encoding and comparing rejects non-canonical
// encodings. Bytes after the outer element are ignored, as OpenSSL's d2i_PUBKEY does
// (the differential test pins this).
function parseDer<T>(der: Uint8Array, type: new () => T, what: string): T {
  let parsed: T;
  try {
    parsed = AsnConvert.parse(der, type);
  } catch (err) {
    throw invalidKey(`${what}: not valid DER (${(err as Error).message})`);
  }
  const again = new Uint8Array(AsnConvert.serialize(parsed));
  if (!bytesEqual(again, der.subarray(0, again.length))) throw invalidKey(`${what}: not canonical DER`);
  return parsed;
}

function unsignedBigInt(bytes: ArrayBuffer): bigint {
  const u8 = new Uint8Array(bytes);
  if (u8.length === 0) throw invalidKey('RSA key: empty integer');
  if ((u8[0] as number) & 0x80) throw invalidKey('RSA key: negative integer');
  let hex = '';
  for (const b of u8) hex += b.toString(16).padStart(2, '0');
  return BigInt('0x' + hex);
}

function rsaFromPkcs1(der: Uint8Array): { n: bigint; e: bigint; bits: number } {
  const key = parseDer(der, RSAPublicKey, 'PKCS#1 RSAPublicKey');
  const n = unsignedBigInt(key.modulus);
  const e = unsignedBigInt(key.publicExponent);
  if (n < 3n || e < 3n || (e & 1n) === 0n || (n & 1n) === 0n) throw invalidKey('RSA key: invalid modulus or exponent');
  return { n, e, bits: n.toString(2).length };
}

function pssRestrictions(params: ArrayBuffer | undefined): RsaPssRestrictions | undefined {
  // Absent parameters mean an unrestricted RSASSA-PSS key.
  if (params === undefined || params.byteLength === 0) return undefined;
  const p = parseDer(new Uint8Array(params), RsaSaPssParams, 'RSASSA-PSS parameters');
  const hash = DIGEST_BY_OID[p.hashAlgorithm.algorithm];
  if (hash === undefined) throw invalidKey(`RSASSA-PSS key: unsupported hash ${p.hashAlgorithm.algorithm}`);
  if (p.maskGenAlgorithm.algorithm !== OID_MGF1) throw invalidKey('RSASSA-PSS key: mask generation is not MGF1');
  const mgfParams = p.maskGenAlgorithm.parameters;
  if (mgfParams === undefined || mgfParams === null) throw invalidKey('RSASSA-PSS key: MGF1 without hash');
  const mgfAlg = parseDer(new Uint8Array(mgfParams), AlgorithmIdentifier, 'MGF1 parameters');
  const mgf1Hash = DIGEST_BY_OID[mgfAlg.algorithm];
  if (mgf1Hash === undefined) throw invalidKey(`RSASSA-PSS key: unsupported MGF1 hash ${mgfAlg.algorithm}`);
  if (p.trailerField !== 1) throw invalidKey('RSASSA-PSS key: trailer field must be 1');
  return { hash, mgf1Hash, saltLength: p.saltLength };
}

/** Decodes a DER SubjectPublicKeyInfo. */
export function keyFromSpki(der: Uint8Array): PublicKeyMaterial {
  const spki = parseDer(der, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo');
  const oid = spki.algorithm.algorithm;
  const params = spki.algorithm.parameters ?? undefined;
  const keyBytes = new Uint8Array(spki.subjectPublicKey);
  switch (oid) {
    case OID_EC_PUBLIC_KEY: {
      if (params === undefined) throw invalidKey('EC key: missing curve parameters');
      let named: string | undefined;
      try {
        named = AsnConvert.parse(params, ECParameters).namedCurve;
      } catch {
        throw invalidKey('EC key: curve parameters are not a named curve');
      }
      const curve = named === undefined ? undefined : CURVE_BY_OID[named];
      if (curve === undefined) throw new ShimCryptoError('ERR_CRYPTO_UNSUPPORTED_KEY', `EC key: unsupported curve ${named ?? '(explicit)'}`);
      try {
        CURVES[curve].Point.fromBytes(keyBytes).assertValidity();
      } catch (err) {
        throw invalidKey(`EC key: bad point (${(err as Error).message})`);
      }
      return { kind: 'ec', curve, point: keyBytes };
    }
    case OID_ED25519: {
      if (params !== undefined) throw invalidKey('Ed25519 key: parameters must be absent');
      if (keyBytes.length !== 32) throw invalidKey(`Ed25519 key: expected 32 bytes, got ${keyBytes.length}`);
      return { kind: 'ed25519', raw: keyBytes };
    }
    case OID_RSA:
      return { kind: 'rsa', ...rsaFromPkcs1(keyBytes) };
    case OID_RSA_PSS: {
      const restrictions = pssRestrictions(params);
      const rsa = rsaFromPkcs1(keyBytes);
      return restrictions === undefined ? { kind: 'rsa-pss', ...rsa } : { kind: 'rsa-pss', ...rsa, restrictions };
    }
    default:
      throw new ShimCryptoError('ERR_CRYPTO_UNSUPPORTED_KEY', `unsupported public key algorithm ${oid}`);
  }
}

/** Decodes a DER PKCS#1 RSAPublicKey. */
export function keyFromPkcs1(der: Uint8Array): PublicKeyMaterial {
  return { kind: 'rsa', ...rsaFromPkcs1(der) };
}

/** Decodes a DER X.509 certificate and returns its subject public key. */
export function keyFromCertificate(der: Uint8Array): PublicKeyMaterial {
  const cert = parseDer(der, Certificate, 'X.509 certificate');
  const spki = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo));
  return keyFromSpki(spki);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** Decodes the first PEM block (PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE). */
export function keyFromPem(pem: string): PublicKeyMaterial {
  const m = PEM_BLOCK.exec(pem);
  if (m === null) throw invalidKey('PEM: no complete -----BEGIN ...----- / -----END ...----- block');
  const label = m[1] as string;
  const body = (m[2] as string).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) throw invalidKey(`PEM ${label}: invalid base64`);
  const der = new Uint8Array(Buffer.from(body, 'base64'));
  switch (label) {
    case 'PUBLIC KEY':
      return keyFromSpki(der);
    case 'RSA PUBLIC KEY':
      return keyFromPkcs1(der);
    case 'CERTIFICATE':
      return keyFromCertificate(der);
    default:
      throw new ShimCryptoError('ERR_CRYPTO_UNSUPPORTED_KEY', `PEM ${label}: only public keys and certificates are supported`);
  }
}
