// A cache of verifyImage decisions for repeated identical evidence (admission controllers and CI see the same
// image and bundles again and again). Sound by construction:
// - the key holds everything the decision is computed from: the reference, the policies' digest, every trust
//   root's content digest, each evidence bundle's digest and the options that change evaluation;
// - an entry holds only while `now` stays inside the window in which nothing the decision relied on changes
//   state: no certificate of the evidence and no trust-root entry (CA, TSA, log, CT log) starts or stops being
//   valid (a decision is a function of `now` only through those comparisons);
// - only admissions are kept (a denial may come from a timeout or an engine failure; it is recomputed), and
//   only when the evidence is all given offline (bundle bytes): registries and layouts can change under us;
// - decisions whose policies may read the clock themselves (Rego's time.now_ns) or use caller code
//   (predicateRunner, predicate option functions) are never cached;
// - bounded: least recently used entries go first.
// A stored decision is a deep copy, deeply frozen: every hit hands out that one immutable object (copying it
// cost more than the rest of a hit), and no caller can change what later callers get.
import { sha256Hex } from '@sigguard/oci';
import { readSignerCertificate } from '@sigguard/identity';
import type { TrustRoot } from '@sigguard/trust-root';
import { deepFreeze } from './deep-freeze.ts';
import { stringDigest } from './string-digests.ts';

export const DEFAULT_CACHE_ENTRIES = 256;

interface Entry<T> {
  value: T;
  /** Valid for now in [from, until). */
  from: number;
  until: number;
}

export class VerificationCache<T = unknown> {
  readonly maxEntries: number;
  /** Lookups answered from the cache, and lookups that were not (absent or expired). */
  hits = 0;
  misses = 0;
  readonly #entries = new Map<string, Entry<T>>();

  constructor(options: { maxEntries?: number } = {}) {
    const n = options.maxEntries ?? DEFAULT_CACHE_ENTRIES;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`maxEntries must be a positive integer, got ${String(n)}`);
    this.maxEntries = n;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }

  /** The entry for `key` if it holds at `now` (deeply frozen), else undefined (and an expired entry is dropped). */
  get(key: string, now: Date): T | undefined {
    const e = this.#entries.get(key);
    const t = now.getTime();
    if (!e || t < e.from || t >= e.until) {
      if (e) this.#entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.#entries.delete(key); // most recently used last
    this.#entries.set(key, e);
    this.hits++;
    return e.value;
  }

  /** Stores a deeply frozen copy of `value` and returns it, or returns undefined when it is not plain data. */
  set(key: string, value: T, window: { from: number; until: number }): T | undefined {
    let copy: T;
    try {
      copy = deepFreeze(structuredClone(value));
    } catch {
      return undefined; // not plain data: not cacheable
    }
    this.#entries.delete(key);
    this.#entries.set(key, { value: copy, ...window });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return copy;
  }
}

/** What a decision is computed from, as given (the key is taken before anything is parsed). */
export interface CacheKeyInputs {
  ref: string;
  /** options.policies: YAML text (with its TrustRoot documents) or ClusterImagePolicy objects. */
  policies: unknown;
  /** Content digests of options.trustRoots. */
  trustRoots: readonly string[];
  /** options.defaultTrustRoot: a TrustRoot (its digest is used), trusted_root.json text or object, or absent. */
  defaultTrustRoot: unknown;
  bundles: readonly (string | Uint8Array | object)[];
  options: Record<string, unknown>;
}

const text = new TextEncoder();

function bytesOf(b: string | Uint8Array | object): Uint8Array {
  if (b instanceof Uint8Array) return b;
  return text.encode(typeof b === 'string' ? b : JSON.stringify(b));
}

// JSON that refuses what it cannot represent faithfully: functions, symbols, bigints, and objects other than
// plain objects, arrays, dates and byte arrays (a RegExp or a Map would all serialise as {}).
function strictJson(value: unknown): string | undefined {
  let plain = true;
  const s = JSON.stringify(value, function (this: Record<string, unknown>, k, v) {
    const raw = this[k];
    if (typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint') plain = false;
    else if (
      typeof raw === 'object' &&
      raw !== null &&
      !Array.isArray(raw) &&
      !(raw instanceof Date) &&
      !ArrayBuffer.isView(raw)
    ) {
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== null) plain = false;
    }
    return v;
  });
  return plain ? s : undefined;
}

