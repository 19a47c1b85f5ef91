// The OPA-built WebAssembly vectors in ../shared/vectors/opa-wasm (modules from OPA 0.70.0 and
// `opa eval`'s values), plus the canonical form used to compare values with OPA's.
import { readFileSync } from 'node:fs';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';
import { parseExactJSON, type RegoValue } from '../rego/exact-json.ts';

const vectors = sharedVectors('opa-wasm');
/** The vectors' folder, with a trailing slash. */
export const OPA_WASM_DIR = `${vectors.path}/`;
export const SKIP_NO_OPA_WASM = vectors.skip;

export const opaWasmBytes = (rel: string) => new Uint8Array(readFileSync(OPA_WASM_DIR + rel));
/** JSON with integers beyond 2^53 kept exact (bigint). */
export const opaWasmJSON = <T = RegoValue>(rel: string) =>
  parseExactJSON(readFileSync(OPA_WASM_DIR + rel, 'utf8')) as T;

export { SET_ENTRYPOINTS, canonical } from './canonical-value.ts';
