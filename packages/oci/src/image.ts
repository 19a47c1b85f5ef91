import { OciError } from './errors.ts';
import type { Descriptor } from './manifest.ts';
import { formatImageReference, withDigest, type ImageReference } from './reference.ts';
import type { ArtifactSource } from './source.ts';

/** The image being verified: its digest, and whether that digest is an index or one platform's manifest. */
export interface ResolvedImage {
  reference: ImageReference; // with digest
  digest: string;
  /** `index` for a multi-arch image index / manifest list; `manifest` for a single image. */
  kind: 'index' | 'manifest';
  mediaType: string;
  /** For an index: its platform manifests. */
  platforms?: Descriptor[];
  /** True when the digest came from resolving a tag (the tag is not trusted afterwards). */
  resolvedFromTag: boolean;
}

/**
 * Resolves a tag to a digest (if needed) and fetches the manifest, digest-checked, to learn
 * whether this is an index or a platform manifest.
 */
export async function resolveImage(source: ArtifactSource, ref: ImageReference): Promise<ResolvedImage> {
  const target = ref.digest ?? ref.tag;
  if (!target) throw new OciError('REFERENCE_INVALID', `${formatImageReference(ref)} has neither tag nor digest`);
  const m = await source.manifest(ref, target);
  if (!m) throw new OciError('NOT_FOUND', `${formatImageReference(ref)} not found in ${source.description}`);
  const out: ResolvedImage = {
    reference: withDigest(ref, m.digest),
    digest: m.digest,
    kind: m.manifest.kind,
    mediaType: m.manifest.mediaType,
    resolvedFromTag: !ref.digest,
  };
  if (m.manifest.kind === 'index') out.platforms = m.manifest.manifests;
  return out;
}
