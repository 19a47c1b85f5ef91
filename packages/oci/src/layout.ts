import { assertDigest, parseDigest } from './digest.ts';
import { OciError } from './errors.ts';
import { MAX_BLOB_BYTES, MAX_LAYOUT_MANIFESTS, MAX_MANIFEST_BYTES } from './limits.ts';
import { assertSize, parseManifest, type Descriptor, type FetchedManifest, type ImageIndex } from './manifest.ts';
import { ANN_REF_NAME, OCI_INDEX } from './media-types.ts';
import type { ImageReference } from './reference.ts';
import type { ArtifactSource } from './source.ts';

/** Minimal read access to a layout directory, so the core stays free of `fs` (see `@sigguard/oci/node`). */
export interface LayoutReader {
  /**
   * Bytes of a regular file at a relative POSIX path, or undefined when absent. Must throw
   * (OciError TOO_LARGE) rather than read more than `maxBytes`, and refuse anything that is
   * not a regular file inside the layout (FIFO, device, symlink leading out).
   */
  read(path: string, maxBytes: number): Promise<Uint8Array | undefined>;
}

export interface LayoutOptions {
  /** index.json and every manifest (default 4 MiB, as from a registry). */
  maxManifestBytes?: number;
  /** Blobs when the caller names no smaller limit (default 128 MiB, as from a registry). */
  maxBlobBytes?: number;
}

// `cosign save` marks what each top-level manifest is (pkg/oci/layout).
const KIND = 'kind';
const KIND_IMAGE = 'dev.cosignproject.cosign/image';
const KIND_IMAGE_INDEX = 'dev.cosignproject.cosign/imageIndex';
const KIND_SIGS = 'dev.cosignproject.cosign/sigs';
const KIND_ATTS = 'dev.cosignproject.cosign/atts';

/**
 * An OCI image layout directory (as `cosign save` and `oras copy --to-oci-layout` write
 * them) served as an ArtifactSource. Tags come from `org.opencontainers.image.ref.name`
 * (plain tag or full reference) and from cosign's `kind` annotations; referrers are found
 * by their `subject`. The repository part of requests is ignored: a layout is one store.
 */
export class OciLayout implements ArtifactSource {
  readonly description: string;
  readonly index: ImageIndex;
  readonly #reader: LayoutReader;
  readonly #tags: Map<string, Descriptor>;
  readonly #maxManifest: number;
  readonly #maxBlob: number;

  private constructor(reader: LayoutReader, description: string, index: ImageIndex, options: LayoutOptions) {
    this.#reader = reader;
    this.description = description;
    this.index = index;
    this.#tags = tagMap(index.manifests);
    this.#maxManifest = options.maxManifestBytes ?? MAX_MANIFEST_BYTES;
    this.#maxBlob = options.maxBlobBytes ?? MAX_BLOB_BYTES;
  }

  static async open(reader: LayoutReader, description = 'OCI layout', options: LayoutOptions = {}): Promise<OciLayout> {
    const maxManifest = options.maxManifestBytes ?? MAX_MANIFEST_BYTES;
    const marker = await readOrExplain(reader, 'oci-layout', 4096, description);
    if (!marker) throw new OciError('LAYOUT_INVALID', `${description}: no 'oci-layout' file: not an OCI image layout`);
    let version: unknown;
    try {
      version = (JSON.parse(new TextDecoder().decode(marker)) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
    } catch {
      throw new OciError('LAYOUT_INVALID', `${description}: 'oci-layout' is not JSON`);
    }
    if (typeof version !== 'string' || !version.startsWith('1.')) {
      throw new OciError('LAYOUT_INVALID', `${description}: unsupported imageLayoutVersion ${String(version)}`);
    }
    const indexBytes = await readOrExplain(reader, 'index.json', maxManifest, description);
    if (!indexBytes) throw new OciError('LAYOUT_INVALID', `${description}: no index.json`);
    let index;
    try {
      index = parseManifest(indexBytes, OCI_INDEX);
    } catch (e) {
      throw new OciError('LAYOUT_INVALID', `${description}: index.json: ${(e as Error).message}`);
    }
    if (index.kind !== 'index')
      throw new OciError('LAYOUT_INVALID', `${description}: index.json is not an image index`);
    return new OciLayout(reader, description, index, options);
  }

  async #blob(digest: string, limit: number): Promise<Uint8Array | undefined> {
    const { hex } = parseDigest(digest); // also keeps the path inside blobs/
    const bytes = await readOrExplain(this.#reader, `blobs/sha256/${hex}`, limit, this.description);
    if (!bytes) return undefined;
    assertDigest(bytes, digest, `${this.description} blob`);
    return bytes;
  }

  async #manifestAt(d: Descriptor): Promise<FetchedManifest | undefined> {
    const bytes = await this.#blob(d.digest, this.#maxManifest);
    if (!bytes) return undefined;
    if (d.size >= 0) assertSize(bytes, d, this.description);
    const manifest = parseManifest(bytes);
    return { digest: d.digest, bytes, mediaType: manifest.mediaType, manifest };
  }

