// PEM public keys for key authorities (ClusterImagePolicy `key.data`, cosign `--key`).
// Parsing and strength checks only; signatures are verified by @sigguard/verify with these keys.
import { PolicyInvalidError, PublicKeyError } from './errors.ts';
import { kmsScheme, refuseKmsReference } from './kms.ts';
import { parsePemBlocks, PemFormatError, toPem } from './pem.ts';
import { derElement, malformedElement, oidOf, parseDer, type ASN1Obj } from './der.ts';
import { isSubjectPublicKeyInfo } from './certificate-der.ts';
import { isRsaPublicKey } from './rsa-public-key.ts';

import type { SigningHashAlgorithm } from '@sigguard/types';
export type EcCurve = 'P-256' | 'P-384' | 'P-521';
export type RsaScheme = 'pkcs1v15' | 'pss';

export interface AuthorityKey {
  kind: 'ecdsa' | 'rsa' | 'ed25519';
  curve?: EcCurve; // ecdsa
  rsaBits?: number; // rsa: modulus length
  rsaScheme?: RsaScheme; // rsa
  /** Digest of the signed payload (ignored by Ed25519, which signs the message itself). */
  hashAlgorithm: SigningHashAlgorithm;
  /** DER SubjectPublicKeyInfo (PKCS#1 "RSA PUBLIC KEY" input is rewrapped). */
  spki: Uint8Array;
  /** The key as a "PUBLIC KEY" PEM (SPKI), usable with node:crypto createPublicKey. */
  pem: string;
  /**
   * WebCrypto: importKey('spki', webCrypto.spki, importParams) then verify(verifyParams, …). ECDSA
   * signatures need DER→P1363 first. `spki` differs from the top-level one only for id-RSASSA-PSS keys,
   * which WebCrypto cannot import: it gets the same RSA key under rsaEncryption (PSS is in the params).
   */
  webCrypto: { spki: Uint8Array; importParams: Record<string, unknown>; verifyParams: Record<string, unknown> };
  /** Human description, e.g. "ECDSA P-256 (sha256)". */
  description: string;
}

export interface ParsePublicKeyOptions {
  /** sha256 (default), sha384 or sha512; trimmed and lower-cased as policy-controller does. */
  hashAlgorithm?: string;
  /** Accept RSA keys below 2048 bits. Off by default: such keys are breakable. */
  allowWeakRSA?: boolean;
  /** Signature scheme for rsaEncryption keys: pkcs1v15 (cosign's default) or pss. */
  rsaScheme?: RsaScheme;
}

export const MIN_RSA_BITS = 2048;

const CURVES: Record<string, { curve: EcCurve; coordLen: number }> = {
  '1.2.840.10045.3.1.7': { curve: 'P-256', coordLen: 32 },
  '1.3.132.0.34': { curve: 'P-384', coordLen: 48 },
  '1.3.132.0.35': { curve: 'P-521', coordLen: 66 },
};
const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const ID_ED25519 = '1.3.101.112';
const id_rsaEncryption = '1.2.840.113549.1.1.1';
const id_RSASSA_PSS = '1.2.840.113549.1.1.10';
const ID_SHA1 = '1.3.14.3.2.26'; // RSASSA-PSS-params' default hash
const HASH_OIDS: Record<string, SigningHashAlgorithm> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const WEBCRYPTO_HASH: Record<SigningHashAlgorithm, string> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};
const HASH_LEN: Record<SigningHashAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

/**
 * Parse exactly one PEM public key ("PUBLIC KEY" SPKI or "RSA PUBLIC KEY" PKCS#1).
 * Throws PublicKeyError (KEY_INVALID / KEY_WEAK / KEY_UNSUPPORTED), KmsUnavailableError for a KMS
 * reference, PolicyInvalidError for a bad hashAlgorithm. Use parsePublicKeys for several keys.
 */
export function parsePublicKey(pem: string, opts: ParsePublicKeyOptions = {}): AuthorityKey {
  const keys = parsePublicKeys(pem, opts);
  if (keys.length !== 1) {
    throw new PublicKeyError(
      'KEY_INVALID',
      `expected one PEM public key, found ${keys.length}; use parsePublicKeys for several keys (rotation)`,
    );
  }
  return keys[0] as AuthorityKey;
}

