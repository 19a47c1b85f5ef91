// Node-only helpers for @sigguard/predicate: policy files and compiling inline Rego with `opa`.
export { opaCompiler, opaMajorVersion, PRECOMPILE_HINT, type OpaCompilerOptions } from './opa-compiler.ts';
export { readPolicyFile, policyTypeFromFileName } from './policy-file.ts';
export {
  createWorkerEvaluator,
  sharedWorkerEvaluator,
  type WorkerEvaluator,
  type WorkerEvaluatorOptions,
} from './worker-evaluator.ts';