  /** Tags present in index.json (ref names and cosign-derived `sha256-<hex>.sig/.att`). */
  tags(): string[] {
    return [...this.#tags.keys()];
  }

  async manifest(_repo: ImageReference, tagOrDigest: string): Promise<FetchedManifest | undefined> {
    if (tagOrDigest.startsWith('sha256:')) {
      // A descriptor listed in index.json gives the size to check as well.
      const listed = this.index.manifests.find((d) => d.digest === tagOrDigest);
      return this.#manifestAt(listed ?? { mediaType: '', digest: tagOrDigest, size: -1 });
    }
    const d = this.#tags.get(tagOrDigest);
    return d ? this.#manifestAt(d) : undefined;
  }

  async blob(_repo: ImageReference, digest: string, maxBytes = this.#maxBlob): Promise<Uint8Array> {
    const bytes = await this.#blob(digest, Math.min(maxBytes, this.#maxBlob));
    if (!bytes) throw new OciError('NOT_FOUND', `${this.description}: blob ${digest} is not in the layout`);
    return bytes;
  }

  /**
   * Referrers by their `subject`, among the manifests reachable from index.json (nested
   * indexes included); undefined when there are none. Blobs nothing points at are not read.
   */
  async referrers(_repo: ImageReference, digest: string): Promise<ImageIndex | undefined> {
    const found: Descriptor[] = [];
    for (const m of await this.#reachableManifests()) {
      if (m.manifest.subject?.digest !== digest) continue;
      const desc: Descriptor = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.byteLength };
      const config = m.manifest.kind === 'manifest' ? m.manifest.config.mediaType : undefined;
      const artifactType = m.manifest.artifactType ?? config;
      if (artifactType) desc.artifactType = artifactType;
      if (m.manifest.annotations) desc.annotations = m.manifest.annotations;
      found.push(desc);
    }
    if (found.length === 0) return undefined;
    return { kind: 'index', schemaVersion: 2, mediaType: OCI_INDEX, manifests: found };
  }

  #reachable: Promise<FetchedManifest[]> | undefined;

  /** Every manifest index.json leads to, breadth first, at most MAX_LAYOUT_MANIFESTS (read once). */
  #reachableManifests(): Promise<FetchedManifest[]> {
    this.#reachable ??= (async () => {
      const out: FetchedManifest[] = [];
      const seen = new Set<string>();
      const queue = [...this.index.manifests];
      for (let d = queue.shift(); d; d = queue.shift()) {
        if (seen.has(d.digest) || !isManifestType(d.mediaType)) continue;
        seen.add(d.digest);
        if (seen.size > MAX_LAYOUT_MANIFESTS) {
          const why = `more than ${MAX_LAYOUT_MANIFESTS} manifests reachable from index.json`;
          throw new OciError('LAYOUT_INVALID', `${this.description}: ${why}`);
        }
        const m = await this.#manifestAt(d).catch((e: unknown) => {
          if (e instanceof OciError && e.code === 'MANIFEST_INVALID') return undefined; // not ours to judge here
          throw e;
        });
        if (!m) continue;
        out.push(m);
        if (m.manifest.kind === 'index') queue.push(...m.manifest.manifests);
      }
      return out;
    })();
    return this.#reachable;
  }
}

function isManifestType(mediaType: string): boolean {
  return mediaType.includes('manifest') || mediaType.includes('index');
}

/** A reader's failure as an OciError that names the layout (a refused FIFO, a symlink out, ...). */
async function readOrExplain(reader: LayoutReader, path: string, limit: number, description: string) {
  try {
    return await reader.read(path, limit);
  } catch (e) {
    const code = e instanceof OciError ? e.code : 'LAYOUT_INVALID';
    throw new OciError(code, `${description}: ${(e as Error).message}`, { cause: e });
  }
}

function tagMap(manifests: Descriptor[]): Map<string, Descriptor> {
  const tags = new Map<string, Descriptor>();
  for (const d of manifests) {
    const ref = d.annotations?.[ANN_REF_NAME];
    if (ref) {
      tags.set(ref, d);
      // A full reference `host/repo:tag` also answers to its tag.
      const m = /:([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(ref);
      if (m && ref.includes('/') && !tags.has(m[1]!)) tags.set(m[1]!, d);
    }
  }
  const image = manifests.find(
    (d) => d.annotations?.[KIND] === KIND_IMAGE || d.annotations?.[KIND] === KIND_IMAGE_INDEX,
  );
  if (image) {
    const base = image.digest.replace(':', '-');
    for (const d of manifests) {
      if (d.annotations?.[KIND] === KIND_SIGS) tags.set(`${base}.sig`, d);
      if (d.annotations?.[KIND] === KIND_ATTS) tags.set(`${base}.att`, d);
    }
  }
  return tags;
}

/** The image a `cosign save` layout was saved for (its `kind` annotation), if any. */
export function cosignSavedImage(layout: OciLayout): Descriptor | undefined {
  return layout.index.manifests.find(
    (d) => d.annotations?.[KIND] === KIND_IMAGE || d.annotations?.[KIND] === KIND_IMAGE_INDEX,
  );
}
