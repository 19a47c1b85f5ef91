// The shim's stand-in for node:crypto's KeyObject. sigstore-js treats KeyObjects as opaque
// handles passed back into verify(), so this only needs to carry the decoded key.
import { Buffer } from 'buffer';
import { ShimCryptoError } from './errors.ts';
import { keyFromPem, keyFromPkcs1, keyFromSpki } from './keys.ts';
import type { PublicKeyMaterial } from './keys.ts';

export class KeyObject {
  readonly type = 'public' as const;
  readonly material: PublicKeyMaterial;
  constructor(material: PublicKeyMaterial) {
    this.material = material;
  }
  get asymmetricKeyType(): PublicKeyMaterial['kind'] {
    return this.material.kind;
  }
}

export interface PublicKeyInputObject {
  key: string | ArrayBufferView | KeyObject;
  format?: 'pem' | 'der' | 'jwk';
  type?: 'spki' | 'pkcs1';
  encoding?: string;
}

export type PublicKeyInput = string | ArrayBufferView | KeyObject | PublicKeyInputObject;

function viewBytes(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function isView(v: unknown): v is ArrayBufferView {
  return ArrayBuffer.isView(v);
}

/** node:crypto createPublicKey for public keys: PEM, DER spki, DER pkcs1 (no JWK, no private keys). */
export function createPublicKey(input: PublicKeyInput): KeyObject {
  if (input instanceof KeyObject) return input;
  if (typeof input === 'string') return new KeyObject(keyFromPem(input));
  if (isView(input)) return new KeyObject(keyFromPem(Buffer.from(viewBytes(input)).toString('utf8')));
  if (input === null || typeof input !== 'object') {
    throw new ShimCryptoError(
      'ERR_INVALID_ARG_TYPE',
      `key must be a string, Buffer, KeyObject or object, got ${input === null ? 'null' : typeof input}`,
    );
  }
  const { key } = input;
  if (key instanceof KeyObject) return key;
  const format = input.format ?? 'pem';
  if (format === 'pem') {
    if (typeof key === 'string') return new KeyObject(keyFromPem(key));
    if (isView(key)) return new KeyObject(keyFromPem(Buffer.from(viewBytes(key)).toString('utf8')));
    throw new ShimCryptoError('ERR_INVALID_ARG_TYPE', 'PEM key must be a string or Buffer');
  }
  if (format === 'der') {
    const der =
      typeof key === 'string'
        ? new Uint8Array(Buffer.from(key, (input.encoding ?? 'utf8') as BufferEncoding))
        : isView(key)
          ? viewBytes(key)
          : undefined;
    if (der === undefined) throw new ShimCryptoError('ERR_INVALID_ARG_TYPE', 'DER key must be a Buffer');
    if (input.type === 'spki') return new KeyObject(keyFromSpki(der));
    if (input.type === 'pkcs1') return new KeyObject(keyFromPkcs1(der));
    throw new ShimCryptoError(
      'ERR_INVALID_ARG_VALUE',
      `DER public key type must be 'spki' or 'pkcs1', got ${String(input.type)}`,
    );
  }
  throw new ShimCryptoError('ERR_INVALID_ARG_VALUE', `unsupported key format ${String(format)}`);
}
