import type { PolicyErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

/** Error codes raised by @sigguard/policy (listed in @sigguard/types). */
export type { PolicyErrorCode } from '@sigguard/types';

export class PolicyError extends SigguardError<PolicyErrorCode> {
  /** Every individual problem, one line each (validation collects all of them). */
  readonly problems: string[];
  constructor(code: PolicyErrorCode, message: string, problems: string[] = []) {
    super(code, message);
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

/** A verifier or policy call that exceeded its time limit (`verifierTimeoutMs`). */
export class EvaluationTimeoutError extends SigguardError<'TIMEOUT'> {
  constructor(what: string, ms: number) {
    super('TIMEOUT', `${what} did not finish within ${ms} ms`);
    this.name = 'EvaluationTimeoutError';
  }
}

/**
 * One validation problem, shaped like knative's apis.FieldError so messages read the way
 * policy-controller's webhook words them: `<message>: <path>[, <path>...]`.
 */
export interface FieldProblem {
  message: string;
  paths: string[];
  /** Optional detail, shown in parentheses after the paths. */
  details?: string;
}

export function formatProblem(p: FieldProblem): string {
  const head = p.paths.length > 0 ? `${p.message}: ${p.paths.join(', ')}` : p.message;
  return p.details ? `${head} (${p.details})` : head;
}
