// OCI image layouts given as files in memory: a path -> bytes/Blob map, or the File list a browser's
// folder input (`<input type="file" webkitdirectory>`) or a drop hands over. Runtime-agnostic (no `fs`).
// The same bounds as the directory reader of `@sigguard/oci/node`: only the paths OciLayout asks for
// (oci-layout, index.json, blobs/sha256/<hex> of digests it reached) are read, never more than the
// limit (a Blob's size is checked before it is read), and every blob is digest-checked by OciLayout.
import { OciError } from './errors.ts';
import { OciLayout, type LayoutOptions, type LayoutReader } from './layout.ts';

/** A file's content: bytes, or a Blob/File read only when OciLayout needs it. */
export type LayoutFileContent = Uint8Array | BlobLike;

/** What the reader needs of a Blob or File (duck-typed, so any runtime's Blob works). */
export interface BlobLike {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A File from a folder input or a drop: `webkitRelativePath` is `folder/blobs/sha256/...`. */
export interface LayoutFileLike extends BlobLike {
  readonly name: string;
  readonly webkitRelativePath?: string;
}

/**
 * The layout's files: relative POSIX paths (`oci-layout`, `index.json`, `blobs/sha256/<hex>`) to content,
 * as a Map or plain object; or a list of Files whose `webkitRelativePath` (else `name`) places them.
 */
export type LayoutFiles =
  | ReadonlyMap<string, LayoutFileContent>
  | Readonly<Record<string, LayoutFileContent>>
  | Iterable<LayoutFileLike>;

function isBlobLike(v: unknown): v is BlobLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as BlobLike).size === 'number' &&
    typeof (v as BlobLike).arrayBuffer === 'function'
  );
}

function isFileList(files: LayoutFiles): files is Iterable<LayoutFileLike> {
  return !(files instanceof Map) && typeof (files as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** `./a/b` and `a//b` name `a/b`; a path climbing out (`..`) or absolute is refused, naming it. */
function normalise(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (path.startsWith('/') || path.includes('\\') || parts.includes('..')) {
    throw new OciError('LAYOUT_INVALID', `layout file path '${path}' is not a relative path inside the layout`);
  }
  return parts.join('/');
}

/**
 * A folder input's Files all start with the chosen folder's name (`layout/oci-layout`); the layout root
 * is the folder holding the shallowest `oci-layout`. Files outside it are not part of the layout.
 */
function filesByLayoutPath(files: Iterable<LayoutFileLike>): Map<string, LayoutFileContent> {
  const listed = [...files].map((f) => ({ path: normalise(f.webkitRelativePath || f.name), file: f }));
  const markers = listed.filter((f) => f.path === 'oci-layout' || f.path.endsWith('/oci-layout'));
  const marker = markers.sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0];
  const root = marker ? marker.path.slice(0, -'oci-layout'.length) : '';
  const out = new Map<string, LayoutFileContent>();
  for (const { path, file } of listed) {
    if (!path.startsWith(root)) continue;
    const rel = path.slice(root.length);
    if (out.has(rel)) throw new OciError('LAYOUT_INVALID', `layout file '${rel}' is given twice`);
    out.set(rel, file);
  }
  return out;
}

function byPath(files: LayoutFiles): Map<string, LayoutFileContent> {
  if (isFileList(files)) return filesByLayoutPath(files);
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const out = new Map<string, LayoutFileContent>();
  for (const [path, content] of entries) {
    const rel = normalise(path);
    if (!(content instanceof Uint8Array) && !isBlobLike(content)) {
      throw new OciError('LAYOUT_INVALID', `layout file '${path}' is neither bytes (Uint8Array) nor a Blob`);
    }
    if (out.has(rel)) throw new OciError('LAYOUT_INVALID', `layout file '${rel}' is given twice`);
    out.set(rel, content);
  }
  return out;
}

/** A LayoutReader over files in memory (see LayoutFiles), reading each up to the caller's limit. */
export function filesLayoutReader(files: LayoutFiles): LayoutReader {
  const contents = byPath(files);
  return {
    async read(path, maxBytes) {
      const content = contents.get(normalise(path));
      if (content === undefined) return undefined;
      const size = content instanceof Uint8Array ? content.byteLength : content.size;
      if (size > maxBytes) throw new OciError('TOO_LARGE', `${path} is ${size} bytes, over the ${maxBytes}-byte limit`);
      if (content instanceof Uint8Array) return content;
      const bytes = new Uint8Array(await content.arrayBuffer());
      // A Blob's size is fixed, but a Blob-like object's need not be: check what was read.
      if (bytes.byteLength > maxBytes) {
        throw new OciError('TOO_LARGE', `${path} read as ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`);
      }
      return bytes;
    },
  };
}

/** Opens an OCI image layout given as files in memory (browsers: a folder input's or a drop's Files). */
export async function openOciLayoutFiles(
  files: LayoutFiles,
  options?: LayoutOptions,
  description = 'OCI layout (files)',
): Promise<OciLayout> {
  return OciLayout.open(filesLayoutReader(files), description, options);
}
