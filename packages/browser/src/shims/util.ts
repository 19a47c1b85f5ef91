// util.isDeepStrictEqual for browser bundles (esbuild aliases `util` here). @sigstore/verify
// uses it to find duplicate timestamps/SCTs/tlog entries; it must be strict like Node:
// same prototypes, same own enumerable keys, Date/RegExp/typed-array/Map/Set by value.

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function ownKeys(o: object): (string | symbol)[] {
  return Reflect.ownKeys(o).filter((k) => Object.prototype.propertyIsEnumerable.call(o, k));
}

function deepEqual(a: unknown, b: unknown, seen: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Object.prototype.toString.call(a) !== Object.prototype.toString.call(b)) return false;
  const prior = seen.get(a);
  if (prior !== undefined) return prior === b;
  seen.set(a, b);
  if (a instanceof Date) {
    if (!Object.is(a.getTime(), (b as Date).getTime())) return false;
  } else if (a instanceof RegExp) {
    if (a.source !== (b as RegExp).source || a.flags !== (b as RegExp).flags || a.lastIndex !== (b as RegExp).lastIndex)
      return false;
  } else if (ArrayBuffer.isView(a)) {
    if (!sameBytes(a, b as ArrayBufferView)) return false;
    // Only non-index own properties remain to compare below.
  } else if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>;
    if (a.size !== bm.size) return false;
    for (const [k, v] of a) {
      if (!bm.has(k) || !deepEqual(v, bm.get(k), seen)) return false;
    }
  } else if (a instanceof Set) {
    const bs = b as Set<unknown>;
    if (a.size !== bs.size) return false;
    for (const v of a) {
      if (bs.has(v)) continue;
      if (typeof v !== 'object' || v === null) return false;
      let found = false;
      for (const w of bs) {
        if (deepEqual(v, w, new Map(seen))) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
  } else if (a instanceof Error) {
    if (a.message !== (b as Error).message || a.name !== (b as Error).name) return false;
  } else if (
    typeof (a as { valueOf?: unknown }).valueOf === 'function' &&
    (a instanceof Number || a instanceof String || a instanceof Boolean)
  ) {
    if (!Object.is(a.valueOf(), (b as object).valueOf())) return false;
  }
  const isView = ArrayBuffer.isView(a);
  const ka = ownKeys(a).filter((k) => !(isView && typeof k === 'string' && /^\d+$/.test(k)));
  const kb = ownKeys(b).filter((k) => !(isView && typeof k === 'string' && /^\d+$/.test(k)));
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    if (!deepEqual((a as Record<string | symbol, unknown>)[k], (b as Record<string | symbol, unknown>)[k], seen))
      return false;
  }
  return true;
}

export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return deepEqual(a, b, new Map());
}

export default { isDeepStrictEqual };
