// What evaluating one image under its policies carries from step to step. In a file of its own so
// that evaluate.ts, evaluate-authority.ts and evaluate-cip-policy.ts depend on it and not on each other.
import type { DecisionNode } from './decision.ts';
import type { EvidenceVerifier } from './evidence.ts';
import type { AuthorityMatch } from './policy-input.ts';
import type { PredicateRunner } from './predicate-runner.ts';
import type { ImageRef } from './reference.ts';
import type { ResourceInfo } from './select.ts';

export interface EvaluationContext {
  image: ImageRef;
  verifier: EvidenceVerifier;
  predicates: PredicateRunner;
  resource?: ResourceInfo;
  verifierTimeoutMs?: number;
}

/** One authority's result. */
export interface AuthorityOutcome {
  node: DecisionNode;
  /** What passed, for the CIP-level policy input (authorityMatches[name]). */
  match?: AuthorityMatch;
  /** Who signed the evidence it passed on (N-of-M counts distinct signers); absent for static. */
  signers?: string[];
}
