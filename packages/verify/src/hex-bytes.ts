// Hex and byte comparison used on every verification (digests, root hashes, keys): one string per hex, not an
// array of two-character strings joined (Array.from + padStart + join allocated ~3 objects per byte).
const DIGITS = new TextEncoder().encode('0123456789abcdef');
const ascii = new TextDecoder();

/** Lower-case hex of `b`. */
export function hex(b: Uint8Array): string {
  const out = new Uint8Array(b.length * 2);
  for (let i = 0; i < b.length; i++) {
    out[2 * i] = DIGITS[b[i]! >> 4]!;
    out[2 * i + 1] = DIGITS[b[i]! & 15]!;
  }
  return ascii.decode(out);
}

/** Whether `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
