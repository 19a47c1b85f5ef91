// io.jwt.verify_{rs,ps,es}{256,384,512} and io.jwt.verify_eddsa as OPA 0.70.0 defines them
// (topdown/tokens.go): the key operand is one PEM block (CERTIFICATE or PUBLIC KEY, nothing after
// it) or a JWK / JWK Set; every key is tried and the result is true when one verifies the
// signature over `header.payload`, false otherwise (a key of the wrong type just does not verify).
// A malformed token or key operand is an error, so the call is undefined.
// Primitives: @noble/curves (ECDSA, Ed25519) and micro-rsa-dsa-dh (RSA), both synchronous.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { mgf1, PKCS1_SHA256, PKCS1_SHA384, PKCS1_SHA512, PSS, type IPKCS } from 'micro-rsa-dsa-dh/rsa.js';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { parseExactJSON, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { str } from './args.ts';
import { base64ToBytes } from './documents.ts';

type Curve = typeof p256;
export type PublicKey =
  | { kind: 'rsa'; n: bigint; e: bigint }
  | { kind: 'ec'; curve: Curve; point: Uint8Array }
  | { kind: 'ed25519'; raw: Uint8Array };

const CURVE_BY_OID: Record<string, Curve> = {
  '1.2.840.10045.3.1.7': p256, '1.3.132.0.34': p384 as unknown as Curve, '1.3.132.0.35': p521 as unknown as Curve,
};
const CURVE_BY_JWK: Record<string, Curve> = { 'P-256': p256, 'P-384': p384 as unknown as Curve, 'P-521': p521 as unknown as Curve };

const bigFrom = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`));
const unsigned = (b: ArrayBuffer) => bigFrom(new Uint8Array(b));

/** A DER SubjectPublicKeyInfo of an RSA, EC (P-256/384/521) or Ed25519 key. */
function keyFromSpki(spki: SubjectPublicKeyInfo): PublicKey {
  const bits = new Uint8Array(spki.subjectPublicKey);
  switch (spki.algorithm.algorithm) {
    case '1.2.840.113549.1.1.1': {
      const k = AsnConvert.parse(bits, RSAPublicKey);
      return { kind: 'rsa', n: unsigned(k.modulus), e: unsigned(k.publicExponent) };
    }
    case '1.2.840.10045.2.1': {
      const named = AsnConvert.parse(spki.algorithm.parameters!, ECParameters).namedCurve;
      const curve = named === undefined ? undefined : CURVE_BY_OID[named];
      if (!curve) throw new TypeError(`unsupported elliptic curve ${named ?? '(explicit)'}`);
      curve.Point.fromBytes(bits).assertValidity();
      return { kind: 'ec', curve, point: bits };
    }
    case '1.3.101.112':
      if (bits.length !== 32) throw new TypeError('Ed25519 key must be 32 bytes');
      return { kind: 'ed25519', raw: bits };
    default:
      throw new TypeError(`unsupported public key algorithm ${spki.algorithm.algorithm}`);
  }
}

/** One JWK (RFC 7517/7518/8037) as a public key; `oct` keys verify nothing here. */
function keyFromJWK(jwk: Record<string, RegoValue>): PublicKey | undefined {
  const field = (name: string) => base64ToBytes(str(jwk[name], `JWK ${name}`));
  switch (jwk.kty) {
    case 'RSA':
      return { kind: 'rsa', n: bigFrom(field('n')), e: bigFrom(field('e')) };
    case 'EC': {
      const curve = CURVE_BY_JWK[str(jwk.crv, 'JWK crv')];
      if (!curve) throw new TypeError(`unsupported JWK curve ${String(jwk.crv)}`);
      const size = Math.ceil(curve.Point.CURVE().p.toString(2).length / 8);
      const [x, y] = [field('x'), field('y')];
      if (x.length !== size || y.length !== size) throw new TypeError('JWK EC coordinates have the wrong length');
      const point = Uint8Array.from([4, ...x, ...y]);
      curve.Point.fromBytes(point).assertValidity();
      return { kind: 'ec', curve, point };
    }
    case 'OKP':
      if (jwk.crv !== 'Ed25519') throw new TypeError(`unsupported JWK OKP curve ${String(jwk.crv)}`);
      return { kind: 'ed25519', raw: field('x') };
    case 'oct':
      str(jwk.k, 'JWK k');
      return undefined;
    default:
      throw new TypeError(`unsupported JWK kty ${String(jwk.kty)}`);
  }
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----(\r?\n)?/;

/** The keys of io.jwt.verify_*'s second operand (OPA's getKeysFromCertOrJWK). */
export function verificationKeys(text: string): PublicKey[] {
  const pem = PEM.exec(text);
  if (pem) {
    if (text.slice(pem.index + pem[0].length).length > 0) throw new SyntaxError('extra data after a PEM certificate block');
    const der = base64ToBytes(pem[2]!);
    if (pem[1] === 'CERTIFICATE') return [keyFromSpki(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo)];
    if (pem[1] === 'PUBLIC KEY') return [keyFromSpki(AsnConvert.parse(der, SubjectPublicKeyInfo))];
    throw new SyntaxError('failed to extract a Key from the PEM certificate');
  }
  const doc = parseExactJSON(text);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new SyntaxError('failed to parse a JWK key (set)');
  const set = doc as Record<string, RegoValue>;
  const list = Array.isArray(set.keys) ? set.keys : [set];
  return list.map((k) => {
    if (k === null || typeof k !== 'object' || Array.isArray(k)) throw new SyntaxError('a JWK must be an object');
    return keyFromJWK(k as Record<string, RegoValue>);
  }).filter((k): k is PublicKey => k !== undefined);
}

/** `header.payload` and the signature bytes of a compact JWS, with OPA's structural checks. */
export function signedParts(token: string): { signingInput: Uint8Array; signature: Uint8Array } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new SyntaxError('encoded JWT had no period separators');
  const header = parseExactJSON(new TextDecoder('utf-8', { fatal: true }).decode(base64ToBytes(parts[0]!)));
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SyntaxError('JWT header is not an object');
  return { signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`), signature: base64ToBytes(parts[2]!) };
}

