// @sigguard/predicate: attestation predicates (types, input shaping) and CUE / Rego policies.
// The engines (cue-wasm; the OPA ABI host and its built-ins) are loaded lazily, only when a policy of that type runs.
export { EngineLimitError, PredicateError, type EngineLimit, type PredicateErrorCode } from './errors.ts';
export {
  PREDICATE_SHORT_NAMES,
  isPredicateShortName,
  predicateTypeURI,
  type PredicateShortName,
} from './predicate-types.ts';
export {
  attestationToInput,
  shapeStatement,
  shapeParsedStatement,
  statementBytesFromEnvelope,
  type AttestationInput,
  type InTotoStatement,
} from './attestation-input.ts';
export {
  evaluatePredicatePolicy,
  startPredicateEngine,
  type EvaluateOptions,
  type PolicyEvaluator,
  type PredicatePolicy,
  type RegoCompiler,
} from './evaluate.ts';
export {
  clearCueVerdictMemo,
  cueVerdictMemoSize,
  cueVerdictMemoStats,
  MAX_MEMO_CHARS,
  MAX_MEMO_ENTRIES,
  MAX_MEMO_INPUT_CHARS,
} from './cue/verdict-memo.ts';
// Evaluation on another thread (a Node worker, a Web Worker), stopped at the limits.
export {
  createIsolatedEvaluator,
  type EnginePort,
  type IsolatedEvaluator,
  type IsolatedEvaluatorOptions,
} from './isolated-evaluator.ts';
export { captureEngineOutput, handleEngineRequest, type EngineReply, type EngineRequest } from './engine-host.ts';
export {
  createWebWorkerEvaluator,
  type WebWorkerEvaluatorOptions,
  type WebWorkerLike,
} from './web-worker-evaluator.ts';
export {
  attestationPredicateType,
  attestationStatementBytes,
  evaluateAttestationPolicy,
  evaluateStatementPolicy,
  type AttestationEvaluation,
} from './evaluate-attestation.ts';
export {
  inlinePolicySource,
  loadPolicySource,
  policyFromBytes,
  type PolicySourceOptions,
  type PolicySourceSpec,
} from './policy-source.ts';
export { DEFAULT_LIMITS, resolveLimits, type PredicateLimits } from './limits.ts';
export type { PredicateEngine, PredicateEvaluation } from './result.ts';
export { REGO_QUERY } from './rego/rego-result.ts';
export { REGO_ENTRYPOINT } from './rego/rego-engine.ts';
