// Loads the OPA-ABI test double (see opa-abi-test-double.wat: a hand-written stand-in for a
// module compiled by `opa build -t wasm`, which cannot be installed on the build machines).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { createTar } from 'nanotar';

export const TEST_DOUBLE_WASM = new Uint8Array(readFileSync(new URL('./opa-abi-test-double.wasm', import.meta.url)));

/** An OPA bundle (bundle.tar.gz) as `opa build` lays it out, around the test double. */
export function bundleOf(files: Record<string, string | Uint8Array>): Uint8Array {
  return gzipSync(createTar(Object.entries(files).map(([name, data]) => ({ name, data }))));
}

/** The double with its entrypoint renamed, as a module built with another `-e` would be. */
export function doubleWithoutEntrypoint(): Uint8Array {
  const bytes = TEST_DOUBLE_WASM.slice();
  const needle = new TextEncoder().encode('sigstore/isCompliant');
  for (let i = 0; i < bytes.length - needle.length; i++) {
    if (needle.every((b, j) => bytes[i + j] === b)) {
      bytes.set(new TextEncoder().encode('sigstore/isEnforcing'), i);
      return bytes;
    }
  }
  throw new Error('entrypoint name not found in the test double');
}