/** Parse every PEM public key block in `pem` (key rotation: any of them may verify). At least one is required. */
export function parsePublicKeys(pem: string, opts: ParsePublicKeyOptions = {}): AuthorityKey[] {
  if (typeof pem !== 'string') throw new PublicKeyError('KEY_INVALID', 'public key must be PEM text');
  if (kmsScheme(pem)) refuseKmsReference(pem);
  const hashAlgorithm = normaliseHashAlgorithm(opts.hashAlgorithm);
  let blocks;
  try {
    blocks = parsePemBlocks(pem);
  } catch (e) {
    if (e instanceof PemFormatError) throw new PublicKeyError('KEY_INVALID', `malformed PEM public key: ${e.message}`);
    throw e;
  }
  if (blocks.length === 0)
    throw new PublicKeyError('KEY_INVALID', 'malformed PEM public key: no "-----BEGIN PUBLIC KEY-----" block found');
  return blocks.map((b, i) => {
    const where = blocks.length > 1 ? `PEM block ${i + 1}: ` : '';
    if (b.label === 'PUBLIC KEY') return fromSpki(b.der, hashAlgorithm, opts, where);
    if (b.label === 'RSA PUBLIC KEY') return fromSpki(rsaPkcs1ToSpki(b.der, where), hashAlgorithm, opts, where);
    if (b.label.includes('PRIVATE KEY')) {
      throw new PublicKeyError('KEY_INVALID', `${where}this is a private key ("${b.label}"); give the public key only`);
    }
    if (b.label === 'CERTIFICATE') {
      throw new PublicKeyError(
        'KEY_INVALID',
        `${where}expected a "PUBLIC KEY" PEM block, found a CERTIFICATE; certificates belong to keyless authorities`,
      );
    }
    throw new PublicKeyError(
      'KEY_INVALID',
      `${where}unknown public key PEM type "${b.label}" (expected "PUBLIC KEY" or "RSA PUBLIC KEY")`,
    );
  });
}

export function normaliseHashAlgorithm(value: string | undefined): SigningHashAlgorithm {
  if (value === undefined || value === '') return 'sha256';
  const v = String(value).trim().toLowerCase();
  if (v === 'sha256' || v === 'sha384' || v === 'sha512') return v;
  if (v === 'sha224') {
    throw new PolicyInvalidError(
      'hashAlgorithm',
      'hashAlgorithm sha224 is not supported (WebCrypto has no SHA-224); use sha256, sha384 or sha512',
    );
  }
  throw new PolicyInvalidError(
    'hashAlgorithm',
    `hashAlgorithm ${JSON.stringify(value)} is not one of sha256, sha384, sha512`,
  );
}

function fromSpki(
  der: Uint8Array,
  hashAlgorithm: SigningHashAlgorithm,
  opts: ParsePublicKeyOptions,
  where: string,
): AuthorityKey {
  let root: ASN1Obj;
  try {
    root = parseDer(der);
  } catch (e) {
    throw new PublicKeyError('KEY_INVALID', `${where}PEM public key is not one DER value: ${(e as Error).message}`);
  }
  const problem = isSubjectPublicKeyInfo(root)
    ? malformedElement(root)
    : 'not a SEQUENCE of AlgorithmIdentifier and BIT STRING';
  if (problem !== undefined) {
    throw new PublicKeyError(
      'KEY_INVALID',
      `${where}PEM public key does not parse as SubjectPublicKeyInfo: ${problem}`,
    );
  }
  const [algorithm, bits] = root.subs as [ASN1Obj, ASN1Obj];
  if (bits.value[0] !== 0) throw new PublicKeyError('KEY_INVALID', `${where}PEM public key BIT STRING has unused bits`);
  const alg = oidOf(algorithm.subs[0])!;
  const parameters = algorithm.subs[1];
  const keyBytes = new Uint8Array(bits.value.subarray(1));
  const pem = toPem('PUBLIC KEY', der);
  if (alg === ID_EC_PUBLIC_KEY) return ecKey(parameters, keyBytes, der, pem, hashAlgorithm, where);
  if (alg === id_rsaEncryption || alg === id_RSASSA_PSS)
    return rsaKey(alg, parameters, keyBytes, der, pem, hashAlgorithm, opts, where);
  if (alg === ID_ED25519) {
    if (keyBytes.length !== 32)
      throw new PublicKeyError('KEY_INVALID', `${where}Ed25519 public key must be 32 bytes, got ${keyBytes.length}`);
    return {
      kind: 'ed25519',
      hashAlgorithm,
      spki: der,
      pem,
      webCrypto: { spki: der, importParams: { name: 'Ed25519' }, verifyParams: { name: 'Ed25519' } },
      description: 'Ed25519',
    };
  }
  throw new PublicKeyError(
    'KEY_UNSUPPORTED',
    `${where}unsupported public key algorithm ${alg} (supported: ECDSA P-256/P-384/P-521, RSA, Ed25519)`,
  );
}

