// The TUF client workflow (TUF specification §5.3–5.7) over tuf-js's TrustedMetadataStore.
//
// Why not tuf-js's Updater: it reads and writes metadata through `fs`, so it cannot run
// where there is no filesystem (browsers, workers).
// TrustedMetadataStore is the part of tuf-js that holds the security logic (signature
// thresholds, version rollback, expiry, hash/length of snapshot and targets metadata)
// and has no I/O; this file only decides which bytes to hand it, in the order the
// spec prescribes, from a TufSource (memory or HTTP) and an optional TufCache.
// See docs/trust-roots.md.
import type { TargetFile } from '@tufjs/models';
import type { TrustedMetadataStore } from 'tuf-js/dist/store.js';
import { TrustRootLoadError } from '../errors.ts';
import type { TufCache } from './cache.ts';
import type { TufSource } from './source.ts';

// tuf-js (with @tufjs/models and minimatch) loads on the first refresh: verifying against a
// trusted_root.json never needs it, and the CLI's cold start should not pay for it.
async function importTuf() {
  const [store, errors, modelErrors] = await Promise.all([
    import('tuf-js/dist/store.js'),
    import('tuf-js/dist/error.js'),
    import('@tufjs/models/dist/error.js'),
  ]);
  const [s, e, m] = [commonJsExports(store), commonJsExports(errors), commonJsExports(modelErrors)];
  return { TrustedMetadataStore: s.TrustedMetadataStore, ...e, ...m };
}

// These are CommonJS modules. Node's import() names their exports; a bundler's split chunk (esbuild's)
// exports only `default`, which is module.exports in both.
function commonJsExports<T extends object>(namespace: T): T {
  const exports = (namespace as { default?: unknown }).default;
  return (typeof exports === 'object' && exports !== null ? exports : namespace) as T;
}
type Tuf = Awaited<ReturnType<typeof importTuf>>;
let tufLoaded: Promise<Tuf> | undefined;

export interface TufLimits {
  maxRootRotations?: number;
  rootMaxLength?: number;
  timestampMaxLength?: number;
  snapshotMaxLength?: number;
  targetsMaxLength?: number;
}

const DEFAULT_LIMITS: Required<TufLimits> = {
  maxRootRotations: 256,
  rootMaxLength: 512_000,
  timestampMaxLength: 16_384,
  snapshotMaxLength: 2_000_000,
  targetsMaxLength: 5_000_000,
};

export interface TufClientOptions {
  /** The initial trusted root.json (already pin-checked by the caller). */
  root: Uint8Array;
  source: TufSource;
  cache?: TufCache;
  /** Reference time for expiry checks; default: now. */
  now?: Date;
  limits?: TufLimits;
  /** Directory of target files in the repository; default `targets`. */
  targetsDir?: string;
}

// The store calls `bytes.toString('utf8')` (it was written for Buffer). This keeps it
// free of Buffer so it runs unchanged in browsers.
class MetadataBytes extends Uint8Array {
  override toString(): string {
    return new TextDecoder().decode(this);
  }
}

// The store's parameter type says Buffer; it only needs toString('utf8') and bytes.
type StoreBytes = Parameters<TrustedMetadataStore['updateRoot']>[0];

function asMetadataBytes(bytes: Uint8Array): StoreBytes {
  const out = new MetadataBytes(bytes.length);
  out.set(bytes);
  return out as unknown as StoreBytes;
}

type Role = 'root' | 'timestamp' | 'snapshot' | 'targets';

/** A target must be pinned by at least one of these (the hashes TUF repositories use). */
const STRONG_TARGET_HASHES = ['sha256', 'sha512'];

/** A refreshed, verified view of a TUF repository. */
export class TufRepository {
  readonly #tuf: Tuf;
  readonly #store: TrustedMetadataStore;
  readonly #source: TufSource;
  readonly #cache: TufCache | undefined;
  readonly #targetsDir: string;

  private constructor(
    tuf: Tuf,
    store: TrustedMetadataStore,
    source: TufSource,
    cache: TufCache | undefined,
    targetsDir: string,
  ) {
    this.#tuf = tuf;
    this.#store = store;
    this.#source = source;
    this.#cache = cache;
    this.#targetsDir = targetsDir;
  }

