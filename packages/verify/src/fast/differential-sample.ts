// `npm test` compares a seeded sample of the differential mutants, `npm run differential` all of them
// (SIGGUARD_DIFFERENTIAL=full): the sample keeps every class of mutant (at least `perClass` of each, or all
// when a class has fewer) and is the same on every run, so a failure found by it reproduces.
import { createHash } from 'node:crypto';

/** True when the differential tests should compare every mutant (`npm run differential`). */
export const fullDifferential = (): boolean => process.env.SIGGUARD_DIFFERENTIAL === 'full';

export const DIFFERENTIAL_SEED = 'sigguard-differential-1';

/**
 * At most `perClass` items of each class (`classOf`), chosen by a seeded hash of `keyOf`, in their original order;
 * every item when `full`.
 */
export function sampleByClass<T>(
  items: readonly T[],
  classOf: (item: T) => string,
  keyOf: (item: T) => string,
  perClass: number,
  full: boolean,
): T[] {
  if (full) return [...items];
  const rank = (item: T) =>
    createHash('sha256')
      .update(`${DIFFERENTIAL_SEED}\0${keyOf(item)}`)
      .digest('hex');
  const byClass = new Map<string, { item: T; rank: string }[]>();
  for (const item of items) {
    const c = classOf(item);
    const list = byClass.get(c) ?? [];
    list.push({ item, rank: rank(item) });
    byClass.set(c, list);
  }
  const kept = new Set<T>();
  for (const list of byClass.values()) {
    list.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    for (const { item } of list.slice(0, perClass)) kept.add(item);
  }
  return items.filter((item) => kept.has(item));
}
