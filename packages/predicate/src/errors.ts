/** Why a predicate evaluation could not reach a verdict (as opposed to a policy saying "no"). */
export type PredicateErrorCode =
  | 'PAYLOAD_INVALID' // DSSE envelope / statement could not be decoded
  | 'POLICY_INVALID' // policy text / wasm / bundle unusable
  | 'POLICY_SOURCE' // policy could not be obtained (url, digest mismatch, configMapRef, file)
  | 'INPUT_TOO_LARGE'
  | 'ENGINE_UNAVAILABLE' // engine failed to load, or no `opa` to compile Rego
  | 'ENGINE_FAILURE' // the engine crashed or ran out of memory while evaluating
  | 'TIMEOUT'
  | 'UNSUPPORTED_POLICY_TYPE';

export class PredicateError extends Error {
  override name = 'PredicateError';
  readonly code: PredicateErrorCode;
  constructor(code: PredicateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
