// A TUF cache in the browser's IndexedDB, so verified metadata (and its rollback protection) outlives the
// page. Like every TufCache it is a speed and rollback aid, never a source of trust: whatever is read back
// is verified again by the TUF client. One object store holds every cache; entries are keyed by a
// namespace (one per mirror and initial root, as fileTufCaches does on disk) and the file name.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TufCache } from '@sigguard/trust-root';

const STORE = 'tuf-files';

/** The default database name of indexedDbTufCaches(). */
export const DEFAULT_TUF_DATABASE = 'sigguard-tuf';

function asPromise<T>(req: IDBRequest<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`IndexedDB ${what}: ${req.error?.message ?? 'failed'}`, { cause: req.error }));
  });
}

function openDatabase(name: string, factory: IDBFactory | undefined): Promise<IDBDatabase> {
  if (!factory) return Promise.reject(new Error('IndexedDB is not available here (use MemoryTufCache)'));
  const req = factory.open(name, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
  };
  return asPromise(req, `open ${name}`);
}

export class IndexedDbTufCache implements TufCache {
  readonly #open: () => Promise<IDBDatabase>;
  readonly #namespace: string;
  /**
   * `namespace` keeps caches apart within one database; `db`: the database's name (opened on first use) or an
   * open database (see indexedDbTufCaches).
   */
  constructor(
    namespace: string,
    db: Promise<IDBDatabase> | string = DEFAULT_TUF_DATABASE,
    factory = globalThis.indexedDB,
  ) {
    this.#namespace = namespace;
    let opened: Promise<IDBDatabase> | undefined = typeof db === 'string' ? undefined : db;
    this.#open = () => (opened ??= openDatabase(db as string, factory));
  }
  #key(name: string): string {
    return `${this.#namespace}/${name}`;
  }
  async get(name: string): Promise<Uint8Array | undefined> {
    const db = await this.#open();
    const value: unknown = await asPromise(
      db.transaction(STORE, 'readonly').objectStore(STORE).get(this.#key(name)),
      `read ${name}`,
    );
    if (value === undefined) return undefined;
    // Anything else in the store (written by other code) is not ours: treat it as absent, never trust it.
    return value instanceof Uint8Array ? value.slice() : undefined;
  }
  async set(name: string, bytes: Uint8Array): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(bytes.slice(), this.#key(name));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () =>
        reject(new Error(`IndexedDB write ${name}: ${tx.error?.message ?? 'aborted'}`, { cause: tx.error }));
    });
  }
}

/**
 * A `cacheFor` for LoadTrustRootOptions in browsers: one IndexedDbTufCache per mirror and initial root, all
 * in the database `name` (opened once, on first use).
 */
export function indexedDbTufCaches(
  name = DEFAULT_TUF_DATABASE,
  factory = globalThis.indexedDB,
): (mirror: string, root: Uint8Array) => TufCache {
  let db: Promise<IDBDatabase> | undefined;
  return (mirror, root) => {
    const key = bytesToHex(sha256(new TextEncoder().encode(`${mirror}\0${bytesToHex(sha256(root))}`))).slice(0, 32);
    return new IndexedDbTufCache(key, (db ??= openDatabase(name, factory)));
  };
}
