// Every error class of @sigguard/image. Codes are listed in @sigguard/types with every other package's.
import type { ImageErrorCode, VerifyImageErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

export type { VerifyImageErrorCode } from '@sigguard/types';

/** A usage or input problem with verifyImage()'s arguments (never a verification outcome). */
export class VerifyImageError extends SigguardError<VerifyImageErrorCode> {
  override name = 'VerifyImageError';
}

/** An authority whose keys or trust roots cannot be assembled (reported on the authority's node). */
export class AuthorityConfigError extends SigguardError<ImageErrorCode> {
  override name = 'AuthorityConfigError';
  constructor(message: string) {
    super('AUTHORITY_CONFIG', message);
  }
}
