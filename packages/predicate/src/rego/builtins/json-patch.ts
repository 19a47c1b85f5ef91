// json.patch as OPA defines it (topdown/json.go): RFC 6902 operations applied in order to a
// Rego value (objects, arrays and sets); a failing operation makes the result undefined, a
// malformed operation is an error. Paths are JSON pointers ("/a/0", ~0 and ~1 escapes) or
// arrays of segments; "-" indexes the end of an array.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { compareRego } from '../rego-compare.ts';

type Obj = Record<string, RegoValue>;
const equal = (a: RegoValue, b: RegoValue) => compareRego(a, b) === 0;
const isObject = (v: RegoValue): v is Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RegoSet);
/** Marks a failed operation (OPA's nil target). */
const FAIL = Symbol('fail');
type Step = RegoValue | typeof FAIL;

function parsePath(p: RegoValue | undefined): RegoValue[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    return p
      .replace(/^\/+/, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (Array.isArray(p)) return p;
  throw new TypeError('path must be a JSON pointer string or an array of path segments');
}

/** OPA's toIndex: a number, "-" (the end) or a decimal string without leading zeros. */
function toIndex(list: RegoValue[], key: RegoValue): number | undefined {
  if (typeof key === 'number' || typeof key === 'bigint')
    return Number.isInteger(Number(key)) ? Number(key) : undefined;
  if (typeof key !== 'string') return undefined;
  if (key === '-') return list.length;
  if (!/^[+-]?\d+$/.test(key) || (key !== '0' && key.startsWith('0'))) return undefined;
  return Number(key);
}

function objectKey(key: RegoValue): string {
  if (typeof key !== 'string') throw new TypeError('json.patch: sigguard keeps object keys as strings');
  return key;
}

type Worker = (parent: RegoValue, key: RegoValue) => [Step, RegoValue | undefined];

/** Rebuilds target with worker applied at path's last segment; FAIL when a segment is missing. */
function traverse(target: RegoValue, path: RegoValue[], worker: Worker): [Step, RegoValue | undefined] {
  if (path.length === 0) return [FAIL, undefined];
  const [key, ...rest] = path as [RegoValue, ...RegoValue[]];
  if (rest.length === 0) return worker(target, key);
  if (isObject(target)) {
    if (typeof key !== 'string' || !Object.hasOwn(target, key)) return [FAIL, undefined];
    const [v, result] = traverse(target[key]!, rest, worker);
    return v === FAIL ? [FAIL, undefined] : [{ ...target, [key]: v }, result];
  }
  if (Array.isArray(target)) {
    const i = toIndex(target, key);
    if (i === undefined || i < 0 || i >= target.length) return [FAIL, undefined];
    const [v, result] = traverse(target[i]!, rest, worker);
    return v === FAIL ? [FAIL, undefined] : [target.map((x, j) => (j === i ? v : x)), result];
  }
  if (target instanceof RegoSet) {
    const member = target.items.find((x) => equal(x, key));
    if (member === undefined) return [FAIL, undefined];
    const [v, result] = traverse(member, rest, worker);
    return v === FAIL ? [FAIL, undefined] : [new RegoSet([...target.items.filter((x) => !equal(x, key)), v]), result];
  }
  return [FAIL, undefined];
}

function get(target: RegoValue, path: RegoValue[]): RegoValue | undefined {
  if (path.length === 0) return target;
  return traverse(target, path, (parent, key) => {
    if (isObject(parent)) return [parent, typeof key === 'string' ? parent[key] : undefined];
    if (Array.isArray(parent)) {
      const i = toIndex(parent, key);
      return [parent, i === undefined ? undefined : parent[i]];
    }
    if (parent instanceof RegoSet && parent.items.some((x) => equal(x, key))) return [parent, key];
    return [FAIL, undefined];
  })[1];
}

function add(target: RegoValue, path: RegoValue[], value: RegoValue): Step {
  if (path.length === 0) return value;
  return traverse(target, path, (parent, key) => {
    if (isObject(parent)) return [{ ...parent, [objectKey(key)]: value }, undefined];
    if (Array.isArray(parent)) {
      const i = toIndex(parent, key);
      if (i === undefined || i < 0 || i > parent.length) return [FAIL, undefined];
      return [[...parent.slice(0, i), value, ...parent.slice(i)], undefined];
    }
    if (parent instanceof RegoSet) {
      if (!equal(key, value)) return [FAIL, undefined];
      return [parent.items.some((x) => equal(x, key)) ? parent : new RegoSet([...parent.items, key]), undefined];
    }
    return [FAIL, undefined];
  })[0];
}

function remove(target: RegoValue, path: RegoValue[]): [Step, RegoValue | undefined] {
  if (path.length === 0) return [FAIL, undefined];
  const [t, removed] = traverse(target, path, (parent, key) => {
    if (isObject(parent)) {
      if (typeof key !== 'string' || !Object.hasOwn(parent, key)) return [parent, undefined];
      const { [key]: gone, ...kept } = parent;
      return [kept, gone];
    }
    if (Array.isArray(parent)) {
      const i = toIndex(parent, key);
      if (i === undefined || i < 0 || i >= parent.length) return [FAIL, undefined];
      return [parent.filter((_, j) => j !== i), parent[i]];
    }
    if (parent instanceof RegoSet) {
      const member = parent.items.find((x) => equal(x, key));
      return [new RegoSet(parent.items.filter((x) => !equal(x, key))), member];
    }
    return [FAIL, undefined];
  });
  return t === FAIL || removed === undefined ? [FAIL, undefined] : [t, removed];
}

function apply(target: RegoValue, op: Obj): Step {
  const attr = (name: string): RegoValue => {
    if (!Object.hasOwn(op, name)) throw new TypeError(`patch is missing '${name}' attribute`);
    return op[name]!;
  };
  const kind = attr('op');
  if (typeof kind !== 'string') throw new TypeError("patch attribute 'op' must be a string");
  const path = parsePath(attr('path'));
  switch (kind) {
    case 'add':
      return add(target, path, attr('value'));
    case 'remove':
      return remove(target, path)[0];
    case 'replace': {
      const value = attr('value');
      if (path.length === 0) return value;
      const [t] = remove(target, path);
      return t === FAIL ? FAIL : add(t, path, value);
    }
    case 'move': {
      const [t, removed] = remove(target, parsePath(attr('from')));
      return t === FAIL ? FAIL : add(t, path, removed!);
    }
    case 'copy': {
      const value = get(target, parsePath(attr('from')));
      return value === undefined ? FAIL : add(target, path, value);
    }
    case 'test': {
      const value = attr('value');
      const actual = get(target, path);
      return actual !== undefined && equal(actual, value) ? target : FAIL;
    }
    default:
      throw new TypeError('must be an array of JSON-Patch objects');
  }
}

export const JSON_PATCH_BUILTINS: Record<string, HostBuiltin> = {
  'json.patch': ([doc, ops]) => {
    if (!Array.isArray(ops)) throw new TypeError('patches must be an array'); // a set is not accepted
    let target: RegoValue = doc ?? null;
    for (const op of ops) {
      if (!isObject(op)) throw new TypeError('must be an array of JSON-Patch objects');
      const next = apply(target, op);
      if (next === FAIL) return undefined; // patches apply atomically
      target = next;
    }
    return target;
  },
};
