// Typed verification errors: `code` names the check that failed.

import type { VerifyErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

export type { VerifyErrorCode } from '@sigguard/types';

/** A failed verification. The `check` is the name of the Check that failed. */
export class BundleVerificationError extends SigguardError<VerifyErrorCode> {
  readonly check: string;
  constructor(code: VerifyErrorCode, check: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'BundleVerificationError';
    this.check = check;
  }
}

/** Usage errors (exit 2 in the CLI) as opposed to "not verified" (exit 1). */
export function isInputError(code: VerifyErrorCode): boolean {
  return code === 'MALFORMED_BUNDLE' || code === 'INVALID_OPTIONS' || code === 'TRUST_ROOT';
}
