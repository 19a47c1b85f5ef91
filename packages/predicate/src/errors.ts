import type { PredicateErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

/** Why a predicate evaluation could not reach a verdict (listed in @sigguard/types). */
export type { PredicateErrorCode } from '@sigguard/types';

export class PredicateError extends SigguardError<PredicateErrorCode> {
  override name = 'PredicateError';
}

/** Which engine limit stopped an evaluation. */
export type EngineLimit = 'time' | 'startup' | 'memory';

/** An engine stopped at a limit; `message` says which limit and its value (the caller names the policy). */
export class EngineLimitError extends PredicateError {
  override name = 'EngineLimitError';
  readonly limit: EngineLimit;
  constructor(limit: EngineLimit, message: string, options?: { cause?: unknown }) {
    super('ENGINE_LIMIT', message, options);
    this.limit = limit;
  }
}
