// OPA bundles as `opa build -t wasm` writes them: bundle.tar.gz holding /policy.wasm and
// data.json files (a data.json under /a/b/ lands at data.a.b). gzip by fflate (@sigguard/input-limits/gzip,
// bounded while inflating), tar by nanotar.
import { GunzipLimitError, gunzipBounded } from '@sigguard/input-limits/gzip';
import { nanotarModule } from '../deps/nanotar.ts';
import { PredicateError } from '../errors.ts';

export interface OpaBundle {
  wasm: Uint8Array;
  data: Record<string, unknown>;
}

// Bounded while inflating: a gzip bomb stops at the cap instead of inflating whole first.
function gunzipCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return gunzipBounded(bytes, maxBytes);
  } catch (e) {
    if (!(e instanceof GunzipLimitError)) throw e;
    if (e.problem === 'too-large') {
      throw new PredicateError('INPUT_TOO_LARGE', `OPA bundle expands to more than ${maxBytes} bytes`);
    }
    throw new PredicateError('PREDICATE_POLICY_INVALID', `OPA bundle is not valid gzip: ${e.message}`);
  }
}

function setAt(root: Record<string, unknown>, path: string[], value: unknown, file: string): void {
  if (path.length === 0) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new PredicateError('PREDICATE_POLICY_INVALID', `OPA bundle ${file}: root data.json must be a JSON object`);
    }
    Object.assign(root, value);
    return;
  }
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node = node[key] = {} as Record<string, unknown>;
    else if (next !== null && typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>;
    else throw new PredicateError('PREDICATE_POLICY_INVALID', `OPA bundle ${file}: data path conflicts at ${key}`);
  }
  node[path[path.length - 1]!] = value;
}

export function readOpaBundle(bytes: Uint8Array, maxBytes: number): OpaBundle {
  const tar = gunzipCapped(bytes, maxBytes);
  const { parseTar } = nanotarModule(); // outside the try: a failed load is not an invalid archive
  let entries;
  try {
    entries = parseTar(tar);
  } catch (e) {
    throw new PredicateError(
      'PREDICATE_POLICY_INVALID',
      `OPA bundle is not a valid tar archive: ${(e as Error).message}`,
    );
  }
  let wasm: Uint8Array | undefined;
  const data: Record<string, unknown> = {};
  const decoder = new TextDecoder();
  for (const entry of entries) {
    if (entry.type !== undefined && entry.type !== 'file') continue;
    const name = '/' + entry.name.replace(/^\.?\/+/, '');
    if (name === '/policy.wasm') wasm = entry.data;
    else if (name === '/data.json' || name.endsWith('/data.json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(entry.data ?? new Uint8Array()));
      } catch (e) {
        throw new PredicateError(
          'PREDICATE_POLICY_INVALID',
          `OPA bundle ${name} is not valid JSON: ${(e as Error).message}`,
        );
      }
      const dirs = name.split('/').slice(1, -1);
      setAt(data, dirs, parsed, name);
    }
  }
  if (!wasm) {
    throw new PredicateError(
      'PREDICATE_POLICY_INVALID',
      'OPA bundle has no /policy.wasm (build it with `opa build -t wasm -e sigstore/isCompliant`)',
    );
  }
  return { wasm, data };
}
