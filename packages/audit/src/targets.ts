// Which images an audit looks at, and the evidence given for them offline: registry repositories
// (every tag), images in a registry or an OCI layout, and bundles matched to images by digest.
import {
  bundleContent,
  bundleEvidence,
  formatImageReference,
  OciLayout,
  parseImageReference,
  parseRepositoryName,
  withDigest,
  type ArtifactSource,
  type ImageEvidence,
  type ImageReference,
  type RegistryClient,
} from '@sigguard/oci';
import { readBundleDocument, resolveSubject } from '@sigguard/image';
import type { AuditError, AuditUnverified } from './types.ts';

/** One image to audit and the evidence known for it before discovery. */
export interface AuditTarget {
  image: ImageReference & { digest: string };
  /** `registry/repo@sha256:…` */
  reference: string;
  /** Where the image and its evidence are read from; absent for bundles and Rekor entries. */
  source?: ArtifactSource;
  sourceName: string;
  manifestBytes?: Uint8Array;
  tags: string[];
  bundles: ImageEvidence[];
}

/** cosign's own tags (`sha256-<hex>`, `.sig`, `.att`, `.sbom`): evidence, not images. */
const COSIGN_TAG = /^sha256-[0-9a-f]{64}(\.[a-z]+)?$/;

export class TargetList {
  readonly #byKey = new Map<string, AuditTarget>();
  readonly #max: number;
  readonly errors: AuditError[];

  readonly #deadline: number;

  constructor(max: number, errors: AuditError[], deadline = Infinity) {
    this.#max = max;
    this.errors = errors;
    this.#deadline = deadline;
  }

