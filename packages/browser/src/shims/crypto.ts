// Synchronous stand-in for the parts of node:crypto that @sigstore/core and @sigstore/verify
// use, for browser bundles (esbuild aliases `crypto` to this module). The differential test
// (crypto.test.ts) checks it against node:crypto.
import { Buffer } from 'buffer';
import { ShimCryptoError } from './errors.ts';
import { hashByName, listHashes } from './hash.ts';
import { KeyObject, createPublicKey } from './key-object.ts';
import { constants, verify } from './signature.ts';

export { KeyObject, ShimCryptoError, constants, createPublicKey, verify };

type Encoding = 'hex' | 'base64' | 'base64url' | 'latin1' | 'binary' | 'utf8' | 'utf-8';

export class Hash {
  readonly #state: { update(buf: Uint8Array): unknown; digest(): Uint8Array };
  #done = false;
  constructor(algorithm: string) {
    this.#state = hashByName(algorithm).create();
  }
  update(data: string | ArrayBufferView, inputEncoding?: Encoding): this {
    if (this.#done) throw new ShimCryptoError('ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
    if (typeof data === 'string') this.#state.update(new Uint8Array(Buffer.from(data, inputEncoding ?? 'utf8')));
    else if (ArrayBuffer.isView(data))
      this.#state.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else
      throw new ShimCryptoError('ERR_INVALID_ARG_TYPE', 'hash data must be a string, Buffer, TypedArray or DataView');
    return this;
  }
  digest(): Buffer;
  digest(encoding: Encoding): string;
  digest(encoding?: Encoding): Buffer | string {
    if (this.#done) throw new ShimCryptoError('ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
    this.#done = true;
    const out = Buffer.from(this.#state.digest());
    return encoding === undefined ? out : out.toString(encoding);
  }
}

export function createHash(algorithm: string): Hash {
  return new Hash(algorithm);
}

export function getHashes(): string[] {
  return listHashes();
}

/** Constant-time comparison; throws on a length mismatch like Node (callers rely on that). */
export function timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) {
    throw new ShimCryptoError(
      'ERR_INVALID_ARG_TYPE',
      'timingSafeEqual arguments must be Buffers, TypedArrays or DataViews',
    );
  }
  if (a.byteLength !== b.byteLength) {
    throw new ShimCryptoError('ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  }
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

// CommonJS callers compiled with esModuleInterop read `require('crypto').default`.
export default { KeyObject, Hash, constants, createHash, createPublicKey, getHashes, timingSafeEqual, verify };
