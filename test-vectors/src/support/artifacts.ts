// Builds images, cosign legacy signature/attestation manifests and Sigstore-bundle referrers,
// and writes them to a registry (RegistryClient) or an OCI layout directory.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a test pushes: structurally @sigguard/oci's ImageReference (test-vectors depends on no sigguard package). */
interface ImageReference {
  registry: string;
  repository: string;
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export interface Sink {
  pushBlob(repo: ImageReference, bytes: Uint8Array): Promise<string>;
  pushManifest(repo: ImageReference, bytes: Uint8Array, mediaType: string, tag?: string): Promise<string>;
}

export interface Pushed {
  digest: string;
  bytes: Uint8Array;
  size: number;
  mediaType: string;
}

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
export const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function blobDesc(
  sink: Sink,
  repo: ImageReference,
  bytes: Uint8Array,
  mediaType: string,
  annotations?: Record<string, string>,
) {
  const digest = await sink.pushBlob(repo, bytes);
  return { mediaType, digest, size: bytes.length, ...(annotations ? { annotations } : {}) };
}

async function manifest(sink: Sink, repo: ImageReference, doc: Record<string, unknown>, tag?: string): Promise<Pushed> {
  const bytes = enc(doc);
  const mediaType = String(doc.mediaType);
  const digest = await sink.pushManifest(repo, bytes, mediaType, tag);
  return { digest, bytes, size: bytes.length, mediaType };
}

/** A small unsigned image (random content unless `seed` is given). */
export async function pushImage(sink: Sink, repo: ImageReference, seed: string, tag?: string): Promise<Pushed> {
  const config = await blobDesc(
    sink,
    repo,
    enc({ architecture: 'amd64', os: 'linux', seed }),
    'application/vnd.oci.image.config.v1+json',
  );
  const layer = await blobDesc(
    sink,
    repo,
    new TextEncoder().encode(`layer ${seed}`),
    'application/vnd.oci.image.layer.v1.tar',
  );
  return manifest(sink, repo, { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [layer] }, tag);
}

/** A multi-arch index over the given platform manifests. */
export async function pushIndex(sink: Sink, repo: ImageReference, children: Pushed[], tag?: string): Promise<Pushed> {
  const platforms = ['amd64', 'arm64', 's390x'];
  const manifests = children.map((c, i) => ({
    mediaType: c.mediaType,
    digest: c.digest,
    size: c.size,
    platform: { architecture: platforms[i % 3], os: 'linux' },
  }));
  return manifest(sink, repo, { schemaVersion: 2, mediaType: OCI_INDEX, manifests }, tag);
}

/** A cosign legacy object (`sha256-<hex>.sig` or `.att`): one layer per signature. */
export async function pushLegacy(
  sink: Sink,
  repo: ImageReference,
  imageDigest: string,
  suffix: 'sig' | 'att',
  layers: { bytes: Uint8Array; annotations: Record<string, string> }[],
  tagPrefix = '',
): Promise<Pushed> {
  const mediaType =
    suffix === 'sig' ? 'application/vnd.dev.cosign.simplesigning.v1+json' : 'application/vnd.dsse.envelope.v1+json';
  const config = await blobDesc(
    sink,
    repo,
    enc({ architecture: '', os: '', config: {}, rootfs: { type: 'layers', diff_ids: [] } }),
    'application/vnd.oci.image.config.v1+json',
  );
  const descs = [];
  for (const l of layers) descs.push(await blobDesc(sink, repo, l.bytes, mediaType, l.annotations));
  const tag = `${tagPrefix}${imageDigest.replace(':', '-')}.${suffix}`;
  return manifest(sink, repo, { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: descs }, tag);
}

/**
 * A Sigstore bundle as an OCI 1.1 referrer (cosign v3 layout). With `fallbackTag`, also
 * maintains the `sha256-<hex>` referrers index the way clients do for registries without the API.
 */
export async function pushBundleReferrer(
  sink: Sink,
  repo: ImageReference,
  subject: Pushed,
  bundle: unknown,
  opts: { fallbackTag?: { existing: unknown[] }; artifactType?: string; annotations?: Record<string, string> } = {},
): Promise<Pushed> {
  const empty = await blobDesc(sink, repo, new TextEncoder().encode('{}'), 'application/vnd.oci.empty.v1+json');
  const layer = await blobDesc(sink, repo, enc(bundle), BUNDLE_V03);
  const artifactType = opts.artifactType ?? BUNDLE_V03;
  const m = await manifest(sink, repo, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType,
    config: empty,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z', ...opts.annotations },
  });
  if (opts.fallbackTag) {
    opts.fallbackTag.existing.push({ mediaType: OCI_MANIFEST, digest: m.digest, size: m.size, artifactType });
    await manifest(
      sink,
      repo,
      { schemaVersion: 2, mediaType: OCI_INDEX, manifests: opts.fallbackTag.existing },
      subject.digest.replace(':', '-'),
    );
  }
  return m;
}

/** A Sink writing an OCI image layout directory; `finish()` writes index.json. */
export class LayoutWriter implements Sink {
  readonly dir: string;
  readonly index: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[] = [];
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  }
  async pushBlob(_repo: ImageReference, bytes: Uint8Array): Promise<string> {
    const digest = sha256(bytes);
    writeFileSync(join(this.dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return digest;
  }
  async pushManifest(repo: ImageReference, bytes: Uint8Array, mediaType: string, tag?: string): Promise<string> {
    const digest = await this.pushBlob(repo, bytes);
    if (tag) {
      const i = this.index.findIndex((d) => d.annotations?.['org.opencontainers.image.ref.name'] === tag);
      if (i >= 0) this.index.splice(i, 1);
    }
    this.index.push({
      mediaType,
      digest,
      size: bytes.length,
      ...(tag ? { annotations: { 'org.opencontainers.image.ref.name': tag } } : {}),
    });
    this.finish();
    return digest;
  }
  finish(): void {
    writeFileSync(
      join(this.dir, 'index.json'),
      JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: this.index }),
    );
  }
}

/** cosign's older referrer flavours: `--experimental-oci11` signatures or in-toto attestation referrers. */
export async function pushLegacyReferrer(
  sink: Sink,
  repo: ImageReference,
  subject: Pushed,
  suffix: 'sig' | 'att',
  layers: { bytes: Uint8Array; annotations: Record<string, string> }[],
): Promise<Pushed> {
  const artifactType =
    suffix === 'sig' ? 'application/vnd.dev.cosign.artifact.sig.v1+json' : 'application/vnd.in-toto+json';
  const mediaType =
    suffix === 'sig' ? 'application/vnd.dev.cosign.simplesigning.v1+json' : 'application/vnd.dsse.envelope.v1+json';
  const config = await blobDesc(sink, repo, new TextEncoder().encode('{}'), artifactType);
  const descs = [];
  for (const l of layers) descs.push(await blobDesc(sink, repo, l.bytes, mediaType, l.annotations));
  return manifest(sink, repo, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType,
    config,
    layers: descs,
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
  });
}
