// Object, set, number and cast built-ins the WebAssembly target leaves to the host.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { compareRego } from '../rego-compare.ts';
import { arr, int, intResult, obj, str } from './args.ts';

const equal = (a: RegoValue, b: RegoValue) => compareRego(a, b) === 0;
const isObject = (v: RegoValue | undefined): v is Record<string, RegoValue> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RegoSet);

/** object.union: b wins, except that two objects under one key are merged recursively. */
function union(a: Record<string, RegoValue>, b: Record<string, RegoValue>): Record<string, RegoValue> {
  const out: Record<string, RegoValue> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? union(prev, v) : v;
  }
  return out;
}

/** OPA's object.subset: objects recursively, sets by membership, arrays as a contiguous run. */
function subset(sup: RegoValue, sub: RegoValue): boolean {
  if (isObject(sup) && isObject(sub)) {
    return Object.entries(sub).every(([k, v]) => {
      if (!Object.hasOwn(sup, k)) return false;
      const s = sup[k]!;
      if ((isObject(s) && isObject(v)) || (s instanceof RegoSet && v instanceof RegoSet)) return subset(s, v);
      return equal(s, v);
    });
  }
  if (sup instanceof RegoSet && sub instanceof RegoSet)
    return sub.items.every((x) => sup.items.some((y) => equal(x, y)));
  if (Array.isArray(sup) && sub instanceof RegoSet) return sub.items.every((x) => sup.some((y) => equal(x, y)));
  if (Array.isArray(sup) && Array.isArray(sub)) {
    if (sub.length === 0) return true;
    for (let i = 0; i + sub.length <= sup.length; i++) if (sub.every((x, j) => equal(x, sup[i + j]!))) return true;
    return false;
  }
  throw new TypeError('object.subset: both arguments must be objects, sets or arrays (or an array and a set)');
}

function rangeStep(a: RegoValue | undefined, b: RegoValue | undefined, step: RegoValue | undefined): RegoValue {
  const [from, to, by] = [int(a, 'start'), int(b, 'end'), int(step, 'step')];
  if (by <= 0n) throw new RangeError('numbers.range_step: step must be a positive number above zero');
  const out: RegoValue[] = [];
  if (from <= to) for (let x = from; x <= to; x += by) out.push(intResult(x));
  else for (let x = from; x >= to; x -= by) out.push(intResult(x));
  if (out.length > 1_000_000) throw new RangeError('numbers.range_step: too many elements');
  return out;
}

function jwtVerifyHMAC(hash: typeof sha256): HostBuiltin {
  return ([token, secret]) => {
    const parts = str(token, 'token').split('.');
    if (parts.length !== 3) throw new SyntaxError('encoded JWT had no period separators');
    const enc = new TextEncoder();
    const b64 = parts[2]!.replace(/-/g, '+').replace(/_/g, '/');
    const sig = Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const mac = hmac(hash, enc.encode(str(secret, 'secret')), enc.encode(`${parts[0]}.${parts[1]}`));
    let diff = mac.length ^ sig.length;
    for (let i = 0; i < Math.max(mac.length, sig.length); i++) diff |= (mac[i] ?? 0) ^ (sig[i] ?? 0);
    return diff === 0;
  };
}

const typed =
  (test: (v: RegoValue) => boolean, what: string): HostBuiltin =>
  ([x]) => {
    if (x === undefined || !test(x)) throw new TypeError(`operand must be ${what}`);
    return x;
  };

export const COLLECTION_BUILTINS: Record<string, HostBuiltin> = {
  'object.keys': ([o]) => new RegoSet(Object.keys(obj(o))),
  'object.union_n': ([list]) => {
    const objects = arr(list, 'objects').map((o) => obj(o));
    return objects.reduce<Record<string, RegoValue>>((acc, o) => union(acc, o), {});
  },
  'object.subset': ([sup, sub]) => subset(sup ?? null, sub ?? null),
  'numbers.range_step': ([a, b, step]) => rangeStep(a, b, step),
  'glob.quote_meta': ([s]) => str(s).replace(/[*?\\[\]{}]/g, (c) => `\\${c}`),
  indexof_n: ([haystack, needle]) => {
    const [h, n] = [[...str(haystack)], [...str(needle)]];
    const out: number[] = [];
    // Code point indexes, as indexof reports them.
    for (let i = 0; i + n.length <= h.length; i++) if (n.every((c, j) => h[i + j] === c)) out.push(i);
    return out;
  },
  'io.jwt.verify_hs256': jwtVerifyHMAC(sha256),
  'io.jwt.verify_hs384': jwtVerifyHMAC(sha384 as unknown as typeof sha256),
  'io.jwt.verify_hs512': jwtVerifyHMAC(sha512 as unknown as typeof sha256),
  // OPA's trace records a note for the evaluator's explanation and is always true; sigguard
  // keeps no such trace, and the note cannot change a decision.
  trace: ([note]) => (str(note, 'note'), true),
  cast_array: ([x]) => {
    if (x instanceof RegoSet) return [...x.items].sort(compareRego);
    if (Array.isArray(x)) return x;
    throw new TypeError('cast_array: operand must be an array or set');
  },
  cast_set: ([x]) => new RegoSet(arr(x, 'operand')),
  cast_string: typed((v) => typeof v === 'string', 'a string'),
  cast_boolean: typed((v) => typeof v === 'boolean', 'a boolean'),
  cast_null: typed((v) => v === null, 'null'),
  cast_object: typed((v) => isObject(v), 'an object'),
};
