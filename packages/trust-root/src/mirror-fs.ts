// Unpacks a TrustRoot `spec.repository.mirrorFS` archive (gzipped tar of a TUF
// `repository/` directory, as policy-controller's CompressFS writes it) into memory.
// No filesystem, no streams: gunzip bounded while inflating (@sigguard/input-limits/gzip), ./tar.ts
// reads the tar (every common dialect: ustar with prefix, GNU/old GNU long names, pax).
import { GunzipLimitError, gunzipBounded } from '@sigguard/input-limits/gzip';
import { decodeBase64 } from './bytes.ts';
import { TrustRootLoadError } from './errors.ts';
import { readTar, type TarEntry } from './tar.ts';

export interface ArchiveLimits {
  /** Largest accepted gzip stream, bytes. Default 16 MiB. */
  maxCompressedBytes?: number;
  /**
   * Largest accepted tar after gunzip, bytes (guards against gzip bombs). Default 16 MiB: a TrustRoot
   * resource lives in etcd (1.5 MiB per object by default) and a TUF repository's metadata is far
   * smaller; inflating is what a bomb costs, so the cap is also the time a bomb can take.
   */
  maxUncompressedBytes?: number;
  /** Most tar entries accepted. Default 4096. */
  maxEntries?: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Required<ArchiveLimits> = {
  maxCompressedBytes: 16 * 1024 * 1024,
  maxUncompressedBytes: 16 * 1024 * 1024,
  maxEntries: 4096,
};

/** Repository files keyed by their path relative to `repository/` (e.g. `timestamp.json`). */
export type RepositoryFiles = Map<string, Uint8Array>;

function tooLarge(where: string, maxOut: number): TrustRootLoadError {
  return new TrustRootLoadError(
    'ARCHIVE_TOO_LARGE',
    `${where}: uncompressed archive exceeds the limit of ${maxOut} bytes`,
  );
}

/** Gunzip bounded while inflating (@sigguard/input-limits/gzip), with this package's errors. */
export function gunzipLimited(gz: Uint8Array, maxOut: number, where: string): Uint8Array {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new TrustRootLoadError(
      'NOT_GZIP',
      `${where}: is not gzip data (no gzip header); expected a gzipped tar of repository/`,
    );
  }
  try {
    return gunzipBounded(gz, maxOut);
  } catch (e) {
    if (!(e instanceof GunzipLimitError)) throw e;
    if (e.problem === 'too-large') throw tooLarge(where, maxOut);
    throw new TrustRootLoadError('NOT_GZIP', `${where}: ${e.message}`, { cause: e.cause ?? e });
  }
}

/**
 * Splits a tar entry's full name (after pax `path`, GNU long name or ustar prefix are
 * applied) into path parts, refusing anything that could leave the archive root.
 */
function pathParts(name: string, where: string): string[] {
  const shown = JSON.stringify(name);
  if (name.includes('\\') || name.includes('\0')) {
    throw new TrustRootLoadError('TAR_PATH', `${where}: tar entry ${shown} has a backslash or NUL in its path`);
  }
  if (name.startsWith('/')) {
    throw new TrustRootLoadError('TAR_PATH', `${where}: tar entry ${shown} is an absolute path, escaping repository/`);
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw new TrustRootLoadError('TAR_PATH', `${where}: tar entry ${shown} contains "..", escaping repository/`);
  }
  return parts;
}

/** base64 → gunzip → tar → Map of files. Throws TrustRootLoadError naming what and where. */
export function unpackMirrorFs(
  mirrorFs: string | Uint8Array,
  options: { where?: string; limits?: ArchiveLimits } = {},
): RepositoryFiles {
  const where = options.where ?? 'mirrorFS';
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  // base64 is 4/3 of the bytes plus line breaks; refuse a huge string before decoding it.
  if (typeof mirrorFs === 'string' && mirrorFs.length > limits.maxCompressedBytes * 2) {
    throw new TrustRootLoadError(
      'ARCHIVE_TOO_LARGE',
      `${where}: archive exceeds the limit of ${limits.maxCompressedBytes} bytes`,
    );
  }
  const gz = typeof mirrorFs === 'string' ? decodeBase64(mirrorFs, where) : mirrorFs;
  if (gz.length > limits.maxCompressedBytes) {
    throw new TrustRootLoadError(
      'ARCHIVE_TOO_LARGE',
      `${where}: archive of ${gz.length} bytes exceeds the limit of ${limits.maxCompressedBytes} bytes`,
    );
  }
  const tar = gunzipLimited(gz, limits.maxUncompressedBytes, where);
  let items: TarEntry[];
  try {
    items = readTar(tar);
  } catch (e) {
    throw new TrustRootLoadError('BAD_TAR', `${where}: not a readable tar archive: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (items.length === 0) throw new TrustRootLoadError('BAD_TAR', `${where}: tar archive is empty`);
  if (items.length > limits.maxEntries) {
    throw new TrustRootLoadError(
      'ARCHIVE_TOO_LARGE',
      `${where}: tar has ${items.length} entries, over the limit of ${limits.maxEntries}`,
    );
  }
  // policy-controller reads paths under repository/ and keeps any other path as is, so
  // a tar rooted at the repository itself also works. A tar that has repository/ must
  // keep every file inside it.
  const entries = items.map((item) => ({ item, parts: pathParts(item.name, where) }));
  const rooted = entries.some((e) => e.parts[0] === 'repository');
  const files: RepositoryFiles = new Map();
  for (const { item, parts } of entries) {
    if (item.type === 'directory') continue;
    if (item.type !== 'file' && item.type !== 'contiguousFile') {
      throw new TrustRootLoadError(
        'BAD_TAR',
        `${where}: tar entry ${JSON.stringify(item.name)} is a ${item.type}; only regular files and directories are accepted`,
      );
    }
    if (rooted && (parts[0] !== 'repository' || parts.length < 2)) {
      throw new TrustRootLoadError(
        'TAR_PATH',
        `${where}: tar entry ${JSON.stringify(item.name)} is outside repository/ (paths escaping repository/ are refused)`,
      );
    }
    const path = (rooted ? parts.slice(1) : parts).join('/');
    if (path === '')
      throw new TrustRootLoadError('TAR_PATH', `${where}: tar entry ${JSON.stringify(item.name)} has no file name`);
    if (files.has(path)) {
      throw new TrustRootLoadError('BAD_TAR', `${where}: tar holds ${JSON.stringify(item.name)} twice`);
    }
    files.set(path, item.data);
  }
  return files;
}
