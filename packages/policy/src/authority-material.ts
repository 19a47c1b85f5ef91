// What an authority's signer compiles to (identity matcher, public keys), compiled once: validation
// compiles the identities and parses the keys to check them and keeps the results here, keyed by the
// validated list and key reference, so verification reuses them. Hand-built policies compile on first use, then are kept too. Each entry
// remembers the text it was compiled from and is used only while the policy still says the same
// (a policy object changed after use must not keep trusting what it said before).
import { compileIdentities, parsePublicKeys, type AuthorityKey, type IdentityMatcher } from '@sigguard/identity';
import type { IdentityMatch, KeyRef } from './types.ts';

interface Compiled<T> {
  from: string;
  value: T;
  /** Seen deeply frozen with that text: it can no longer change, so it is not serialised again. */
  settled?: boolean;
}
const matchers = new WeakMap<readonly IdentityMatch[], Compiled<IdentityMatcher>>();
const keys = new WeakMap<KeyRef, Compiled<AuthorityKey[]>>();

/** Called by validation with the matcher it compiled for this very list. */
export function rememberIdentityMatcher(identities: readonly IdentityMatch[], matcher: IdentityMatcher): void {
  matchers.set(identities, { from: JSON.stringify(identities), value: matcher });
}

/** The matcher of a keyless authority's identities (throws what compileIdentities throws). */
export function identityMatcherOf(identities: readonly IdentityMatch[]): IdentityMatcher {
  const hit = matchers.get(identities);
  if (hit?.settled) return hit.value;
  const from = JSON.stringify(identities);
  if (hit?.from === from) {
    hit.settled = frozenFlat(identities);
    return hit.value;
  }
  const value = compileIdentities([...identities]);
  matchers.set(identities, { from, value, settled: frozenFlat(identities) });
  return value;
}

// A frozen list of frozen entries holding only strings and other primitives (policies from the parsed-text
// cache are deep-frozen): nothing in it can change any more.
function frozenFlat(identities: readonly IdentityMatch[]): boolean {
  return (
    Object.isFrozen(identities) &&
    identities.every((i) => Object.isFrozen(i) && Object.values(i).every((v) => v === null || typeof v !== 'object'))
  );
}

/** Called by validation with the keys it parsed from this very reference, for its hashAlgorithm. */
export function rememberPublicKeys(key: KeyRef, parsed: AuthorityKey[]): void {
  keys.set(key, { from: JSON.stringify([key.data ?? '', key.hashAlgorithm]), value: parsed });
}

/** @internal The keys kept for `key`, without parsing (tests: validation parsed them). */
export function keptPublicKeys(key: KeyRef): AuthorityKey[] | undefined {
  const hit = keys.get(key);
  return hit?.from === JSON.stringify([key.data ?? '', key.hashAlgorithm]) ? hit.value : undefined;
}

/**
 * The public keys of `key.data`, parsed for `key.hashAlgorithm` (throws what parsePublicKeys throws, e.g.
 * for sha224, which validation accepts as policy-controller does but WebCrypto cannot verify).
 */
export function publicKeysOf(key: KeyRef): AuthorityKey[] {
  const from = JSON.stringify([key.data ?? '', key.hashAlgorithm]);
  const hit = keys.get(key);
  if (hit?.from === from) return hit.value;
  const value = parsePublicKeys(key.data ?? '', { hashAlgorithm: key.hashAlgorithm });
  keys.set(key, { from, value });
  return value;
}
