// sha256 digests of strings, remembered: the verification cache's key hashes the policy text and every
// bundle on each call, and callers hand in the same texts again and again. Strings are immutable, so a
// digest taken once holds for ever; a Map finds an identical string object at once (V8 keeps a string's hash
// in the string) and an equal copy by one comparison, both far cheaper than hashing it again.
// Bytes and objects are not remembered: a caller may change them between calls.
// Bounded (docs/limits.md): at most MAX_DIGEST_ENTRIES strings, MAX_DIGEST_CHARS characters in all, none over
// MAX_DIGEST_STRING_CHARS; least recently used go first.
import { sha256Hex } from '@sigguard/oci';

export const MAX_DIGEST_ENTRIES = 1024;
export const MAX_DIGEST_CHARS = 8 * 1024 * 1024;
export const MAX_DIGEST_STRING_CHARS = 1024 * 1024;

const encoder = new TextEncoder();
const digests = new Map<string, string>();
let chars = 0;

/** The hex sha256 of the string's UTF-8 bytes. */
export function stringDigest(s: string): string {
  const known = digests.get(s);
  if (known !== undefined) {
    digests.delete(s); // most recently used last
    digests.set(s, known);
    return known;
  }
  const digest = sha256Hex(encoder.encode(s));
  if (s.length > MAX_DIGEST_STRING_CHARS) return digest;
  digests.set(s, digest);
  chars += s.length;
  while (digests.size > MAX_DIGEST_ENTRIES || chars > MAX_DIGEST_CHARS) {
    const oldest = digests.keys().next().value as string;
    digests.delete(oldest);
    chars -= oldest.length;
  }
  return digest;
}

/** How much is remembered (tests). */
export function stringDigestsSize(): { entries: number; chars: number } {
  return { entries: digests.size, chars };
}