  /** Runs the full refresh: root rotations, timestamp, snapshot, top-level targets. */
  static async refresh(options: TufClientOptions): Promise<TufRepository> {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const { source, cache } = options;
    const tuf = await (tufLoaded ??= importTuf());
    let store: TrustedMetadataStore;
    try {
      store = new tuf.TrustedMetadataStore(asMetadataBytes(options.root));
    } catch (e) {
      throw tufError(tuf, e, 'root', 'the initial root.json', undefined, options.root);
    }
    // Client workflow 5.1: one fixed reference time for the whole update. An Invalid Date
    // (or a non-Date) compares false against every expiry, so nothing would ever expire.
    const now = options.now ?? new Date();
    if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
      throw new TrustRootLoadError(
        'TUF_INVALID',
        `TUF reference time (now) is not a valid date: ${String(options.now)}`,
      );
    }
    (store as unknown as { referenceTime: Date }).referenceTime = now;
    const repo = new TufRepository(tuf, store, source, cache, options.targetsDir ?? 'targets');
    await repo.#updateRoot(limits);
    await repo.#updateTimestamp(limits);
    await repo.#updateSnapshot(limits);
    await repo.#updateTargets(limits);
    return repo;
  }

  get rootVersion(): number {
    return this.#store.root.signed.version;
  }

  /** The earliest expiry of the trusted roles: until then this refresh stays valid. */
  get expires(): Date {
    const s = this.#store;
    const all = [s.root, s.timestamp, s.snapshot, s.targets].map((m) => (m ? Date.parse(m.signed.expires) : Infinity));
    return new Date(Math.min(...all));
  }

  /** Every target of the top-level targets role, by name. */
  get targets(): Record<string, TargetFile> {
    return this.#store.targets?.signed.targets ?? {};
  }

  /** Delegated roles that could hold `name` (their paths or hash prefixes match it). */
  delegatedRolesFor(name: string): string[] {
    const delegations = this.#store.targets?.signed.delegations;
    return delegations ? [...delegations.rolesForTarget(name)].map((r) => r.role) : [];
  }

  /** Downloads (or reads from cache) a target and checks its length and hashes. */
  async getTarget(name: string): Promise<Uint8Array> {
    // own properties only: a name such as "constructor" must not resolve to Object.prototype
    const info = Object.hasOwn(this.targets, name) ? this.targets[name] : undefined;
    if (!info) {
      const delegated = this.#store.targets?.signed.delegations ? ' (delegated targets roles are not supported)' : '';
      throw new TrustRootLoadError(
        'TUF_MISSING',
        `TUF target ${JSON.stringify(name)} is not listed in targets.json${delegated}`,
      );
    }
    // TargetFile.verify checks only the hashes listed: with none (or only weak ones such as
    // md5) a mirror could swap in any bytes of the right length.
    if (!STRONG_TARGET_HASHES.some((h) => typeof info.hashes[h] === 'string')) {
      const listed = Object.keys(info.hashes).join(', ') || 'none';
      throw new TrustRootLoadError(
        'TUF_TARGET_MISMATCH',
        `TUF target ${JSON.stringify(name)}: targets.json lists no sha256 or sha512 hash for it (hashes: ${listed})`,
      );
    }
    const cacheName = `targets/${name}`;
    const cached = await this.#cache?.get(cacheName);
    if (cached) {
      try {
        await info.verify(singleChunk(cached) as never);
        return cached;
      } catch {
        // A stale or damaged cached copy: fetch it again below.
      }
    }
    const [firstHash] = Object.values(info.hashes);
    const fileName = this.#store.root.signed.consistentSnapshot ? `${firstHash}.${baseName(name)}` : baseName(name);
    const path = `${this.#targetsDir}/${dirName(name)}${fileName}`;
    const where = this.#source.describe(path);
    const bytes = await this.#source.get(path, info.length);
    if (!bytes) throw new TrustRootLoadError('TUF_MISSING', `TUF target ${JSON.stringify(name)}: ${where} is missing`);
    try {
      await info.verify(singleChunk(bytes) as never);
    } catch (e) {
      throw new TrustRootLoadError(
        'TUF_TARGET_MISMATCH',
        `TUF target ${JSON.stringify(name)} (${where}) does not match targets.json: ${(e as Error).message}`,
        { cause: e },
      );
    }
    await this.#cache?.set(cacheName, bytes);
    return bytes;
  }

  // 5.3: walk N+1.root.json until the repository has no newer root.
  async #updateRoot(limits: Required<TufLimits>): Promise<void> {
    const first = this.#store.root.signed.version + 1;
    for (let version = first; version < first + limits.maxRootRotations; version++) {
      const name = `${version}.root.json`;
      const cached = await this.#cache?.get(name);
      const bytes = cached ?? (await this.#source.get(name, limits.rootMaxLength));
      if (!bytes) return;
      try {
        this.#store.updateRoot(asMetadataBytes(bytes));
      } catch (e) {
        throw tufError(this.#tuf, e, 'root', this.#source.describe(name), this.#store, bytes);
      }
      if (!cached) await this.#cache?.set(name, bytes);
    }
  }

  // 5.4: a cached timestamp only serves as rollback protection for the fetched one.
  async #updateTimestamp(limits: Required<TufLimits>): Promise<void> {
    const cached = await this.#cache?.get('timestamp.json');
    if (cached) {
      try {
        this.#store.updateTimestamp(asMetadataBytes(cached));
      } catch {
        // An old cached timestamp (expired, or signed by rotated-out keys) is ignored.
      }
    }
    const where = this.#source.describe('timestamp.json');
    const bytes = await this.#source.get('timestamp.json', limits.timestampMaxLength);
    if (!bytes) throw new TrustRootLoadError('TUF_MISSING', `TUF role timestamp is missing: ${where}`);
    try {
      this.#store.updateTimestamp(asMetadataBytes(bytes));
    } catch (e) {
      if (e instanceof this.#tuf.EqualVersionError) return;
      throw tufError(this.#tuf, e, 'timestamp', where, this.#store, bytes);
    }
    await this.#cache?.set('timestamp.json', bytes);
  }

  // 5.5
  async #updateSnapshot(limits: Required<TufLimits>): Promise<void> {
    if (await this.#tryCached('snapshot.json', (b) => this.#store.updateSnapshot(b, true))) return;
    const meta = this.#store.timestamp!.signed.snapshotMeta;
    const name = this.#store.root.signed.consistentSnapshot ? `${meta.version}.snapshot.json` : 'snapshot.json';
    const where = this.#source.describe(name);
    const bytes = await this.#source.get(name, meta.length ?? limits.snapshotMaxLength);
    if (!bytes) throw new TrustRootLoadError('TUF_MISSING', `TUF role snapshot is missing: ${where}`);
    try {
      this.#store.updateSnapshot(asMetadataBytes(bytes));
    } catch (e) {
      throw tufError(this.#tuf, e, 'snapshot', where, this.#store, bytes);
    }
    await this.#cache?.set('snapshot.json', bytes);
  }

  // 5.6 (top-level targets only)
  async #updateTargets(limits: Required<TufLimits>): Promise<void> {
    if (await this.#tryCached('targets.json', (b) => this.#store.updateDelegatedTargets(b, 'targets', 'root'))) return;
    const meta = this.#store.snapshot!.signed.meta['targets.json'];
    if (!meta) throw new TrustRootLoadError('TUF_MISSING', 'TUF snapshot does not list targets.json');
    const name = this.#store.root.signed.consistentSnapshot ? `${meta.version}.targets.json` : 'targets.json';
    const where = this.#source.describe(name);
    const bytes = await this.#source.get(name, meta.length ?? limits.targetsMaxLength);
    if (!bytes) throw new TrustRootLoadError('TUF_MISSING', `TUF role targets is missing: ${where}`);
    try {
      this.#store.updateDelegatedTargets(asMetadataBytes(bytes), 'targets', 'root');
    } catch (e) {
      throw tufError(this.#tuf, e, 'targets', where, this.#store, bytes);
    }
    await this.#cache?.set('targets.json', bytes);
  }

  // A cached role that still verifies against the fresh timestamp/snapshot avoids a
  // download; anything else (including an expired or outdated copy) is refetched.
  async #tryCached(name: string, load: (bytes: StoreBytes) => void): Promise<boolean> {
    const cached = await this.#cache?.get(name);
    if (!cached) return false;
    try {
      load(asMetadataBytes(cached));
      return true;
    } catch {
      return false;
    }
  }
}

function singleChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return (async function* () {
    yield bytes;
  })();
}

function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

function expiresOf(role: Role, store: TrustedMetadataStore | undefined, bytes: Uint8Array | undefined): string {
  const fromStore = store && role !== 'targets' ? store[role]?.signed.expires : undefined;
  if (fromStore) return fromStore;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { signed?: { expires?: unknown } };
    if (typeof parsed.signed?.expires === 'string') return parsed.signed.expires;
  } catch {
    // fall through
  }
  return 'an unknown time';
}

