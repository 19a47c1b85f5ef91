// crypto.verify(algorithm, data, key, signature) with OpenSSL's semantics, on @noble/curves
// (ECDSA, Ed25519) and micro-rsa-dsa-dh (RSA PKCS#1 v1.5 and PSS):
// - EC and RSA: digest defaults to sha256 when algorithm is undefined/null (any curve);
// - ECDSA: DER signatures by default, high-S accepted, digest truncated to the order;
// - Ed25519: pure EdDSA, passing a digest throws;
// - RSA keys use PKCS#1 v1.5 unless PSS padding is asked for; rsa-pss keys always use PSS,
//   with the salt length recovered ("auto") and the key's parameter restrictions enforced;
// - deliberate difference: RSA with MD5 is refused (throws) where OpenSSL accepts it.
import { ed25519 } from '@noble/curves/ed25519.js';
import * as rsa from 'micro-rsa-dsa-dh/rsa.js';
import { Buffer } from 'buffer';
import { ShimCryptoError } from './errors.ts';
import { takenVerdict } from './verdicts.ts';
import { canonicalDigestName, hashByName } from './hash.ts';
import { CURVES } from './keys.ts';
import type { PublicKeyMaterial } from './keys.ts';
import { KeyObject, createPublicKey } from './key-object.ts';
import type { PublicKeyInput } from './key-object.ts';

// Digests WebCrypto offers for ECDSA and RSA PKCS#1 v1.5 (verdicts.ts).
const WEBCRYPTO_DIGESTS = new Set(['sha256', 'sha384', 'sha512']);

export const constants = {
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
} as const;

interface VerifyOptions {
  padding?: number;
  saltLength?: number;
  dsaEncoding?: 'der' | 'ieee-p1363';
}

type Bytes = Uint8Array;

const PKCS1_BY_DIGEST: Record<string, rsa.IPKCS> = {
  sha1: rsa.PKCS1_SHA1,
  sha224: rsa.PKCS1_SHA224,
  sha256: rsa.PKCS1_SHA256,
  sha384: rsa.PKCS1_SHA384,
  sha512: rsa.PKCS1_SHA512,
  'sha512-224': rsa.PKCS1_SHA512_224,
  'sha512-256': rsa.PKCS1_SHA512_256,
  'sha3-224': rsa.PKCS1_SHA3_224,
  'sha3-256': rsa.PKCS1_SHA3_256,
  'sha3-384': rsa.PKCS1_SHA3_384,
  'sha3-512': rsa.PKCS1_SHA3_512,
};

function toBytes(data: unknown, what: string): Bytes {
  if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'utf8'));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new ShimCryptoError('ERR_INVALID_ARG_TYPE', `${what} must be a Buffer, TypedArray, DataView or string`);
}

function splitKeyInput(key: unknown): { keyObject: KeyObject; options: VerifyOptions } {
  if (key instanceof KeyObject) return { keyObject: key, options: {} };
  if (key !== null && typeof key === 'object' && !ArrayBuffer.isView(key) && 'key' in key) {
    const o = key as VerifyOptions & { key: unknown };
    return { keyObject: createPublicKey(key as PublicKeyInput), options: o };
  }
  return { keyObject: createPublicKey(key as PublicKeyInput), options: {} };
}

function verifyEcdsa(
  material: Extract<PublicKeyMaterial, { kind: 'ec' }>,
  digestName: string,
  data: Bytes,
  sig: Bytes,
  opts: VerifyOptions,
): boolean {
  const curve = CURVES[material.curve];
  const digest = hashByName(digestName)(data);
  const format = opts.dsaEncoding === 'ieee-p1363' ? 'compact' : 'der';
  try {
    return curve.verify(sig, digest, material.point, { prehash: false, lowS: false, format });
  } catch {
    return false; // malformed signature encoding: OpenSSL reports "not verified"
  }
}

function verifyEd25519(material: Extract<PublicKeyMaterial, { kind: 'ed25519' }>, data: Bytes, sig: Bytes): boolean {
  try {
    return ed25519.verify(sig, data, material.raw, { zip215: false });
  } catch {
    return false;
  }
}

