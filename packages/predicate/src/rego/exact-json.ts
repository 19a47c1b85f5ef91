// JSON text <-> JavaScript values without losing integers beyond 2^53: Rego numbers are
// arbitrary precision, and time built-ins return int64 nanoseconds (about 1.8e18 today).
// Integers outside the safe range become bigint; bigint is written back as its digits.

/** A Rego value as the host built-ins see it (sets arrive as arrays; see RegoSet for results). */
export type RegoValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | RegoValue[]
  | RegoSet
  | { [key: string]: RegoValue };

/** A set result: OPA's JSON dump turns sets into arrays, so results that are sets say so. */
export class RegoSet {
  readonly items: RegoValue[];
  constructor(items: RegoValue[]) {
    this.items = items;
  }
}

const INTEGER = /^-?\d+$/;
const MAYBE_UNSAFE_INTEGER = /\d{16}/;

interface ReviverContext {
  source?: string;
}
type RawJSON = (text: string) => unknown;
const rawJSON = (JSON as unknown as { rawJSON?: RawJSON }).rawJSON;

/** Parses JSON text; integers that a double cannot hold exactly become bigint. */
export function parseExactJSON(text: string): RegoValue {
  // An integer beyond 2^53 has at least 16 digits: without such a run, a plain (fast) parse is exact.
  if (!MAYBE_UNSAFE_INTEGER.test(text)) return JSON.parse(text) as RegoValue;
  return JSON.parse(text, function revive(this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
    const source = context?.source;
    if (source === undefined) {
      // Engines without JSON.parse source access (pre-2023) cannot keep the digits: fail, never round.
      throw new Error(
        `the integer ${value} cannot be read exactly by this JavaScript engine (no JSON.parse source text)`,
      );
    }
    return INTEGER.test(source) ? BigInt(source) : value;
  }) as RegoValue;
}

function isSafe(value: number | bigint): boolean {
  return (
    typeof value === 'number' || (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER))
  );
}

/** A bigint that fits a double exactly becomes a number again (so built-ins compare plainly). */
export function normaliseInteger(value: bigint): number | bigint {
  return isSafe(value) ? Number(value) : value;
}

/** JSON text for a value; bigint is written as its exact digits. Sets are not JSON: see regoValueText. */
export function stringifyExactJSON(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') {
      if (!rawJSON) throw new Error('this JavaScript engine cannot write big integers exactly (no JSON.rawJSON)');
      return rawJSON(v.toString());
    }
    if (v instanceof RegoSet) throw new Error('a set cannot be written as JSON');
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${v} is not a Rego number`);
    return v;
  });
}

function hasSet(value: unknown): boolean {
  if (value instanceof RegoSet) return true;
  if (Array.isArray(value)) return value.some(hasSet);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasSet);
  return false;
}

/**
 * Text that OPA's `opa_value_parse` reads: JSON, plus `set()` / `{a, b}` for sets. Plain JSON
 * when there is no set (the common case), so strings are escaped by JSON.stringify.
 */
export function regoValueText(value: RegoValue): { text: string; hasSet: boolean } {
  if (!hasSet(value)) return { text: stringifyExactJSON(value), hasSet: false };
  const write = (v: RegoValue): string => {
    if (v instanceof RegoSet) return v.items.length ? `{${v.items.map(write).join(', ')}}` : 'set()';
    if (Array.isArray(v)) return `[${v.map(write).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      return `{${Object.entries(v)
        .map(([k, x]) => `${JSON.stringify(k)}: ${write(x)}`)
        .join(', ')}}`;
    }
    return stringifyExactJSON(v);
  };
  return { text: write(value), hasSet: true };
}
