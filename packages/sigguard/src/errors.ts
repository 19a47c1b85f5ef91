// Every error class of the facade. Codes are listed in @sigguard/types with every other package's.
import type { FacadeErrorCode, VerifyImageErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

export type { VerifyImageErrorCode } from '@sigguard/types';

/** A usage or input problem with verifyImage()'s arguments (never a verification outcome). */
export class VerifyImageError extends SigguardError<VerifyImageErrorCode> {
  override name = 'VerifyImageError';
}

/** An authority whose keys or trust roots cannot be assembled (reported on the authority's node). */
export class AuthorityConfigError extends SigguardError<FacadeErrorCode> {
  override name = 'AuthorityConfigError';
  constructor(message: string) {
    super('AUTHORITY_CONFIG', message);
  }
}

/** A Rekor log entry that is not a signature sigguard can read (auditSigners reports it as unverified). */
export class RekorEntryError extends SigguardError<FacadeErrorCode> {
  override name = 'RekorEntryError';
  constructor(message: string) {
    super('REKOR_ENTRY_INVALID', message);
  }
}