type Hash = typeof sha256;
type Verify = (key: PublicKey, message: Uint8Array, signature: Uint8Array) => boolean;

function rsaPkcs1(scheme: IPKCS): Verify {
  return (key, message, signature) => key.kind === 'rsa' && scheme.verify(key, message, signature);
}

/** Go's rsa.VerifyPSS with nil options: MGF1 with the same hash, any salt length ("auto"). */
function rsaPss(hash: Hash): Verify {
  return (key, message, signature) => {
    if (key.kind !== 'rsa') return false;
    const emLen = Math.ceil((key.n.toString(2).length - 1) / 8);
    const maxSalt = emLen - hash.outputLen - 2;
    const mgf = mgf1(hash as never);
    // The hash length is by far the most common salt length; then every other one.
    const salts = [hash.outputLen, ...Array.from({ length: Math.max(0, maxSalt + 1) }, (_, i) => i)];
    return salts.some((s) => s <= maxSalt && PSS(hash as never, mgf, s).verify(key, message, signature));
  };
}

/** ECDSA over r||s split in half, as OPA's verifyES (any curve the key has; digest truncated). */
function ecdsa(hash: Hash): Verify {
  return (key, message, signature) => {
    if (key.kind !== 'ec') return false;
    const half = signature.length >> 1;
    const [r, s] = [bigFrom(signature.subarray(0, half)), bigFrom(signature.subarray(half))];
    const order = key.curve.Point.CURVE().n;
    if (r <= 0n || s <= 0n || r >= order || s >= order) return false;
    const sig = new key.curve.Signature(r, s);
    return key.curve.verify(sig.toBytes('compact'), hash(message), key.point, { prehash: false, lowS: false, format: 'compact' });
  };
}

const eddsa: Verify = (key, message, signature) => {
  if (key.kind !== 'ed25519' || signature.length !== 64) return false;
  return ed25519.verify(signature, message, key.raw, { zip215: false });
};

function jwtVerify(verify: Verify): HostBuiltin {
  return ([token, keyText]) => {
    const { signingInput, signature } = signedParts(str(token, 'token'));
    const keys = verificationKeys(str(keyText, 'certificate'));
    return keys.some((key) => {
      try {
        return verify(key, signingInput, signature);
      } catch {
        return false; // e.g. a signature longer than the modulus: "verification error", not an error of the call
      }
    });
  };
}

export const JWT_VERIFY_BUILTINS: Record<string, HostBuiltin> = {
  'io.jwt.verify_rs256': jwtVerify(rsaPkcs1(PKCS1_SHA256)),
  'io.jwt.verify_rs384': jwtVerify(rsaPkcs1(PKCS1_SHA384)),
  'io.jwt.verify_rs512': jwtVerify(rsaPkcs1(PKCS1_SHA512)),
  'io.jwt.verify_ps256': jwtVerify(rsaPss(sha256)),
  'io.jwt.verify_ps384': jwtVerify(rsaPss(sha384 as unknown as Hash)),
  'io.jwt.verify_ps512': jwtVerify(rsaPss(sha512 as unknown as Hash)),
  'io.jwt.verify_es256': jwtVerify(ecdsa(sha256)),
  'io.jwt.verify_es384': jwtVerify(ecdsa(sha384 as unknown as Hash)),
  'io.jwt.verify_es512': jwtVerify(ecdsa(sha512 as unknown as Hash)),
  'io.jwt.verify_eddsa': jwtVerify(eddsa),
};
