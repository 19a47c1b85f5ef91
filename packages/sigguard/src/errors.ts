// The facade's error classes: those of @sigguard/image, and the audit's.
import type { AuditErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

export { VerifyImageError, type VerifyImageErrorCode } from '@sigguard/image';

/** A Rekor log entry that is not a signature sigguard can read (auditSigners reports it as unverified). */
export class RekorEntryError extends SigguardError<AuditErrorCode> {
  override name = 'RekorEntryError';
  constructor(message: string) {
    super('REKOR_ENTRY_INVALID', message);
  }
}
