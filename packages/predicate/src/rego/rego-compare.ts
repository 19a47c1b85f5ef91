// OPA's total order of values (null < booleans < numbers < strings < arrays < objects < sets),
// used where OPA prints or returns values sorted (sets and object keys in Rego text).
import { RegoSet, type RegoValue } from './exact-json.ts';

function rank(v: RegoValue): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number' || typeof v === 'bigint') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 4;
  if (v instanceof RegoSet) return 6;
  return 5;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const [x, y] = [Number(a), Number(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  // Go compares strings bytewise (UTF-8), which is code point order, not UTF-16 order.
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
}

function compareLists(a: RegoValue[], b: RegoValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareRego(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export const sortedKeys = (o: Record<string, RegoValue>) => Object.keys(o).sort(compareStrings);
export const sortedItems = (s: RegoSet) => [...s.items].sort(compareRego);

export function compareRego(a: RegoValue, b: RegoValue): number {
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case 3:
      return compareStrings(a as string, b as string);
    case 4:
      return compareLists(a as RegoValue[], b as RegoValue[]);
    case 6:
      return compareLists(sortedItems(a as RegoSet), sortedItems(b as RegoSet));
    default: {
      const [x, y] = [a as Record<string, RegoValue>, b as Record<string, RegoValue>];
      const [kx, ky] = [sortedKeys(x), sortedKeys(y)];
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        const c = compareStrings(kx[i]!, ky[i]!) || compareRego(x[kx[i]!]!, y[ky[i]!]!);
        if (c) return c;
      }
      return kx.length < ky.length ? -1 : kx.length > ky.length ? 1 : 0;
    }
  }
}

/** The value with sets as arrays (what OPA's JSON output shows), for JSON-facing built-ins. */
export function asJSON(v: RegoValue): RegoValue {
  if (v instanceof RegoSet) return sortedItems(v).map(asJSON);
  if (Array.isArray(v)) return v.map(asJSON);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asJSON(x)]));
  return v;
}
