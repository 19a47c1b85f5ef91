// Verdicts from WebCrypto (crypto.subtle) for the checks verdicts.ts records: ECDSA P-256/P-384/P-521 and RSA
// PKCS#1 v1.5 with SHA-256/384/512, the algorithms where a browser's native code is many times faster than the
// pure-JS shims. Only inputs both sides read the same way are sent: a DER ECDSA signature is converted to
// WebCrypto's r||s form only when it is strict DER with in-range sizes (else the shim decides, as before).
// Any WebCrypto failure (no subtle, a key it will not import) leaves the verdict to the shim.
import { DER_TAG, parseDer, tagOf } from '@sigguard/identity/der';
import type { VerifyRequest } from './verdicts.ts';

const NAMED_CURVES = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' } as const;
const COORDINATE_BYTES = { prime256v1: 32, secp384r1: 48, secp521r1: 66 } as const;
const HASH_NAMES = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

// Imported keys by key material (trust-root keys are long-lived objects: imported once per trust root) and
// import parameters (an RSA CryptoKey is bound to its hash).
const imported = new WeakMap<object, Map<string, Promise<CryptoKey | undefined>>>();

/** WebCrypto's verdict for each request, or undefined where the shim is to decide. Never rejects. */
export async function webCryptoVerdicts(requests: readonly VerifyRequest[]): Promise<(boolean | undefined)[]> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return requests.map(() => undefined);
  return Promise.all(requests.map((r) => verdictOf(subtle, r)));
}

async function verdictOf(subtle: SubtleCrypto, r: VerifyRequest): Promise<boolean | undefined> {
  try {
    const m = r.material;
    const hash = HASH_NAMES[r.digest];
    if (m.kind === 'ec') {
      const signature = r.p1363
        ? exactP1363(r.signature, COORDINATE_BYTES[m.curve])
        : derToP1363(r.signature, COORDINATE_BYTES[m.curve]);
      if (signature === undefined) return undefined;
      const params = { name: 'ECDSA', namedCurve: NAMED_CURVES[m.curve] };
      const key = await importOnce(subtle, m, params, () => ['raw', m.point]);
      return (
        key && (await subtle.verify({ name: 'ECDSA', hash }, key, signature as BufferSource, r.data as BufferSource))
      );
    }
    const params = { name: 'RSASSA-PKCS1-v1_5', hash };
    const jwk = { kty: 'RSA', n: base64url(bigintBytes(m.n)), e: base64url(bigintBytes(m.e)), ext: true };
    const key = await importOnce(subtle, m, params, () => ['jwk', jwk]);
    return key && (await subtle.verify(params, key, r.signature as BufferSource, r.data as BufferSource));
  } catch {
    return undefined;
  }
}

type KeyData = ['raw', Uint8Array] | ['jwk', JsonWebKey];

function importOnce(
  subtle: SubtleCrypto,
  material: object,
  params: EcKeyImportParams | RsaHashedImportParams,
  keyData: () => KeyData,
): Promise<CryptoKey | undefined> {
  let byParams = imported.get(material);
  if (byParams === undefined) {
    byParams = new Map();
    imported.set(material, byParams);
  }
  const id = JSON.stringify(params);
  let key = byParams.get(id);
  if (key === undefined) {
    const [format, data] = keyData();
    const importing =
      format === 'jwk'
        ? subtle.importKey('jwk', data, params, false, ['verify'])
        : subtle.importKey('raw', data as BufferSource, params, false, ['verify']);
    key = importing.catch(() => undefined);
    byParams.set(id, key);
  }
  return key;
}

function exactP1363(signature: Uint8Array, size: number): Uint8Array | undefined {
  return signature.length === 2 * size ? signature : undefined;
}

// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, strict DER (the parser refuses other length forms and
// trailing bytes; minimal positive INTEGERs checked here), as r||s with each value left-padded to `size`.
function derToP1363(signature: Uint8Array, size: number): Uint8Array | undefined {
  let seq;
  try {
    seq = parseDer(signature);
  } catch {
    return undefined;
  }
  if (tagOf(seq) !== DER_TAG.SEQUENCE || seq.subs.length !== 2) return undefined;
  const out = new Uint8Array(2 * size);
  for (const [i, n] of seq.subs.entries()) {
    const v = n.value;
    if (tagOf(n) !== DER_TAG.INTEGER || v.length === 0 || (v[0]! & 0x80) !== 0) return undefined;
    if (v.length > 1 && v[0] === 0 && (v[1]! & 0x80) === 0) return undefined; // not minimal
    const digits = v[0] === 0 ? v.subarray(1) : v;
    if (digits.length > size) return undefined;
    out.set(digits, (i + 1) * size - digits.length);
  }
  return out;
}

function bigintBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
