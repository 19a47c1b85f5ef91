// Every error class of @sigguard/audit. Codes are listed in @sigguard/types with every other package's.
import type { AuditErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

/** A Rekor log entry that is not a signature sigguard can read (auditSigners reports it as unverified). */
export class RekorEntryError extends SigguardError<AuditErrorCode> {
  override name = 'RekorEntryError';
  constructor(message: string) {
    super('REKOR_ENTRY_INVALID', message);
  }
}
