// TrustRoot resource → verified TrustRoot, for each of the three spec forms, plus the
// public-good online refresh. Runtime-agnostic: the air-gapped path touches neither
// network nor filesystem; the remote path uses global fetch and a pluggable cache.
import { sha256Hex, utf8 } from './bytes.ts';
import { TrustRootLoadError } from './errors.ts';
import { unpackMirrorFs, type ArchiveLimits } from './mirror-fs.ts';
import { sigstoreKeysTrustedRootJson } from './material.ts';
import { PUBLIC_GOOD_TUF_URL, publicGoodTufRootBytes } from './public-good.ts';
import type { TrustRootResource } from './resource.ts';
import { parseTrustedRoot, TrustRootError, type TrustRoot } from './trusted-root.ts';
import { MemoryTufCache, type TufCache } from './tuf/cache.ts';
import { TufRepository, type TufLimits } from './tuf/client.ts';
import { HttpTufSource, MemoryTufSource, type FetchLike } from './tuf/source.ts';
import { trustRootFromTuf } from './tuf/trust-material.ts';

export interface LoadTrustRootOptions {
  /** Reference time for TUF expiry checks (default now). */
  now?: Date;
  /**
   * Expected sha256 (hex) of the initial root.json. Overrides the resource's
   * sigguard.dev/root-sha256 annotation. A mismatch refuses to load.
   */
  rootSha256?: string;
  /** Cache for remote TUF metadata of a single mirror. */
  cache?: TufCache;
  /**
   * Cache per mirror and initial root, for loading several remote TrustRoots (the Node
   * entry passes an on-disk one). Default: one in-memory cache per mirror and root.
   */
  cacheFor?: (mirror: string, root: Uint8Array) => TufCache;
  /** fetch used for remote mirrors (default global fetch). */
  fetch?: FetchLike;
  /** Per-request timeout for remote mirrors, ms (default 30 000). */
  timeoutMs?: number;
  archiveLimits?: ArchiveLimits;
  tufLimits?: TufLimits;
}

/** Refuses a root.json whose sha256 differs from the pinned digest, printing both. */
export function checkPinnedRoot(root: Uint8Array, expectedSha256: string | undefined, where: string): void {
  if (expectedSha256 === undefined) return;
  const expected = expectedSha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) {
    throw new TrustRootLoadError(
      'ROOT_PIN_MISMATCH',
      `${where}: pinned root sha256 ${JSON.stringify(expectedSha256)} is not 64 hex digits`,
    );
  }
  const actual = sha256Hex(root);
  if (actual !== expected) {
    throw new TrustRootLoadError(
      'ROOT_PIN_MISMATCH',
      `${where}: initial root.json does not match the pinned checksum: expected sha256 ${expected}, got sha256 ${actual}`,
    );
  }
}

const remoteCaches = new Map<string, TufCache>();
// Air-gapped repositories already verified, by content, valid until their earliest TUF expiry.
const verifiedRepositories = new Map<string, { root: TrustRoot; validUntil: Date }>();

function defaultRemoteCache(mirror: string, root: Uint8Array): TufCache {
  const key = `${mirror}\0${sha256Hex(root)}`;
  let cache = remoteCaches.get(key);
  if (!cache) {
    cache = new MemoryTufCache();
    remoteCaches.set(key, cache);
  }
  return cache;
}

