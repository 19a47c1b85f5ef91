// io.jwt.verify_{rs,ps,es}{256,384,512}, io.jwt.verify_eddsa and io.jwt.decode_verify as OPA
// defines them (topdown/tokens.go). verify_*: the key operand (jwt-keys.ts) may hold several
// keys; a key whose `kid` equals the token's decides alone, otherwise any key (with no `alg`, or
// the token's) that verifies makes the result true; a key of the wrong type just does not verify.
// A malformed token or key is an error, so the call is undefined.
// Primitives: @noble/curves (ECDSA, Ed25519), micro-rsa-dsa-dh (RSA), @noble/hashes (HMAC).
import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { mgf1, PKCS1_SHA256, PKCS1_SHA384, PKCS1_SHA512, PSS, type IPKCS } from 'micro-rsa-dsa-dh/rsa.js';
import { parseExactJSON, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { obj, str } from './args.ts';
import { base64ToBytes } from './documents.ts';
import { verificationKeys, type PublicKey, type VerificationKey } from './jwt-keys.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function jsonObject(bytes: Uint8Array, what: string): Record<string, RegoValue> {
  const v = parseExactJSON(utf8.decode(bytes));
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new SyntaxError(`JWT ${what} is not a JSON object`);
  return v as Record<string, RegoValue>;
}

interface TokenHeader {
  alg: string;
  kid: string;
  cty: string;
  /** RFC 7515 4.1.11: false when `alg` is missing or a critical parameter is unknown. */
  valid: boolean;
}

/** OPA's parseTokenHeader: alg, kid, typ, cty must be strings; crit a non-empty list. */
function tokenHeader(h: Record<string, RegoValue>): TokenHeader {
  const out = { alg: '', kid: '', cty: '' };
  const unknown: string[] = [];
  let crit = new Set<string>();
  for (const [k, v] of Object.entries(h)) {
    if (k === 'alg' || k === 'kid' || k === 'typ' || k === 'cty') {
      const s = str(v, k);
      if (k !== 'typ') out[k] = s;
    } else if (k === 'crit') {
      if (!Array.isArray(v)) throw new TypeError('crit: must be a list');
      crit = new Set(v.filter((x): x is string => typeof x === 'string'));
      if (crit.size === 0) throw new TypeError('crit: must be a nonempty list');
    } else {
      unknown.push(k);
    }
  }
  return { ...out, valid: out.alg !== '' && !unknown.some((u) => crit.has(u)) };
}

interface Token {
  header: Record<string, RegoValue>;
  parsed: TokenHeader;
  signingInput: Uint8Array;
  payloadPart: string;
  signature: Uint8Array;
}

/** A compact JWS with OPA's structural checks (three parts, header a JSON object). */
function decodeToken(token: string): Token {
  if (!token.includes('.')) throw new SyntaxError('encoded JWT had no period separators');
  const parts = token.split('.');
  if (parts.length !== 3) throw new SyntaxError(`encoded JWT must have 3 sections, found ${parts.length}`);
  const header = jsonObject(base64ToBytes(parts[0]!), 'header');
  return {
    header,
    parsed: tokenHeader(header),
    signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    payloadPart: parts[1]!,
    signature: base64ToBytes(parts[2]!),
  };
}

type Hash = typeof sha256;
type Verify = (key: PublicKey, message: Uint8Array, signature: Uint8Array) => boolean;

const rsaPkcs1 =
  (scheme: IPKCS): Verify =>
  (key, message, signature) =>
    key.kind === 'rsa' && scheme.verify(key, message, signature);

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

