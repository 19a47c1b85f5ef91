// Nesting depth of parsed JSON/YAML values, checked without recursion: a document nested
// 100,000 levels deep must give an error that says so, not a stack overflow somewhere later.

/**
 * Deepest nesting accepted by default. Real statements, bundles, policies and trust roots stay
 * under 30 levels; recursive consumers (structuredClone, engines) overflow past a few thousand.
 */
export const MAX_NESTING_DEPTH = 1000;

const SHOWN_PATH = 60;

/** Whether `value` nests deeper than `max` levels: the common, passing check, without building paths. */
function deeperThan(value: unknown, max: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() as number;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    // Indexes and for-in rather than Object.values: no array per object (this runs on every verified document).
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue; // own enumerable string keys, as Object.values
        values.push((v as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** Where `value` first nests deeper than `max` levels (a path like `$.a[0].b…`), or undefined. */
export function tooDeepAt(value: unknown, max: number = MAX_NESTING_DEPTH): string | undefined {
  if (!deeperThan(value, max)) return undefined;
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '$' }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { v, depth, path } = top;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path.length > SHOWN_PATH ? `${path.slice(0, SHOWN_PATH)}…` : path;
    // Paths stop growing once long enough to be recognisable (and cheap).
    const child = (seg: string) => (path.length > SHOWN_PATH ? path : path + seg);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: child(`[${i}]`) });
    } else {
      for (const [k, c] of Object.entries(v)) stack.push({ v: c, depth: depth + 1, path: child(`.${k}`) });
    }
  }
  return undefined;
}

/** A sentence for an error naming `what`, when `value` nests deeper than `max`; else undefined. */
export function depthProblem(value: unknown, what: string, max: number = MAX_NESTING_DEPTH): string | undefined {
  const at = tooDeepAt(value, max);
  return at === undefined ? undefined : `${what} is nested more than ${max} levels deep (at ${at})`;
}
