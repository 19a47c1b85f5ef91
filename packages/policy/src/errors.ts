/** Error codes raised by @sigguard/policy. */
export type PolicyErrorCode =
  | 'POLICY_INVALID' // a document failed admission-style validation
  | 'POLICY_PARSE' // the text is not YAML, or a document is not an object
  | 'GLOB_INVALID' // an images[].glob uses characters policy-controller rejects
  | 'IMAGE_REF_INVALID' // an image reference go-containerregistry would not parse
  | 'EVALUATION'; // evaluation could not run (bad arguments)

export class PolicyError extends Error {
  readonly code: PolicyErrorCode;
  /** Every individual problem, one line each (validation collects all of them). */
  readonly problems: string[];
  constructor(code: PolicyErrorCode, message: string, problems: string[] = []) {
    super(message);
    this.name = 'PolicyError';
    this.code = code;
    this.problems = problems;
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
