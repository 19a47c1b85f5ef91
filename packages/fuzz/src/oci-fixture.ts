// A small OCI image with one referrer (a Sigstore bundle artifact), as blobs by digest: the
// material the layout and registry targets serve, intact or damaged.
import { createHash } from 'node:crypto';

export interface Blob {
  digest: string;
  bytes: Uint8Array;
  mediaType: string;
  role: string;
}

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
export const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function blob(role: string, mediaType: string, bytes: Uint8Array): Blob {
  return { role, mediaType, bytes, digest: sha256(bytes) };
}

export interface OciFixture {
  config: Blob;
  layer: Blob;
  image: Blob;
  bundle: Blob;
  referrer: Blob;
  index: Uint8Array;
  all: Blob[];
}

export function ociFixture(): OciFixture {
  const config = blob(
    'config',
    'application/vnd.oci.image.config.v1+json',
    enc({ architecture: 'amd64', os: 'linux' }),
  );
  const layer = blob('layer', 'application/vnd.oci.image.layer.v1.tar+gzip', new TextEncoder().encode('layer bytes'));
  const desc = (b: Blob) => ({ mediaType: b.mediaType, digest: b.digest, size: b.bytes.length });
  const image = blob(
    'image manifest',
    'application/vnd.oci.image.manifest.v1+json',
    enc({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: desc(config),
      layers: [desc(layer)],
    }),
  );
  const bundle = blob(
    'bundle',
    'application/vnd.dev.sigstore.bundle.v0.3+json',
    enc({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }),
  );
  const referrer = blob(
    'referrer manifest',
    'application/vnd.oci.image.manifest.v1+json',
    enc({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(enc({})), size: 2 },
      layers: [desc(bundle)],
      subject: desc(image),
    }),
  );
  const empty = blob('empty config', 'application/vnd.oci.empty.v1+json', enc({}));
  const index = enc({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ ...desc(image), annotations: { 'org.opencontainers.image.ref.name': 'v1' } }, desc(referrer)],
  });
  return { config, layer, image, bundle, referrer, index, all: [config, layer, image, bundle, referrer, empty] };
}