/** Loads one TrustRoot resource into verified trust material named after metadata.name. */
export async function loadTrustRootResource(
  resource: TrustRootResource,
  options: LoadTrustRootOptions = {},
): Promise<TrustRoot> {
  const { spec, name, where } = resource;
  const pin = options.rootSha256 ?? resource.rootSha256;
  if (spec.repository) {
    const repo = spec.repository;
    checkPinnedRoot(repo.root, pin, `${where}: spec.repository.root`);
    // The same air-gapped input verifies the same way until its TUF metadata expires.
    const key = [
      name,
      sha256Hex(repo.root),
      sha256Hex(utf8(repo.mirrorFS)),
      repo.targets,
      repo.trustedRootTarget ?? '',
    ].join('\0');
    const now = options.now ?? new Date();
    const hit = verifiedRepositories.get(key);
    if (hit && now < hit.validUntil && !options.archiveLimits && !options.tufLimits) return hit.root;
    const files = unpackMirrorFs(repo.mirrorFS, {
      where: `${where}: spec.repository.mirrorFS`,
      limits: options.archiveLimits,
    });
    const tuf = await TufRepository.refresh({
      root: repo.root,
      source: new MemoryTufSource(files, `${where}: mirrorFS`),
      now,
      ...optional({ limits: options.tufLimits }),
      targetsDir: repo.targets,
    });
    const root = await trustRootFromTuf(tuf, {
      name,
      where,
      ...optional({ trustedRootTarget: repo.trustedRootTarget }),
    });
    if (verifiedRepositories.size >= 32)
      verifiedRepositories.delete(verifiedRepositories.keys().next().value as string);
    verifiedRepositories.set(key, { root, validUntil: tuf.expires });
    return root;
  }
  if (spec.remote) {
    const remote = spec.remote;
    const root = remote.root ?? publicGoodTufRootBytes();
    checkPinnedRoot(root, pin, `${where}: spec.remote.root`);
    return loadRemote(
      {
        mirror: remote.mirror,
        root,
        name,
        where,
        targetsDir: remote.targets,
        trustedRootTarget: remote.trustedRootTarget,
      },
      options,
    );
  }
  if (spec.sigstoreKeys) {
    try {
      return parseTrustedRoot(sigstoreKeysTrustedRootJson(spec.sigstoreKeys, `${where}: spec.sigstoreKeys`), { name });
    } catch (e) {
      if (e instanceof TrustRootError)
        throw new TrustRootLoadError('RESOURCE_INVALID', `${where}: spec.sigstoreKeys: ${e.message}`, { cause: e });
      throw e;
    }
  }
  throw new TrustRootLoadError('RESOURCE_INVALID', `${where}: spec has no trust source`);
}

export interface RemoteTufOptions extends LoadTrustRootOptions {
  /** TUF mirror base URL (metadata at its root, targets under targets/). */
  mirror: string;
  /** Initial trusted root.json bytes or text. */
  root: Uint8Array | string;
  /** Name of the resulting TrustRoot (default 'custom'). */
  name?: string;
  trustedRootTarget?: string;
}

/** TUF online: a mirror URL plus an initial root.json (TrustRoot spec.remote). */
export async function loadTrustRootFromTuf(options: RemoteTufOptions): Promise<TrustRoot> {
  const root = typeof options.root === 'string' ? utf8(options.root) : options.root;
  const where = `TUF mirror ${options.mirror}`;
  checkPinnedRoot(root, options.rootSha256, `${where}: initial root.json`);
  return loadRemote(
    {
      mirror: options.mirror,
      root,
      name: options.name ?? 'custom',
      where,
      trustedRootTarget: options.trustedRootTarget,
    },
    options,
  );
}

async function loadRemote(
  target: {
    mirror: string;
    root: Uint8Array;
    name: string;
    where: string;
    targetsDir?: string;
    trustedRootTarget?: string | undefined;
  },
  options: LoadTrustRootOptions,
): Promise<TrustRoot> {
  const source = new HttpTufSource(target.mirror, optional({ fetch: options.fetch, timeoutMs: options.timeoutMs }));
  const tuf = await TufRepository.refresh({
    root: target.root,
    source,
    cache:
      options.cache ?? options.cacheFor?.(target.mirror, target.root) ?? defaultRemoteCache(target.mirror, target.root),
    ...optional({ now: options.now, limits: options.tufLimits, targetsDir: target.targetsDir }),
  });
  return trustRootFromTuf(tuf, {
    name: target.name,
    where: target.where,
    ...optional({ trustedRootTarget: target.trustedRootTarget }),
  });
}

/**
 * Refreshes the public-good trust root from Sigstore's TUF CDN, starting from the TUF
 * root.json embedded in this package. Opt-in: publicGoodTrustRoot() stays offline.
 */
export async function refreshPublicGoodTrustRoot(
  options: LoadTrustRootOptions & { mirror?: string } = {},
): Promise<TrustRoot> {
  return loadTrustRootFromTuf({
    ...options,
    mirror: options.mirror ?? PUBLIC_GOOD_TUF_URL,
    root: publicGoodTufRootBytes(),
    name: 'public-good',
  });
}

/** Drops undefined values so optional properties stay absent. */
function optional<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
