// On-disk TUF cache for Node: one directory per mirror and initial root. Files are
// written to a temporary name and renamed, so a crash never leaves half a file.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TufCache } from '@sigguard/trust-root';

export class FileTufCache implements TufCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  #path(name: string): string {
    // Target names may hold "/": keep every cache entry a single file name.
    return join(this.dir, encodeURIComponent(name));
  }
  get(name: string): Uint8Array | undefined {
    try {
      return readFileSync(this.#path(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
  set(name: string, bytes: Uint8Array): void {
    mkdirSync(this.dir, { recursive: true });
    const path = this.#path(name);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  }
}

/** `$XDG_CACHE_HOME/sigguard/tuf`, else `~/.cache/sigguard/tuf`. */
export function defaultTufCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sigguard', 'tuf');
}

/** A `cacheFor` for LoadTrustRootOptions: one FileTufCache per mirror and initial root under `dir`. */
export function fileTufCaches(dir: string): (mirror: string, root: Uint8Array) => TufCache {
  return (mirror, root) => {
    const rootDigest = createHash('sha256').update(root).digest('hex');
    const key = createHash('sha256').update(`${mirror}\0${rootDigest}`).digest('hex');
    return new FileTufCache(join(dir, key.slice(0, 32)));
  };
}
