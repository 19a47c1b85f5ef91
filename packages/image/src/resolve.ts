// Which digest is verified: the given one, or a tag resolved through a registry/layout, and
// whether it is an index or a platform manifest (optionally picking one platform).
import { formatImageReference, OciError, resolveImage, type ArtifactSource, type ImageReference } from '@sigguard/oci';
import { VerifyImageError } from './errors.ts';

export interface ImageSubject {
  /** `registry/repo@sha256:…` that was verified. */
  reference: string;
  digest: string;
  /** index = a multi-arch image index was verified; manifest = one image manifest; unknown = not fetched (offline bundles only). */
  kind: 'index' | 'manifest' | 'unknown';
  mediaType?: string;
  /** Set when a platform was picked out of an index: the index it came from and the platform. */
  fromIndex?: { digest: string; platform: string };
  /** Platforms an index lists (`os/arch[/variant]`). */
  platforms?: string[];
  /** The tag the digest was resolved from (the tag itself is not trusted afterwards). */
  resolvedFromTag?: string;
  manifestBytes?: Uint8Array;
}

const platformOf = (p: { os: string; architecture: string; variant?: string } | undefined) =>
  p ? [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/') : 'unknown';

/** Without a registry or layout: the digest the reference gives, not read from anywhere. */
export function offlineSubject(ref: ImageReference, platform: string | undefined): ImageSubject {
  if (!ref.digest) {
    throw new VerifyImageError(
      'DIGEST_REQUIRED',
      `${formatImageReference(ref)} has no digest: give IMAGE@sha256:… (a tag is only resolved through a registry or OCI layout)`,
    );
  }
  if (platform)
    throw new VerifyImageError(
      'USAGE',
      'a platform can only be chosen when the index can be fetched (registry or OCI layout)',
    );
  return {
    reference: formatImageReference({ ...ref, tag: undefined } as ImageReference),
    digest: ref.digest,
    kind: 'unknown',
  };
}

export async function resolveSubject(
  ref: ImageReference,
  source: ArtifactSource | undefined,
  platform: string | undefined,
): Promise<ImageSubject> {
  if (!source) return offlineSubject(ref, platform);
  const resolved = await resolveImage(source, ref);
  const tag = ref.digest ? undefined : ref.tag;
  let subject: ImageSubject = {
    reference: formatImageReference(resolved.reference),
    digest: resolved.digest,
    kind: resolved.kind,
    mediaType: resolved.mediaType,
    ...(tag ? { resolvedFromTag: tag } : {}),
  };
  if (resolved.platforms) subject.platforms = resolved.platforms.map((d) => platformOf(d.platform));
  const top = await source.manifest(ref, resolved.digest);
  if (top) subject.manifestBytes = top.bytes;
  if (platform) {
    if (resolved.kind !== 'index') {
      throw new VerifyImageError(
        'USAGE',
        `--platform ${platform}: ${subject.reference} is a single image manifest, not an index`,
      );
    }
    const child = resolved.platforms?.find((d) => platformOf(d.platform) === platform);
    if (!child) {
      throw new VerifyImageError(
        'PLATFORM_NOT_FOUND',
        `no child with platform ${platform} in index ${resolved.digest} (has ${subject.platforms?.join(', ') || 'none'})`,
      );
    }
    const m = await source.manifest(ref, child.digest);
    if (!m) throw new OciError('NOT_FOUND', `platform manifest ${child.digest} of index ${resolved.digest} not found`);
    subject = {
      reference: formatImageReference({ registry: ref.registry, repository: ref.repository, digest: child.digest }),
      digest: child.digest,
      kind: m.manifest.kind,
      mediaType: m.manifest.mediaType,
      fromIndex: { digest: resolved.digest, platform },
      manifestBytes: m.bytes,
      ...(tag ? { resolvedFromTag: tag } : {}),
    };
  }
  return subject;
}
