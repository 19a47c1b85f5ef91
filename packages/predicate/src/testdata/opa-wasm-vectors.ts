// The OPA-built WebAssembly vectors in ../shared/vectors/opa-wasm (modules from OPA 0.70.0 and
// `opa eval`'s values), plus the canonical form used to compare values with OPA's.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseExactJSON, stringifyExactJSON, type RegoValue } from '../rego/exact-json.ts';

export const OPA_WASM_DIR = fileURLToPath(new URL('../../../../../shared/vectors/opa-wasm/', import.meta.url));
export const SKIP_NO_OPA_WASM = existsSync(OPA_WASM_DIR + 'README.md') ? false : `OPA wasm vectors not found at ${OPA_WASM_DIR} (../shared absent)`;

export const opaWasmBytes = (rel: string) => new Uint8Array(readFileSync(OPA_WASM_DIR + rel));
/** JSON with integers beyond 2^53 kept exact (bigint). */
export const opaWasmJSON = <T = RegoValue>(rel: string) => parseExactJSON(readFileSync(OPA_WASM_DIR + rel, 'utf8')) as T;

/** Entrypoints whose value is a Rego set (OPA prints sets as JSON arrays, order not meaningful). */
export const SET_ENTRYPOINTS = new Set(['sigstore/b_graph_reachable', 'sigstore/b_net_cidr_merge']);

/** Canonical text: object keys sorted; the top-level array sorted too when the value is a set. */
export function canonical(value: RegoValue | undefined, isSet = false): string {
  const sortKeys = (v: RegoValue): RegoValue => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, RegoValue>)[k]!)]));
    return v;
  };
  if (value === undefined) return 'undefined';
  if (isSet && Array.isArray(value)) return `set${stringifyExactJSON(value.map((x) => stringifyExactJSON(sortKeys(x))).sort())}`;
  return stringifyExactJSON(sortKeys(value));
}
