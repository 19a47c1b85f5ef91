// Keys for OPA's JWT built-ins (topdown/tokens.go getKeysFromCertOrJWK): one PEM block
// (CERTIFICATE or PUBLIC KEY, nothing after it) or a JWK / JWK Set. Parsing is by
// @peculiar/asn1-* and @noble/curves; JWK members are RFC 7517/7518/8037.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { parseExactJSON, type RegoValue } from '../exact-json.ts';
import { str } from './args.ts';
import { base64ToBytes } from './documents.ts';

type Curve = typeof p256;
export type PublicKey =
  | { kind: 'rsa'; n: bigint; e: bigint }
  | { kind: 'ec'; curve: Curve; point: Uint8Array }
  | { kind: 'ed25519'; raw: Uint8Array }
  /** A JWK `oct` key: an HMAC secret (verifies HS* tokens only). */
  | { kind: 'oct'; secret: Uint8Array };

/** A key with the JWK `alg` and `kid` it came with (certificates and PEM keys have neither). */
export interface VerificationKey {
  key: PublicKey;
  alg?: string;
  kid?: string;
}

/** The JWS algorithms OPA knows (tokenAlgorithms). */
export const JWS_ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'HS256',
  'HS384',
  'HS512',
  'EdDSA',
]);

const CURVE_BY_OID: Record<string, Curve> = {
  '1.2.840.10045.3.1.7': p256,
  '1.3.132.0.34': p384 as unknown as Curve,
  '1.3.132.0.35': p521 as unknown as Curve,
};
const CURVE_BY_JWK: Record<string, Curve> = {
  'P-256': p256,
  'P-384': p384 as unknown as Curve,
  'P-521': p521 as unknown as Curve,
};

const bigFrom = (b: Uint8Array) =>
  b.length === 0 ? 0n : BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`);
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

/** One JWK (RFC 7517/7518/8037) as a public key (private members are ignored). */
export function keyFromJWK(jwk: Record<string, RegoValue>): PublicKey {
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
      return { kind: 'oct', secret: field('k') };
    default:
      throw new TypeError(`unsupported JWK kty ${String(jwk.kty)}`);
  }
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----(\r?\n)?/;

/** The keys of io.jwt.verify_*'s second operand (OPA's getKeysFromCertOrJWK). */
export function verificationKeys(text: string): VerificationKey[] {
  const pem = PEM.exec(text);
  if (pem) {
    if (text.slice(pem.index + pem[0].length).length > 0)
      throw new SyntaxError('extra data after a PEM certificate block');
    const der = base64ToBytes(pem[2]!);
    if (pem[1] === 'CERTIFICATE') {
      return [{ key: keyFromSpki(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo) }];
    }
    if (pem[1] === 'PUBLIC KEY') return [{ key: keyFromSpki(AsnConvert.parse(der, SubjectPublicKeyInfo)) }];
    throw new SyntaxError('failed to extract a Key from the PEM certificate');
  }
  const doc = parseExactJSON(text);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new SyntaxError('failed to parse a JWK key (set)');
  const set = doc as Record<string, RegoValue>;
  const list = Array.isArray(set.keys) ? set.keys : [set];
  const out: VerificationKey[] = [];
  for (const k of list) {
    if (k === null || typeof k !== 'object' || Array.isArray(k)) throw new SyntaxError('a JWK must be an object');
    const jwk = k as Record<string, RegoValue>;
    const key = keyFromJWK(jwk);
    const alg = jwk.alg === undefined ? undefined : str(jwk.alg, 'JWK alg');
    // OPA skips keys whose algorithm it does not know.
    if (alg && !JWS_ALGORITHMS.has(alg)) continue;
    out.push({ key, ...(alg ? { alg } : {}), ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}) });
  }
  return out;
}
