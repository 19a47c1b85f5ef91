// Operand checks for host built-ins. A wrong operand throws, which OPA's non-strict
// evaluation (and so sigguard's host) turns into an undefined call.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';

export function str(v: RegoValue | undefined, what = 'operand'): string {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string`);
  return v;
}

/** An integer operand (number or bigint), as bigint. */
export function int(v: RegoValue | undefined, what = 'operand'): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new TypeError(`${what} must be an integer`);
}

/** A small integer operand as number (counts, offsets). */
export function smallInt(v: RegoValue | undefined, what = 'operand'): number {
  const n = int(v, what);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`${what} is too large`);
  return Number(n);
}

/** An array or set operand's elements. */
export function arr(v: RegoValue | undefined, what = 'operand'): RegoValue[] {
  if (v instanceof RegoSet) return v.items;
  if (!Array.isArray(v)) throw new TypeError(`${what} must be an array or set`);
  return v;
}

export function obj(v: RegoValue | undefined, what = 'operand'): Record<string, RegoValue> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof RegoSet)
    throw new TypeError(`${what} must be an object`);
  return v as Record<string, RegoValue>;
}

export function strings(v: RegoValue | undefined, what = 'operand'): string[] {
  if (typeof v === 'string') return [v];
  return arr(v, what).map((x) => str(x, what));
}

/** An integer result: a number when a double holds it exactly, else bigint. */
export function intResult(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** An `*.is_valid` built-in: true when `parse` accepts the string, false otherwise (never undefined). */
export function isValid(parse: (s: string) => unknown): HostBuiltin {
  return ([v]) => {
    if (typeof v !== 'string') return false;
    try {
      parse(v);
      return true;
    } catch {
      return false;
    }
  };
}
