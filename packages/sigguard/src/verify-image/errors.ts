export type VerifyImageErrorCode = 'DIGEST_REQUIRED' | 'USAGE' | 'PLATFORM_NOT_FOUND' | 'INPUT_INVALID';

/** A usage or input problem with verifyImage()'s arguments (never a verification outcome). */
export class VerifyImageError extends Error {
  override name = 'VerifyImageError';
  readonly code: VerifyImageErrorCode;
  constructor(code: VerifyImageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