const bigFrom = (b: Uint8Array) =>
  b.length === 0 ? 0n : BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`);

/** ECDSA over r||s split in half, as OPA's verifyES (any curve the key has; digest truncated). */
function ecdsa(hash: Hash): Verify {
  return (key, message, signature) => {
    if (key.kind !== 'ec') return false;
    const half = signature.length >> 1;
    const [r, s] = [bigFrom(signature.subarray(0, half)), bigFrom(signature.subarray(half))];
    const order = key.curve.Point.CURVE().n;
    if (r <= 0n || s <= 0n || r >= order || s >= order) return false;
    const sig = new key.curve.Signature(r, s).toBytes('compact');
    return key.curve.verify(sig, hash(message), key.point, { prehash: false, lowS: false, format: 'compact' });
  };
}

const eddsa: Verify = (key, message, signature) =>
  key.kind === 'ed25519' && signature.length === 64 && ed25519.verify(signature, message, key.raw, { zip215: false });

/** HMAC with a JWK `oct` key (decode_verify with a JWK Set); constant-time comparison is moot here. */
const hmacWith =
  (hash: Hash): Verify =>
  (key, message, signature) => {
    if (key.kind !== 'oct') return false;
    const mac = hmac(hash, key.secret, message);
    return mac.length === signature.length && mac.every((b, i) => b === signature[i]);
  };

const h384 = sha384 as unknown as Hash;
const h512 = sha512 as unknown as Hash;
/** Verification by JWS algorithm name. */
export const VERIFY_BY_ALG: Record<string, Verify> = {
  RS256: rsaPkcs1(PKCS1_SHA256),
  RS384: rsaPkcs1(PKCS1_SHA384),
  RS512: rsaPkcs1(PKCS1_SHA512),
  PS256: rsaPss(sha256),
  PS384: rsaPss(h384),
  PS512: rsaPss(h512),
  ES256: ecdsa(sha256),
  ES384: ecdsa(h384),
  ES512: ecdsa(h512),
  HS256: hmacWith(sha256),
  HS384: hmacWith(h384),
  HS512: hmacWith(h512),
  EdDSA: eddsa,
};

const attempt = (verify: Verify, key: PublicKey, token: Token) => {
  try {
    return verify(key, token.signingInput, token.signature);
  } catch {
    return false; // e.g. a signature longer than the modulus: not verified, not an error of the call
  }
};

/** OPA's key selection: a key with the token's kid alone; else any key whose alg is absent or the token's. */
function verifyWithKeys(keys: VerificationKey[], token: Token, verify: (k: PublicKey) => boolean): boolean {
  const { kid, alg } = token.parsed;
  const byKid = kid === '' ? undefined : keys.find((k) => k.kid === kid);
  if (byKid) return verify(byKid.key);
  return keys.some((k) => (k.alg === undefined || k.alg === alg) && verify(k.key));
}

function jwtVerify(alg: string): HostBuiltin {
  const verify = VERIFY_BY_ALG[alg]!;
  return ([token, keyText]) => {
    const t = decodeToken(str(token, 'token'));
    const keys = verificationKeys(str(keyText, 'certificate'));
    return verifyWithKeys(keys, t, (key) => attempt(verify, key, t));
  };
}

interface Constraints {
  keys?: VerificationKey[];
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  /** Seconds. */
  time: number;
}

function constraintsOf(o: Record<string, RegoValue>, nowNs: bigint): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', time: -1 };
  for (const [k, v] of Object.entries(o)) {
    if (k === 'cert') c.keys = verificationKeys(str(v, 'cert constraint'));
    else if (k === 'secret' || k === 'alg' || k === 'iss' || k === 'aud') c[k] = str(v, `${k} constraint`);
    else if (k === 'time') {
      if (typeof v !== 'number' && typeof v !== 'bigint')
        throw new TypeError('token time constraint: must be a number');
      if (Number(v) < 0) throw new RangeError('token time constraint: must not be negative');
      c.time = Number(v) / 1e9;
    } else throw new TypeError(`unknown token validation constraint: ${k}`);
  }
  if (c.time === -1) c.time = Number(nowNs) / 1e9;
  if ((c.keys ? 1 : 0) + (c.secret !== '' ? 1 : 0) !== 1)
    throw new TypeError(c.keys ? 'duplicate key constraints' : 'no key constraint');
  return c;
}

/** OPA 0.70.0's tokenConstraints.verify: an unknown algorithm, or a secret with a non-HMAC one, is an error. */
function signatureVerifies(c: Constraints, token: Token): boolean {
  const { alg } = token.parsed;
  const verify = VERIFY_BY_ALG[alg];
  if (!verify) throw new RangeError(`unknown JWS algorithm: ${alg}`);
  if (c.keys) return verifyWithKeys(c.keys, token, (key) => attempt(verify, key, token));
  if (!alg.startsWith('HS')) throw new TypeError('incorrect public key type');
  return attempt(verify, { kind: 'oct', secret: new TextEncoder().encode(c.secret) }, token);
}

const UNVERIFIED: RegoValue = [false, {}, {}];

/** io.jwt.decode_verify: [valid, header, payload]; nested tokens (cty JWT) are followed. */
function decodeVerify(tokenText: string, constraints: Record<string, RegoValue>, nowNs: bigint): RegoValue {
  const c = constraintsOf(constraints, nowNs);
  let text = tokenText;
  let token: Token;
  let payloadBytes: Uint8Array;
  for (;;) {
    token = decodeToken(text);
    if (!token.parsed.valid) return UNVERIFIED;
    if (c.alg !== '' && c.alg !== token.parsed.alg) return UNVERIFIED;
    if (!signatureVerifies(c, token)) return UNVERIFIED;
    payloadBytes = base64ToBytes(token.payloadPart);
    if (token.parsed.cty.toLowerCase() !== 'jwt') break;
    text = utf8.decode(payloadBytes);
  }
  const payload = jsonObject(payloadBytes, 'payload');
  if (c.iss !== '' && (!('iss' in payload) || str(payload.iss, 'iss claim') !== c.iss)) return UNVERIFIED;
  if ('aud' in payload) {
    const aud = payload.aud!;
    const ok = typeof aud === 'string' ? aud === c.aud : Array.isArray(aud) && aud.some((a) => a === c.aud);
    if (!ok) return UNVERIFIED;
  } else if (c.aud !== '') return UNVERIFIED;
  const claimTime = (name: string): number | undefined => {
    const v = payload[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' && typeof v !== 'bigint') throw new TypeError(`${name} value must be a number`);
    return Number(v);
  };
  const exp = claimTime('exp');
  if (exp !== undefined && !(c.time < exp)) return UNVERIFIED;
  const nbf = claimTime('nbf');
  if (nbf !== undefined && c.time < nbf) return UNVERIFIED;
  return [true, token.header, payload];
}

export const JWT_VERIFY_BUILTINS: Record<string, HostBuiltin> = {
  ...Object.fromEntries(
    ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'].map((alg) => [
      `io.jwt.verify_${alg.toLowerCase()}`,
      jwtVerify(alg),
    ]),
  ),
  'io.jwt.decode_verify': ([token, constraints], ctx) =>
    decodeVerify(str(token, 'token'), obj(constraints, 'constraints'), ctx.nowNs),
};
