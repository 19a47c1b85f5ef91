// The explanation contract: every step that decides something reports one Check.
import type { DecisionCode } from './decision-codes.ts';

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'warn';

export interface Check {
  name: string;
  status: CheckStatus;
  reason: string;
  /** Machine-readable reason for a failure (see DecisionCode). */
  code?: DecisionCode;
}