const isTrustRoot = (x: unknown): x is TrustRoot =>
  typeof x === 'object' && x !== null && 'trustedRoot' in x && 'digest' in x;

const digestOf = (b: string | Uint8Array | object): string =>
  typeof b === 'string' ? stringDigest(b) : sha256Hex(bytesOf(b));

/**
 * The cache key, or undefined when these inputs are not cacheable. It is the JSON of the parts (texts by
 * their digests): a few hundred characters that a Map compares in full, so it needs no hashing of its own.
 */
export function cacheKey(i: CacheKeyInputs): string | undefined {
  const policies = typeof i.policies === 'string' ? i.policies : strictJson(i.policies);
  const options = strictJson(i.options);
  if (policies === undefined || options === undefined || /rego/i.test(policies) || /rego/i.test(options))
    return undefined;
  const root =
    i.defaultTrustRoot === undefined
      ? 'public-good'
      : isTrustRoot(i.defaultTrustRoot)
        ? i.defaultTrustRoot.digest
        : strictJson(i.defaultTrustRoot);
  if (root === undefined) return undefined;
  const parts = [i.ref, stringDigest(policies), options, root, ...[...i.trustRoots].sort(), ...i.bundles.map(digestOf)];
  return JSON.stringify(parts);
}

/** What an admission relied on, for its validity window. */
export interface WindowInputs {
  roots: Iterable<TrustRoot>;
  /** The evidence bundle documents (parsed). */
  docs: readonly object[];
}

type Validity = { start?: Date | string; end?: Date | string } | undefined;

function trustRootTimes(root: TrustRoot, out: number[]): void {
  const t = root.trustedRoot as unknown as {
    certificateAuthorities?: { validFor?: Validity }[];
    timestampAuthorities?: { validFor?: Validity }[];
    tlogs?: { publicKey?: { validFor?: Validity } }[];
    ctlogs?: { publicKey?: { validFor?: Validity } }[];
  };
  const add = (v: Validity) => {
    if (v?.start !== undefined) out.push(new Date(v.start).getTime());
    if (v?.end !== undefined) out.push(new Date(v.end).getTime() + 1); // ends are inclusive
  };
  for (const ca of [...(t.certificateAuthorities ?? []), ...(t.timestampAuthorities ?? [])]) add(ca.validFor);
  for (const log of [...(t.tlogs ?? []), ...(t.ctlogs ?? [])]) add(log.publicKey?.validFor);
}

function certificatesOf(doc: unknown): string[] {
  type Material = {
    certificate?: { rawBytes?: unknown };
    x509CertificateChain?: { certificates?: { rawBytes?: unknown }[] };
  };
  const vm = (doc as { verificationMaterial?: Material } | null)?.verificationMaterial;
  const one = vm?.certificate?.rawBytes;
  const chain = (vm?.x509CertificateChain?.certificates ?? []).map((c) => c?.rawBytes);
  return [one, ...chain].filter((x): x is string => typeof x === 'string');
}

function base64(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The window around `now` in which no certificate of the evidence and no trust-root entry changes validity
 * state, or undefined when a certificate cannot be read (then the decision is not cached).
 */
export function validityWindow({ roots, docs }: WindowInputs, now: Date): { from: number; until: number } | undefined {
  const times: number[] = [];
  for (const root of roots) trustRootTimes(root, times);
  for (const doc of docs) {
    for (const raw of certificatesOf(doc)) {
      try {
        const c = readSignerCertificate(base64(raw));
        times.push(c.notBefore.getTime(), c.notAfter.getTime() + 1);
      } catch {
        return undefined;
      }
    }
  }
  const t = now.getTime();
  let from = -Infinity;
  let until = Infinity;
  for (const x of times) {
    if (Number.isNaN(x)) return undefined;
    if (x <= t && x > from) from = x;
    if (x > t && x < until) until = x;
  }
  return { from, until };
}
