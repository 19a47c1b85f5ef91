import type { OciErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

/** Every failure of this package carries one of these codes (listed in @sigguard/types). */
export type { OciErrorCode } from '@sigguard/types';

export class OciError extends SigguardError<OciErrorCode> {
  override name = 'OciError';
}
