// @sigguard/policy: ClusterImagePolicy semantics (policy-controller) without crypto.
// Parse + validate documents, select policies by glob, evaluate against verified evidence,
// and explain the decision as a tree.
export { PolicyError, EvaluationTimeoutError, type PolicyErrorCode, type FieldProblem } from './errors.ts';
export { parsePolicyDocuments, type PolicyDocuments, type ParseOptions } from './parse.ts';
export {
  validateClusterImagePolicy,
  DEFAULT_KEYLESS_URL,
  REQUIRED_AUTHORITIES_ANNOTATION,
  type ValidateOptions,
  type ValidationResult,
} from './validate.ts';
export { parseImageRef, DEFAULT_REGISTRY, type ImageRef } from './reference.ts';
export { compileGlob, matchGlob, validateGlob, type CompiledGlob } from './glob.ts';
export { selectPolicies, matchesSelector, type ResourceInfo } from './select.ts';
export { evaluatePolicies, type EvaluateOptions } from './evaluate.ts';
export { identityMatcherOf, publicKeysOf } from './authority-material.ts';
export {
  createPredicateRunner,
  type PredicateOptions,
  type PredicateRunner,
  type PredicateVerdict,
} from './predicate-runner.ts';
export type { EvidenceVerifier, EvidenceResult, EvidenceSigner, InTotoStatement } from './evidence.ts';
export type { CipPolicyInput, AuthorityMatch, PolicySignature, PolicyAttestation } from './policy-input.ts';
export type { Decision, DecisionNode, DecisionNodeKind, Check, CheckStatus } from './decision.ts';
export { renderDecision, type RenderOptions } from './render.ts';
export type * from './types.ts';
