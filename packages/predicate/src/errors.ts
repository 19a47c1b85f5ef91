/** Why a predicate evaluation could not reach a verdict (as opposed to a policy saying "no"). */
export type PredicateErrorCode =
  | 'PAYLOAD_INVALID' // DSSE envelope / statement could not be decoded
  | 'POLICY_INVALID' // policy text / wasm / bundle unusable
  | 'POLICY_SOURCE' // policy could not be obtained (url, digest mismatch, configMapRef, file)
  | 'INPUT_TOO_LARGE'
  | 'ENGINE_UNAVAILABLE' // engine failed to load, or no `opa` to compile Rego
  | 'ENGINE_FAILURE' // the engine crashed or ran out of memory while evaluating
  | 'ENGINE_LIMIT' // the engine was stopped at a limit: evaluation time, engine start-up time, or memory
  | 'TIMEOUT' // a helper outside the engines (e.g. `opa build`) took too long
  | 'UNSUPPORTED_POLICY_TYPE';

export class PredicateError extends Error {
  override name = 'PredicateError';
  readonly code: PredicateErrorCode;
  constructor(code: PredicateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
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
