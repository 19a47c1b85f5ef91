// Public-key decoding for the crypto shim: PEM (PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE),
// DER SubjectPublicKeyInfo and DER PKCS#1 RSAPublicKey, into a small tagged union the
// verifier understands. DER goes through @sigstore/core's parser (via @sigguard/identity's checks, the one
// ASN.1 stack of the browser build); points are validated by @noble/curves. Anything not understood is
// refused (fail closed), never guessed.
import {
  DER_TAG,
  derElementLength,
  isRsaPublicKey,
  isSubjectPublicKeyInfo,
  malformedElement,
  oidOf,
  parseDer as parseOneElement,
  tagOf,
} from '@sigguard/identity/der';
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

type Asn1 = ReturnType<typeof parseOneElement>;

// The first DER element of `der`, checked for the forms Go's encoding/asn1 refuses (non-minimal lengths and
// INTEGERs, BER booleans, …: "not canonical DER"). Bytes after it are ignored, as OpenSSL's d2i_PUBKEY does
// (the differential test pins this).
function parseDer(der: Uint8Array, what: string): Asn1 {
  let node: Asn1;
  try {
    node = parseOneElement(der.subarray(0, Math.min(der.length, derElementLength(der))));
  } catch (err) {
    throw invalidKey(`${what}: not valid DER (${(err as Error).message})`);
  }
  if (malformedElement(node) !== undefined) throw invalidKey(`${what}: not canonical DER`);
  return node;
}

function unsignedBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw invalidKey('RSA key: empty integer');
  if ((bytes[0] as number) & 0x80) throw invalidKey('RSA key: negative integer');
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt('0x' + hex);
}

function rsaFromPkcs1(der: Uint8Array): { n: bigint; e: bigint; bits: number } {
  const key = parseDer(der, 'PKCS#1 RSAPublicKey');
  if (!isRsaPublicKey(key)) throw invalidKey('PKCS#1 RSAPublicKey: not valid DER (not a SEQUENCE of two INTEGERs)');
  const n = unsignedBigInt(key.subs[0]!.value);
  const e = unsignedBigInt(key.subs[1]!.value);
  if (n < 3n || e < 3n || (e & 1n) === 0n || (n & 1n) === 0n) throw invalidKey('RSA key: invalid modulus or exponent');
  return { n, e, bits: n.toString(2).length };
}

// An AlgorithmIdentifier's OID and parameters (undefined when absent).
function algorithmOf(node: Asn1 | undefined, what: string): { oid: string; params?: Asn1 } {
  const oid = tagOf(node) === DER_TAG.SEQUENCE && node!.subs.length <= 2 ? oidOf(node!.subs[0]) : undefined;
  if (oid === undefined) throw invalidKey(`${what}: not an AlgorithmIdentifier`);
  return node!.subs[1] === undefined ? { oid } : { oid, params: node!.subs[1] };
}

const PSS_FIELDS = [0xa0, 0xa1, 0xa2, 0xa3];

