// Reading `data.sigstore.isCompliant` as cosign v3.0.5 does (pkg/cosign/rego), with
// policy-controller's rule on top: a warning is a failure.

export const REGO_QUERY = 'isCompliant = data.sigstore.isCompliant';
const NOT_COMPLIANT = `policy is not compliant for query '${REGO_QUERY}'`;

export interface RegoVerdict {
  /** cosign's error, if any (the policy failed). */
  error?: string;
  /** cosign's warning, if any (cosign passes with it; policy-controller fails). */
  warning?: string;
  /** Every error message the policy returned, for the decision tree. */
  errors: string[];
}

function goString(v: unknown): string | undefined {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : undefined;
}

/** Interprets an OPA result set (`[{result: value}]`, or `[]` when undefined). */
export function interpretResultSet(resultSet: unknown): RegoVerdict {
  if (Array.isArray(resultSet)) {
    for (const row of resultSet) {
      const value = row !== null && typeof row === 'object' ? (row as { result?: unknown }).result : undefined;
      if (Array.isArray(value)) return interpretResponses(value);
      if (value === true) return { errors: [] };
    }
  }
  return { error: NOT_COMPLIANT, errors: [] };
}

/** A set/array of `{result, error, warning}`: the first `result: true` decides. */
function interpretResponses(responses: unknown[]): RegoVerdict {
  let error = NOT_COMPLIANT;
  const errors: string[] = [];
  for (const r of responses) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      return { error: `${NOT_COMPLIANT}: response is not an object {result, error, warning}`, errors };
    }
    const { result, error: err, warning } = r as Record<string, unknown>;
    const errText = goString(err);
    const warnText = goString(warning);
    if (
      (result !== undefined && result !== null && typeof result !== 'boolean') ||
      errText === undefined ||
      warnText === undefined
    ) {
      return {
        error: `${NOT_COMPLIANT}: response fields have the wrong types (want result: bool, error: string, warning: string)`,
        errors,
      };
    }
    if (result === true) {
      return warnText === '' ? { errors } : { warning: warnText, errors };
    }
    errors.push(errText);
    error = `${NOT_COMPLIANT} with errors: ${errText}`;
  }
  return { error, errors };
}
