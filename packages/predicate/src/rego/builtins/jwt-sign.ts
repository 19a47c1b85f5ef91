// io.jwt.encode_sign and io.jwt.encode_sign_raw as OPA defines them (topdown/tokens.go
// commonBuiltinJWTEncodeSign): the first key of a JWK (Set) signs `b64url(header).b64url(payload)`
// with the header's `alg`; a header typed JWT (or untyped) needs a JSON payload. encode_sign
// marshals header and payload as Go's json.Marshal does (keys sorted, compact); _raw keeps the text.
// Signatures: HS* HMAC, RS* PKCS#1 v1.5 and EdDSA are deterministic, so equal to OPA's; ES* uses
// RFC 6979 nonces (OPA's are random: any valid signature is as good); PS* needs a random salt,
// which would make decisions irreproducible, so it is an error (the call is undefined).
import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { PKCS1_SHA256, PKCS1_SHA384, PKCS1_SHA512 } from 'micro-rsa-dsa-dh/rsa.js';
import { parseExactJSON, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { obj, str } from './args.ts';
import { base64ToBytes } from './documents.ts';
import { base64url } from './encoding.ts';
import { goMarshal } from './go-json.ts';
import { JWS_ALGORITHMS, keyFromJWK } from './jwt-keys.ts';

type Hash = typeof sha256;
const HASHES: Record<string, Hash> = {
  '256': sha256,
  '384': sha384 as unknown as Hash,
  '512': sha512 as unknown as Hash,
};
const PKCS1 = { '256': PKCS1_SHA256, '384': PKCS1_SHA384, '512': PKCS1_SHA512 } as const;
const bigFrom = (b: Uint8Array) => BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') || '0'}`);

/** The signing key: the first JWK of jwkText (a key or a set). */
function firstJWK(jwkText: string): Record<string, RegoValue> {
  const doc = obj(parseExactJSON(jwkText), 'JWK');
  const list = Array.isArray(doc.keys) ? doc.keys : [doc];
  if (list.length === 0) throw new RangeError('no keys found in JWK set');
  return obj(list[0], 'JWK');
}

function sign(alg: string, jwk: Record<string, RegoValue>, input: Uint8Array): Uint8Array {
  const bits = alg.slice(2) as '256' | '384' | '512';
  const key = keyFromJWK(jwk);
  const secret = (name: string) => base64ToBytes(str(jwk[name], `JWK ${name}`));
  if (alg.startsWith('HS') && key.kind === 'oct') return hmac(HASHES[bits]!, key.secret, input);
  if (alg.startsWith('RS') && key.kind === 'rsa') return PKCS1[bits].sign({ n: key.n, d: bigFrom(secret('d')) }, input);
  if (alg.startsWith('ES') && key.kind === 'ec') {
    return key.curve.sign(HASHES[bits]!(input), secret('d'), { prehash: false, format: 'compact' });
  }
  if (alg === 'EdDSA' && key.kind === 'ed25519') return ed25519.sign(input, secret('d'));
  if (alg.startsWith('PS'))
    throw new TypeError(`${alg} signing needs a random salt: sigguard's evaluation is deterministic`);
  throw new TypeError(`the JWK (kty ${String(jwk.kty)}) cannot sign ${alg}`);
}

function encodeSign(headerText: string, payloadText: string, jwkText: string): string {
  const jwk = firstJWK(jwkText);
  let header: RegoValue;
  try {
    header = parseExactJSON(headerText);
  } catch {
    throw new SyntaxError("missing or invalid 'alg' header");
  }
  const h = obj(header, 'JWT header');
  const alg = str(h.alg, "'alg' header");
  if (!JWS_ALGORITHMS.has(alg)) throw new RangeError(`unknown JWS algorithm: ${alg}`);
  if (h.typ === undefined || typeof h.typ !== 'string' || h.typ === 'JWT') {
    try {
      parseExactJSON(payloadText);
    } catch {
      throw new SyntaxError('type is JWT but payload is not JSON');
    }
  }
  const enc = new TextEncoder();
  const input = `${base64url(enc.encode(headerText))}.${base64url(enc.encode(payloadText))}`;
  return `${input}.${base64url(sign(alg, jwk, enc.encode(input)))}`;
}

export const JWT_SIGN_BUILTINS: Record<string, HostBuiltin> = {
  'io.jwt.encode_sign': ([header, payload, key]) =>
    encodeSign(goMarshal(header ?? null), goMarshal(payload ?? null), goMarshal(key ?? null)),
  'io.jwt.encode_sign_raw': ([header, payload, key]) =>
    encodeSign(str(header, 'header'), str(payload, 'payload'), str(key, 'key')),
};
