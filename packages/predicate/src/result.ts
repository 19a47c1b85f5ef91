import type { EngineLimit, PredicateErrorCode } from './errors.ts';

export type PredicateEngine = 'cue' | 'rego';

/** Outcome of evaluating one predicate policy against one input document. */
export interface PredicateEvaluation {
  /** True only when the policy passed with no errors and no warnings (warnings fail, as in policy-controller). */
  ok: boolean;
  engine: PredicateEngine;
  /** One line saying why, in policy-controller's words where it has them. */
  reason: string;
  errors: string[];
  warnings: string[];
  /** Set when no verdict could be reached (bad policy, engine failure, limits): still a failure. */
  code?: PredicateErrorCode;
  /** With code ENGINE_LIMIT: the limit that stopped the engine. */
  limit?: EngineLimit;
  durationMs: number;
}