/** Maps a tuf-js failure to a TrustRootLoadError naming the role, the place and why. */
function tufError(
  tuf: Tuf,
  e: unknown,
  role: Role,
  where: string,
  store: TrustedMetadataStore | undefined,
  bytes: Uint8Array | undefined,
): TrustRootLoadError {
  if (e instanceof TrustRootLoadError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof tuf.ExpiredMetadataError) {
    // The store reports the *final* root as expired when checking the timestamp, and the
    // final timestamp (e.g. a cached one the mirror has not replaced) when loading the snapshot.
    const named = /\b(root|timestamp|snapshot)\.json/.exec(detail)?.[1] as Role | undefined;
    const expiredRole: Role = named ?? role;
    const expires = expiresOf(expiredRole, store, expiredRole === role ? bytes : undefined);
    const place = expiredRole === role ? where : `the newest trusted ${expiredRole}.json, found while loading ${where}`;
    return new TrustRootLoadError('TUF_EXPIRED', `TUF role ${expiredRole} expired at ${expires} (${place})`, {
      cause: e,
    });
  }
  if (e instanceof tuf.UnsignedMetadataError) {
    return new TrustRootLoadError(
      'TUF_SIGNATURE',
      `TUF role ${role} (${where}) is not signed by enough trusted keys: ${detail}`,
      { cause: e },
    );
  }
  if (e instanceof tuf.LengthOrHashMismatchError) {
    return new TrustRootLoadError(
      'TUF_TARGET_MISMATCH',
      `TUF role ${role} (${where}) does not match the length/hashes its parent role lists: ${detail}`,
      { cause: e },
    );
  }
  if (e instanceof SyntaxError) {
    return new TrustRootLoadError('TUF_INVALID', `TUF role ${role} (${where}) is not valid JSON: ${detail}`, {
      cause: e,
    });
  }
  return new TrustRootLoadError('TUF_INVALID', `TUF role ${role} (${where}) was rejected: ${detail}`, { cause: e });
}