// Salt lengths to try for "auto": the usual ones first, then every other legal length.
function saltCandidates(maxSalt: number, hLen: number, minSalt: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (n: number) => {
    if (n >= minSalt && n <= maxSalt && !seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  };
  add(hLen);
  add(maxSalt);
  add(0);
  for (let n = minSalt; n <= maxSalt; n++) add(n);
  return out;
}

function verifyRsaPss(
  material: Extract<PublicKeyMaterial, { kind: 'rsa' | 'rsa-pss' }>,
  digestName: string,
  data: Bytes,
  sig: Bytes,
  opts: VerifyOptions,
): boolean {
  const restrictions = material.kind === 'rsa-pss' ? material.restrictions : undefined;
  if (restrictions !== undefined && restrictions.hash !== digestName) {
    throw new ShimCryptoError(
      'ERR_CRYPTO_INVALID_DIGEST',
      `rsa-pss key is restricted to ${restrictions.hash}, got ${digestName}`,
    );
  }
  const hash = hashByName(digestName);
  const mgfHash = hashByName(restrictions?.mgf1Hash ?? digestName);
  const pub = { n: material.n, e: material.e };
  const emBits = material.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const maxSalt = emLen - hash.outputLen - 2;
  const minSalt = restrictions?.saltLength ?? 0;
  // OpenSSL: a restricted key verifies exactly its own salt length unless the caller asks
  // for another; an unrestricted key recovers the salt length ("auto").
  const requested = opts.saltLength ?? restrictions?.saltLength ?? constants.RSA_PSS_SALTLEN_AUTO;
  let candidates: number[];
  if (requested === constants.RSA_PSS_SALTLEN_DIGEST) candidates = [hash.outputLen];
  else if (requested === constants.RSA_PSS_SALTLEN_AUTO) candidates = saltCandidates(maxSalt, hash.outputLen, minSalt);
  else if (requested >= 0) candidates = [requested];
  else throw new ShimCryptoError('ERR_INVALID_ARG_VALUE', `invalid PSS saltLength ${requested}`);
  if (candidates.some((s) => s < minSalt)) return false;
  const mgf = rsa.mgf1(mgfHash as never);
  for (const sLen of candidates) {
    try {
      if (rsa.PSS(hash as never, mgf, sLen).verify(pub, data, sig)) return true;
    } catch {
      return false;
    }
  }
  return false;
}

function verifyRsaPkcs1(
  material: Extract<PublicKeyMaterial, { kind: 'rsa' }>,
  digestName: string,
  data: Bytes,
  sig: Bytes,
): boolean {
  const scheme = PKCS1_BY_DIGEST[digestName];
  if (scheme === undefined)
    throw new ShimCryptoError('ERR_CRYPTO_INVALID_DIGEST', `RSA PKCS#1 v1.5 with ${digestName} is not supported`);
  try {
    return scheme.verify({ n: material.n, e: material.e }, data, sig);
  } catch {
    return false;
  }
}

/** node:crypto verify(): returns false for a bad signature, throws for bad arguments. */
export function verify(algorithm: string | null | undefined, data: unknown, key: unknown, signature: unknown): boolean {
  const { keyObject, options } = splitKeyInput(key);
  const m = keyObject.material;
  const dataBytes = toBytes(data, 'data');
  const sig = toBytes(signature, 'signature');
  const hasAlg = algorithm !== undefined && algorithm !== null;
  if (m.kind === 'ed25519') {
    if (hasAlg)
      throw new ShimCryptoError(
        'ERR_CRYPTO_INVALID_DIGEST',
        `Ed25519 signatures do not take a digest (got ${algorithm})`,
      );
    return verifyEd25519(m, dataBytes, sig); // never WebCrypto's: its Ed25519 edge cases are not pinned to Node's
  }
  const digestName = hasAlg
    ? canonicalDigestName(algorithm)
    : m.kind === 'rsa-pss' && m.restrictions !== undefined
      ? m.restrictions.hash
      : 'sha256';
  const padding =
    options.padding ?? (m.kind === 'rsa-pss' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING);
  const taken =
    WEBCRYPTO_DIGESTS.has(digestName) &&
    (m.kind === 'ec' || (m.kind === 'rsa' && padding === constants.RSA_PKCS1_PADDING))
      ? takenVerdict({
          material: m,
          digest: digestName as 'sha256',
          data: dataBytes,
          signature: sig,
          p1363: options.dsaEncoding === 'ieee-p1363',
        })
      : undefined;
  if (taken !== undefined) return taken;
  if (m.kind === 'ec') return verifyEcdsa(m, digestName, dataBytes, sig, options);
  if (padding === constants.RSA_PKCS1_PSS_PADDING) return verifyRsaPss(m, digestName, dataBytes, sig, options);
  if (padding === constants.RSA_PKCS1_PADDING && m.kind === 'rsa') return verifyRsaPkcs1(m, digestName, dataBytes, sig);
  throw new ShimCryptoError('ERR_INVALID_ARG_VALUE', `padding ${padding} is not supported for ${m.kind} keys`);
}
