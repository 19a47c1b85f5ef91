// Deep freezing of plain data (what structuredClone returns): objects, arrays, and the typed arrays inside.
// A typed array's elements, a Map's or Set's entries and a Date's time cannot be frozen: data holding one is
// refused (a decision with one is not cached).

/** Freezes `value` and everything it holds; throws on data whose contents cannot be frozen. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) throw new TypeError('byte arrays cannot be frozen');
  // Freezing these leaves their contents (a Date's time too) changeable.
  if (value instanceof Map || value instanceof Set || value instanceof Date)
    throw new TypeError(`a ${value.constructor.name} cannot be frozen`);
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
