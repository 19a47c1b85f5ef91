// Typed errors of the browser shims. Codes mirror the Node error codes where sigstore-js
// or callers might look at them; the messages say what was wrong.

export type ShimErrorCode =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_CRYPTO_INVALID_DIGEST'
  | 'ERR_CRYPTO_UNSUPPORTED_KEY'
  | 'ERR_CRYPTO_INVALID_KEY'
  | 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH'
  | 'ERR_CRYPTO_HASH_FINALIZED';

export class ShimCryptoError extends Error {
  readonly code: ShimErrorCode;
  constructor(code: ShimErrorCode, message: string) {
    super(message);
    this.name = 'ShimCryptoError';
    this.code = code;
  }
}
