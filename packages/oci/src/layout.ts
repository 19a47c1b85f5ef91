import { assertDigest, parseDigest } from './digest.ts';
import { OciError } from './errors.ts';
import { parseManifest, type Descriptor, type FetchedManifest, type ImageIndex } from './manifest.ts';
import { ANN_REF_NAME, OCI_INDEX } from './media-types.ts';
import type { ImageReference } from './reference.ts';
import type { ArtifactSource } from './source.ts';

/** Minimal read access to a layout directory, so the core stays free of `fs` (see `@sigguard/oci/node`). */
export interface LayoutReader {
  /** Bytes of a file at a relative POSIX path, or undefined when absent. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Names in a relative directory (used to find referrers among blobs); optional. */
  list?(path: string): Promise<string[]>;
  /** Size of a file without reading it; optional, but without it blobs not listed in index.json are not scanned for referrers. */
  size?(path: string): Promise<number | undefined>;
}

// `cosign save` marks what each top-level manifest is (pkg/oci/layout).
const KIND = 'kind';
const KIND_IMAGE = 'dev.cosignproject.cosign/image';
const KIND_IMAGE_INDEX = 'dev.cosignproject.cosign/imageIndex';
const KIND_SIGS = 'dev.cosignproject.cosign/sigs';
const KIND_ATTS = 'dev.cosignproject.cosign/atts';

const MAX_LAYOUT_MANIFEST = 4 << 20;

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

  private constructor(reader: LayoutReader, description: string, index: ImageIndex, tags: Map<string, Descriptor>) {
    this.#reader = reader;
    this.description = description;
    this.index = index;
    this.#tags = tags;
  }

  static async open(reader: LayoutReader, description = 'OCI layout'): Promise<OciLayout> {
    const marker = await reader.read('oci-layout');
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
    const indexBytes = await reader.read('index.json');
    if (!indexBytes) throw new OciError('LAYOUT_INVALID', `${description}: no index.json`);
    let index;
    try {
      index = parseManifest(indexBytes, OCI_INDEX);
    } catch (e) {
      throw new OciError('LAYOUT_INVALID', `${description}: index.json: ${(e as Error).message}`);
    }
    if (index.kind !== 'index') throw new OciError('LAYOUT_INVALID', `${description}: index.json is not an image index`);
    return new OciLayout(reader, description, index, tagMap(index.manifests));
  }

  async #blob(digest: string, limit: number): Promise<Uint8Array | undefined> {
    const { hex } = parseDigest(digest); // also keeps the path inside blobs/
    const bytes = await this.#reader.read(`blobs/sha256/${hex}`);
    if (!bytes) return undefined;
    if (bytes.byteLength > limit) {
      throw new OciError('TOO_LARGE', `${this.description}: blob ${digest} is over the ${limit}-byte limit`);
    }
    assertDigest(bytes, digest, `${this.description} blob`);
    return bytes;
  }

  /** Tags present in index.json (ref names and cosign-derived `sha256-<hex>.sig/.att`). */
  tags(): string[] {
    return [...this.#tags.keys()];
  }

  async manifest(_repo: ImageReference, tagOrDigest: string): Promise<FetchedManifest | undefined> {
    let digest = tagOrDigest;
    if (!tagOrDigest.startsWith('sha256:')) {
      const d = this.#tags.get(tagOrDigest);
      if (!d) return undefined;
      digest = d.digest;
    }
    const bytes = await this.#blob(digest, MAX_LAYOUT_MANIFEST);
    if (!bytes) return undefined;
    const manifest = parseManifest(bytes);
    return { digest, bytes, mediaType: manifest.mediaType, manifest };
  }

  async blob(_repo: ImageReference, digest: string, maxBytes = 128 << 20): Promise<Uint8Array> {
    const bytes = await this.#blob(digest, maxBytes);
    if (!bytes) throw new OciError('NOT_FOUND', `${this.description}: blob ${digest} is not in the layout`);
    return bytes;
  }

  /** Referrers by scanning manifests for a matching `subject`; undefined when there are none. */
  async referrers(_repo: ImageReference, digest: string): Promise<ImageIndex | undefined> {
    const candidates = new Map<string, Descriptor>();
    for (const d of this.index.manifests) candidates.set(d.digest, d);
    if (this.#reader.list) {
      for (const name of await this.#reader.list('blobs/sha256')) {
        if (/^[a-f0-9]{64}$/.test(name) && !candidates.has(`sha256:${name}`)) {
          candidates.set(`sha256:${name}`, { mediaType: '', digest: `sha256:${name}`, size: -1 });
        }
      }
    }
    const found: Descriptor[] = [];
    for (const d of candidates.values()) {
      if (d.mediaType && !d.mediaType.includes('manifest') && !d.mediaType.includes('index')) continue;
      // Unlisted blobs are mostly layers: never read one larger than a manifest can be.
      const size = d.size >= 0 ? d.size : await this.#reader.size?.(`blobs/sha256/${d.digest.slice(7)}`);
      if (size === undefined || size > MAX_LAYOUT_MANIFEST) continue;
      const bytes = await this.#blob(d.digest, MAX_LAYOUT_MANIFEST).catch(() => undefined);
      if (!bytes || bytes[0] !== 0x7b /* { */) continue;
      let m;
      try {
        m = parseManifest(bytes);
      } catch {
        continue; // layer or config blobs that happen to be JSON
      }
      if (m.subject?.digest !== digest) continue;
      const desc: Descriptor = { mediaType: m.mediaType, digest: d.digest, size: bytes.byteLength };
      const artifactType = m.artifactType ?? (m.kind === 'manifest' ? m.config.mediaType : undefined);
      if (artifactType) desc.artifactType = artifactType;
      if (m.annotations) desc.annotations = m.annotations;
      found.push(desc);
    }
    if (found.length === 0) return undefined;
    return { kind: 'index', schemaVersion: 2, mediaType: OCI_INDEX, manifests: found };
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
  const image = manifests.find((d) => d.annotations?.[KIND] === KIND_IMAGE || d.annotations?.[KIND] === KIND_IMAGE_INDEX);
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