// RSASSA-PSS-params (RFC 4055): [0] hash DEFAULT sha1, [1] MGF DEFAULT mgf1SHA1, [2] salt DEFAULT 20,
// [3] trailer DEFAULT 1, each EXPLICIT and in that order.
function pssRestrictions(params: Asn1 | undefined): RsaPssRestrictions | undefined {
  // Absent parameters mean an unrestricted RSASSA-PSS key.
  if (params === undefined) return undefined;
  const tags = params.subs.map(tagOf);
  const ordered = tags.every((t, i) => PSS_FIELDS.includes(t) && (i === 0 || t > tags[i - 1]!));
  if (tagOf(params) !== DER_TAG.SEQUENCE || !ordered || params.subs.some((f) => f.subs.length !== 1)) {
    throw invalidKey('RSASSA-PSS parameters: not valid DER (not RSASSA-PSS-params)');
  }
  const field = (tag: number): Asn1 | undefined => params.subs.find((f) => tagOf(f) === tag)?.subs[0];
  const hashField = field(0xa0);
  const hashOid = hashField ? algorithmOf(hashField, 'RSASSA-PSS hash').oid : '1.3.14.3.2.26';
  const hash = DIGEST_BY_OID[hashOid];
  if (hash === undefined) throw invalidKey(`RSASSA-PSS key: unsupported hash ${hashOid}`);
  const mgfField = field(0xa1);
  const mgf = mgfField ? algorithmOf(mgfField, 'RSASSA-PSS mask generation') : { oid: OID_MGF1 };
  if (mgf.oid !== OID_MGF1) throw invalidKey('RSASSA-PSS key: mask generation is not MGF1');
  if (mgfField && mgf.params === undefined) throw invalidKey('RSASSA-PSS key: MGF1 without hash');
  const mgf1Oid = mgf.params ? algorithmOf(mgf.params, 'MGF1 parameters').oid : '1.3.14.3.2.26';
  const mgf1Hash = DIGEST_BY_OID[mgf1Oid];
  if (mgf1Hash === undefined) throw invalidKey(`RSASSA-PSS key: unsupported MGF1 hash ${mgf1Oid}`);
  const saltLength = smallInteger(field(0xa2), 20, 'salt length');
  if (smallInteger(field(0xa3), 1, 'trailer field') !== 1) throw invalidKey('RSASSA-PSS key: trailer field must be 1');
  return { hash, mgf1Hash, saltLength };
}

function smallInteger(node: Asn1 | undefined, absent: number, what: string): number {
  if (node === undefined) return absent;
  const v = node.value;
  if (tagOf(node) !== DER_TAG.INTEGER || v.length > 4 || (v[0]! & 0x80) !== 0)
    throw invalidKey(`RSASSA-PSS ${what}: not a small INTEGER`);
  return v.reduce((n, b) => n * 256 + b, 0);
}

/** Decodes a DER SubjectPublicKeyInfo. */
export function keyFromSpki(der: Uint8Array): PublicKeyMaterial {
  const spki = parseDer(der, 'SubjectPublicKeyInfo');
  if (!isSubjectPublicKeyInfo(spki))
    throw invalidKey('SubjectPublicKeyInfo: not valid DER (not an AlgorithmIdentifier and a BIT STRING)');
  const { oid, params } = algorithmOf(spki.subs[0], 'SubjectPublicKeyInfo algorithm');
  const bits = spki.subs[1]!.value;
  if (bits[0] !== 0) throw invalidKey('SubjectPublicKeyInfo: the key BIT STRING has unused bits');
  const keyBytes = new Uint8Array(bits.subarray(1));
  switch (oid) {
    case OID_EC_PUBLIC_KEY: {
      if (params === undefined) throw invalidKey('EC key: missing curve parameters');
      const named = oidOf(params);
      if (named === undefined && tagOf(params) !== DER_TAG.SEQUENCE && tagOf(params) !== 0x05) {
        throw invalidKey('EC key: curve parameters are not a named curve');
      }
      const curve = named === undefined ? undefined : CURVE_BY_OID[named];
      if (curve === undefined)
        throw new ShimCryptoError('ERR_CRYPTO_UNSUPPORTED_KEY', `EC key: unsupported curve ${named ?? '(explicit)'}`);
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
  const cert = parseDer(der, 'X.509 certificate');
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serial, signature, issuer, validity,
  // subject, subjectPublicKeyInfo, … }, … }
  const tbs = cert.subs[0];
  const fields = tbs?.subs ?? [];
  const spki = fields[tagOf(fields[0]) === 0xa0 ? 6 : 5];
  if (tagOf(cert) !== DER_TAG.SEQUENCE || tagOf(tbs) !== DER_TAG.SEQUENCE || !isSubjectPublicKeyInfo(spki)) {
    throw invalidKey('X.509 certificate: not valid DER (no subjectPublicKeyInfo)');
  }
  return keyFromSpki(new Uint8Array(spki!.toDER()));
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
      throw new ShimCryptoError(
        'ERR_CRYPTO_UNSUPPORTED_KEY',
        `PEM ${label}: only public keys and certificates are supported`,
      );
  }
}
