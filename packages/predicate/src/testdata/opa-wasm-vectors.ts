// The OPA-built WebAssembly vectors in ../shared/vectors/opa-wasm (modules from OPA 0.70.0 and
// `opa eval`'s values), plus the canonical form used to compare values with OPA's.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseExactJSON, type RegoValue } from '../rego/exact-json.ts';

export const OPA_WASM_DIR = fileURLToPath(new URL('../../../../../shared/vectors/opa-wasm/', import.meta.url));
export const SKIP_NO_OPA_WASM = existsSync(OPA_WASM_DIR + 'README.md')
  ? false
  : `OPA wasm vectors not found at ${OPA_WASM_DIR} (../shared absent)`;

export const opaWasmBytes = (rel: string) => new Uint8Array(readFileSync(OPA_WASM_DIR + rel));
/** JSON with integers beyond 2^53 kept exact (bigint). */
export const opaWasmJSON = <T = RegoValue>(rel: string) =>
  parseExactJSON(readFileSync(OPA_WASM_DIR + rel, 'utf8')) as T;

export { SET_ENTRYPOINTS, canonical } from './canonical-value.ts';
