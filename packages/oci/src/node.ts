// Node-only adapter: OCI layout directories on disk.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OciLayout, type LayoutReader } from './layout.ts';

/** A LayoutReader over a directory; paths are resolved inside it only. */
export function directoryReader(dir: string): LayoutReader {
  const root = resolve(dir);
  const inside = (p: string) => {
    const full = resolve(join(root, p));
    if (full !== root && !full.startsWith(root + '/') && !full.startsWith(root + '\\')) {
      throw new Error(`path '${p}' escapes the layout directory`);
    }
    return full;
  };
  return {
    async read(p) {
      try {
        return new Uint8Array(await readFile(inside(p)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async size(p) {
      try {
        return (await stat(inside(p))).size;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async list(p) {
      try {
        return await readdir(inside(p));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
    },
  };
}

/** Opens an OCI image layout directory (`cosign save`, `oras copy --to-oci-layout`). */
export function openOciLayoutDir(dir: string): Promise<OciLayout> {
  return OciLayout.open(directoryReader(dir), `OCI layout ${dir}`);
}