function ecKey(
  parameters: ASN1Obj | undefined,
  point: Uint8Array,
  der: Uint8Array,
  pem: string,
  hashAlgorithm: SigningHashAlgorithm,
  where: string,
): AuthorityKey {
  // ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL, specifiedCurve SEQUENCE }: named curves only.
  const curveOid = oidOf(parameters);
  const c = curveOid ? CURVES[curveOid] : undefined;
  if (!c)
    throw new PublicKeyError(
      'KEY_UNSUPPORTED',
      `${where}unsupported ECDSA curve ${curveOid ?? '(not a named curve)'} (supported: P-256, P-384, P-521)`,
    );
  const uncompressed = point[0] === 4 && point.length === 1 + 2 * c.coordLen;
  const compressed = (point[0] === 2 || point[0] === 3) && point.length === 1 + c.coordLen;
  // Go's crypto/x509 (ParsePKIXPublicKey, used by cosign and policy-controller) reads only the
  // uncompressed form (SEC 1, 04 || X || Y): a compressed key is refused there, so here too.
  if (compressed) {
    throw new PublicKeyError(
      'KEY_INVALID',
      `${where}ECDSA ${c.curve} public point is compressed (only the uncompressed form is accepted, as in Go's crypto/x509)`,
    );
  }
  if (!uncompressed)
    throw new PublicKeyError(
      'KEY_INVALID',
      `${where}ECDSA ${c.curve} public point has the wrong length (${point.length} bytes)`,
    );
  return {
    kind: 'ecdsa',
    curve: c.curve,
    hashAlgorithm,
    spki: der,
    pem,
    webCrypto: {
      spki: der,
      importParams: { name: 'ECDSA', namedCurve: c.curve },
      verifyParams: { name: 'ECDSA', hash: WEBCRYPTO_HASH[hashAlgorithm] },
    },
    description: `ECDSA ${c.curve} (${hashAlgorithm})`,
  };
}

