// Canonical text of a Rego value for comparing with OPA's (no Node imports: the Chromium test
// bundles it into the page too).
import { stringifyExactJSON, type RegoValue } from '../rego/exact-json.ts';

/** Entrypoints whose value is a Rego set (OPA prints sets as JSON arrays, order not meaningful). */
export const SET_ENTRYPOINTS = new Set(['sigstore/b_graph_reachable', 'sigstore/b_net_cidr_merge']);

/** Canonical text: object keys sorted; the top-level array sorted too when the value is a set. */
export function canonical(value: RegoValue | undefined, isSet = false): string {
  const sortKeys = (v: RegoValue): RegoValue => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, RegoValue>)[k]!)]),
      );
    return v;
  };
  if (value === undefined) return 'undefined';
  if (isSet && Array.isArray(value))
    return `set${stringifyExactJSON(value.map((x) => stringifyExactJSON(sortKeys(x))).sort())}`;
  return stringifyExactJSON(sortKeys(value));
}
