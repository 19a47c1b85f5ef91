// Node-only adapter: OCI layout directories on disk. A layout is untrusted input: only regular
// files inside the directory are read (no FIFOs, devices or symlinks leaving it), and never
// more than the caller's limit.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { OciError } from './errors.ts';
import { OciLayout, type LayoutOptions, type LayoutReader } from './layout.ts';

export {
  defaultDockerConfigPath,
  dockerCredentialProvider,
  normaliseRegistryHost,
  parseDockerConfig,
  runCredentialHelper,
  type DockerConfig,
} from './docker-credentials.ts';

// O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused after fstat).
// O_NOFOLLOW: the path opened is already the resolved one; a symlink swapped in meanwhile fails.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const CHUNK = 64 * 1024;

function within(root: string, full: string): boolean {
  const rel = relative(root, full);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A LayoutReader over a directory: regular files inside it only, read up to a limit. */
export function directoryReader(dir: string): LayoutReader {
  const root = resolve(dir);
  let realRoot: Promise<string> | undefined;
  return {
    async read(p, maxBytes) {
      const full = resolve(join(root, p));
      if (!within(root, full)) throw new OciError('LAYOUT_INVALID', `path '${p}' escapes the layout directory`);
      let real: string;
      try {
        real = await realpath(full);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new OciError('LAYOUT_INVALID', `${p}: ${(e as Error).message}`);
      }
      // The lexical check above is not enough: a symlink may point anywhere.
      if (!within(await (realRoot ??= realpath(root)), real)) {
        throw new OciError('LAYOUT_INVALID', `${p} is a symlink leading outside the layout directory (to ${real})`);
      }
      return readRegularFile(real, p, maxBytes);
    },
  };
}

async function readRegularFile(path: string, name: string, maxBytes: number): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(path, OPEN_FLAGS);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new OciError('LAYOUT_INVALID', `${name}: cannot open: ${why}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new OciError('LAYOUT_INVALID', `${name} is not a regular file (${fileType(st)}): refused`);
    if (st.size > maxBytes) {
      throw new OciError('TOO_LARGE', `${name} is ${st.size} bytes, over the ${maxBytes}-byte limit`);
    }
    // Read to the limit plus one byte, whatever stat said: the file may grow while it is read.
    const buf = new Uint8Array(Math.min(st.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buf.byteLength) {
        throw new OciError('TOO_LARGE', `${name} grew past the ${maxBytes}-byte limit while being read`);
      }
      const { bytesRead } = await fh.read(buf, total, Math.min(CHUNK, buf.byteLength - total), null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new OciError('TOO_LARGE', `${name} exceeds the ${maxBytes}-byte limit`);
    }
    return buf.subarray(0, total);
  } finally {
    await fh.close();
  }
}

function fileType(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a file';
}

/** Opens an OCI image layout directory (`cosign save`, `oras copy --to-oci-layout`). */
export function openOciLayoutDir(dir: string, options?: LayoutOptions): Promise<OciLayout> {
  return OciLayout.open(directoryReader(dir), `OCI layout ${dir}`, options);
}