function rsaKey(
  algorithm: string,
  parameters: ASN1Obj | undefined,
  keyBytes: Uint8Array,
  der: Uint8Array,
  pem: string,
  hashAlgorithm: SigningHashAlgorithm,
  opts: ParsePublicKeyOptions,
  where: string,
): AuthorityKey {
  const modulus = rsaModulus(keyBytes, `${where}RSA public key does not parse`);
  const bits = bitLength(modulus);
  if (bits < MIN_RSA_BITS && opts.allowWeakRSA !== true) {
    throw new PublicKeyError(
      'KEY_WEAK',
      `${where}RSA key is ${bits} bits; keys below ${MIN_RSA_BITS} bits are refused (allowWeakRSA accepts them, not recommended)`,
    );
  }
  let scheme: RsaScheme = opts.rsaScheme ?? 'pkcs1v15';
  let hash = hashAlgorithm;
  if (algorithm === id_RSASSA_PSS) {
    if (opts.rsaScheme === 'pkcs1v15')
      throw new PublicKeyError('KEY_INVALID', `${where}an RSASSA-PSS key cannot verify PKCS#1 v1.5 signatures`);
    scheme = 'pss';
    if (parameters) {
      const pssHash = pssParamsHash(parameters, where);
      if (opts.hashAlgorithm !== undefined && pssHash !== hashAlgorithm) {
        throw new PublicKeyError(
          'KEY_INVALID',
          `${where}RSASSA-PSS key is bound to ${pssHash}, but hashAlgorithm is ${hashAlgorithm}`,
        );
      }
      hash = pssHash;
    }
  }
  const webHash = WEBCRYPTO_HASH[hash];
  const webSpki = algorithm === id_RSASSA_PSS ? rsaPkcs1ToSpki(keyBytes, where) : der;
  return {
    kind: 'rsa',
    rsaBits: bits,
    rsaScheme: scheme,
    hashAlgorithm: hash,
    spki: der,
    pem,
    webCrypto:
      scheme === 'pss'
        ? {
            spki: webSpki,
            importParams: { name: 'RSA-PSS', hash: webHash },
            verifyParams: { name: 'RSA-PSS', saltLength: HASH_LEN[hash] },
          }
        : {
            spki: webSpki,
            importParams: { name: 'RSASSA-PKCS1-v1_5', hash: webHash },
            verifyParams: { name: 'RSASSA-PKCS1-v1_5' },
          },
    description: `RSA ${bits} ${scheme === 'pss' ? 'PSS' : 'PKCS#1 v1.5'} (${hash})`,
  };
}

// RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, maskGenAlgorithm [1],
// saltLength [2], trailerField [3] } (RFC 4055): the hash the key is bound to.
function pssParamsHash(params: ASN1Obj, where: string): SigningHashAlgorithm {
  const tags = params.subs.map((s) => s.tag.toDER());
  const ordered = tags.every((t, i) => t >= 0xa0 && t <= 0xa3 && (i === 0 || t > tags[i - 1]!));
  if (params.tag.toDER() !== 0x30 || !ordered || params.subs.some((s) => s.subs.length !== 1)) {
    throw new PublicKeyError('KEY_INVALID', `${where}RSASSA-PSS parameters do not parse: not RSASSA-PSS-params`);
  }
  const hashField = params.subs.find((s) => s.tag.toDER() === 0xa0)?.subs[0];
  const oid = hashField === undefined ? ID_SHA1 : oidOf(hashField.subs[0]);
  if (oid === undefined)
    throw new PublicKeyError('KEY_INVALID', `${where}RSASSA-PSS parameters do not parse: hashAlgorithm has no OID`);
  const h = HASH_OIDS[oid];
  if (!h)
    throw new PublicKeyError(
      'KEY_UNSUPPORTED',
      `${where}RSASSA-PSS key uses hash ${oid}; only SHA-256/384/512 are supported`,
    );
  return h;
}

// The modulus of a PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
function rsaModulus(pkcs1: Uint8Array, what: string): Uint8Array {
  let key: ASN1Obj;
  try {
    key = parseDer(pkcs1);
  } catch (e) {
    throw new PublicKeyError('KEY_INVALID', `${what}: ${(e as Error).message}`);
  }
  if (!isRsaPublicKey(key)) throw new PublicKeyError('KEY_INVALID', `${what}: not a SEQUENCE of two DER INTEGERs`);
  return key.subs[0]!.value;
}

// SubjectPublicKeyInfo { AlgorithmIdentifier { rsaEncryption, NULL }, BIT STRING (0 unused bits) pkcs1 }.
function rsaPkcs1ToSpki(pkcs1: Uint8Array, where: string): Uint8Array {
  rsaModulus(pkcs1, `${where}"RSA PUBLIC KEY" does not parse as PKCS#1`);
  const rsaEncryption = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
  const algorithm = derElement(0x30, [rsaEncryption, Uint8Array.of(0x05, 0x00)]);
  return derElement(0x30, [algorithm, derElement(0x03, [Uint8Array.of(0), pkcs1])]);
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}