  get targets(): AuditTarget[] {
    return [...this.#byKey.values()];
  }

  /** Adds an image (once per source and digest); false when the image cap is reached. */
  add(t: Omit<AuditTarget, 'reference' | 'tags' | 'bundles'>, tag?: string): boolean {
    const reference = formatImageReference(withDigest(t.image, t.image.digest));
    const key = `${t.sourceName}\n${reference}`;
    const known = this.#byKey.get(key);
    if (known) {
      if (tag && !known.tags.includes(tag)) known.tags.push(tag);
      return true;
    }
    if (Date.now() >= this.#deadline) {
      this.errors.push({
        where: reference,
        reason: 'the audit budget ran out while listing images (limits.timeoutMs)',
        code: 'TIMEOUT',
      });
      return false;
    }
    if (this.#byKey.size >= this.#max) {
      this.errors.push({
        where: reference,
        reason: `more than ${this.#max} images: the rest were not audited (limits.maxImages)`,
        code: 'LIMIT',
      });
      return false;
    }
    this.#byKey.set(key, { ...t, reference, tags: tag ? [tag] : [], bundles: [] });
    return true;
  }
}

async function addResolved(
  list: TargetList,
  source: ArtifactSource,
  ref: ImageReference,
  tag?: string,
): Promise<boolean> {
  try {
    const s = await resolveSubject(ref, source, undefined);
    const image = { registry: ref.registry, repository: ref.repository, digest: s.digest };
    return list.add(
      { image, source, sourceName: source.description, ...(s.manifestBytes ? { manifestBytes: s.manifestBytes } : {}) },
      tag,
    );
  } catch (e) {
    list.errors.push({
      where: `${formatImageReference(ref)} in ${source.description}`,
      reason: (e as Error).message,
      code: (e as { code?: string }).code ?? 'ERROR',
    });
    return true;
  }
}

/** Every tag of each repository (cosign's evidence tags excluded), resolved to a digest. */
export async function addRepositories(
  list: TargetList,
  client: RegistryClient,
  repositories: readonly string[],
  maxTags: number,
  progress: (current: string) => void,
): Promise<void> {
  for (const name of repositories) {
    const repo = parseRepositoryName(name);
    progress(name);
    let tags: string[];
    try {
      tags = await client.tags(repo);
    } catch (e) {
      list.errors.push({
        where: `tags of ${name}`,
        reason: (e as Error).message,
        code: (e as { code?: string }).code ?? 'ERROR',
      });
      continue;
    }
    const images = tags.filter((t) => !COSIGN_TAG.test(t));
    if (images.length > maxTags) {
      list.errors.push({
        where: name,
        reason:
          `${images.length} tags, over the limit of ${maxTags}: ` +
          `only the first ${maxTags} were audited (limits.maxTags)`,
        code: 'LIMIT',
      });
    }
    for (const tag of images.slice(0, maxTags)) {
      if (!(await addResolved(list, client, { ...repo, tag }, tag))) return;
    }
  }
}

/** Named images in a registry or layout. */
export async function addImages(list: TargetList, source: ArtifactSource, images: readonly string[]): Promise<void> {
  for (const ref of images) {
    const parsed = parseImageReference(ref);
    if (!(await addResolved(list, source, parsed, parsed.digest ? undefined : parsed.tag))) return;
  }
}

/** A layout's images that carry a full reference (`host/repo:tag`) as their ref name. */
export async function addLayoutImages(list: TargetList, layout: ArtifactSource): Promise<void> {
  const named = layout instanceof OciLayout ? layout.tags().filter((t) => t.includes('/') && !COSIGN_TAG.test(t)) : [];
  if (named.length === 0) {
    list.errors.push({
      where: layout.description,
      reason: 'no image with a full reference (registry/repo:tag) as its ref name: name the images to audit (--image)',
      code: 'USAGE',
    });
    return;
  }
  for (const ref of named) {
    const parsed = parseImageReference(ref);
    try {
      const s = await resolveSubject({ ...parsed, tag: ref } as ImageReference, layout, undefined);
      const image = { registry: parsed.registry, repository: parsed.repository, digest: s.digest };
      if (
        !list.add(
          {
            image,
            source: layout,
            sourceName: layout.description,
            ...(s.manifestBytes ? { manifestBytes: s.manifestBytes } : {}),
          },
          parsed.tag,
        )
      )
        return;
    } catch (e) {
      list.errors.push({
        where: `${ref} in ${layout.description}`,
        reason: (e as Error).message,
        code: (e as { code?: string }).code ?? 'ERROR',
      });
    }
  }
}

/** Images named by digest only (for bundles and Rekor entries, which carry no repository). */
export function addDigestImages(list: TargetList, images: readonly string[], sourceName: string): void {
  for (const ref of images) {
    const parsed = parseImageReference(ref);
    if (!parsed.digest) {
      list.errors.push({
        where: ref,
        reason: `${ref} has no digest: bundles and log entries are matched to images by digest (REF@sha256:…)`,
        code: 'USAGE',
      });
      continue;
    }
    if (
      !list.add({
        image: { registry: parsed.registry, repository: parsed.repository, digest: parsed.digest },
        sourceName,
      })
    )
      return;
  }
}

/** The sha256 digests a bundle signs: its message digest, or its in-toto subjects. */
export function signedDigests(bundle: object): string[] {
  const content = bundleContent(bundle);
  if (content.type === 'message-signature')
    return content.digestAlgorithm === 'SHA2_256' ? [`sha256:${content.digestHex}`] : [];
  return (content.statement?.subject ?? []).flatMap((s) =>
    typeof s.digest?.sha256 === 'string' ? [`sha256:${s.digest.sha256}`] : [],
  );
}

/** Gives each bundle to the images it signs; a bundle for none of them is listed as unverified. */
export function attachBundles(
  targets: AuditTarget[],
  bundles: readonly { name: string; bundle: string | Uint8Array | object }[],
  unverified: AuditUnverified[],
): void {
  for (const { name, bundle } of bundles) {
    const doc = readBundleDocument(bundle, name);
    const digests = signedDigests(doc);
    const mine = targets.filter((t) => digests.includes(t.image.digest));
    if (mine.length === 0) {
      unverified.push({
        evidence: name,
        reason: `signs ${digests.join(', ') || 'no sha256 digest'}, none of the audited images`,
      });
      continue;
    }
    for (const t of mine) t.bundles.push(bundleEvidence(doc, name));
  }
}
