// The image configuration(s) of an image, for a ClusterImagePolicy's spec.policy.fetchConfigFile
// (policy-controller passes them to the CIP-level policy keyed by platform).
import { OciError } from './errors.ts';
import { MAX_MANIFEST_BYTES } from './limits.ts';
import type { ImageReference } from './reference.ts';
import type { ArtifactSource } from './source.ts';

/** An OCI image configuration as far as its platform is concerned; the rest is kept as read. */
export interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
  [key: string]: unknown;
}

/**
 * The config of each platform manifest of `image` (of the manifest itself for a single-platform image),
 * keyed `<os>/<arch>[/<variant>]` ("unknown" for a missing os or architecture). Blobs are digest-checked
 * by the source; a missing manifest throws NOT_FOUND.
 */
export async function fetchImageConfigs(
  source: ArtifactSource,
  image: ImageReference & { digest: string },
): Promise<Record<string, ImageConfig>> {
  const top = await source.manifest(image, image.digest);
  if (!top) throw new OciError('NOT_FOUND', `manifest ${image.digest} not found`);
  const manifests = top.manifest.kind === 'index' ? top.manifest.manifests.map((d) => d.digest) : [image.digest];
  const out: Record<string, ImageConfig> = {};
  for (const d of manifests) {
    const m = d === image.digest ? top : await source.manifest(image, d);
    if (m?.manifest.kind !== 'manifest') continue;
    const bytes = await source.blob(image, m.manifest.config.digest, MAX_MANIFEST_BYTES);
    const config = JSON.parse(new TextDecoder().decode(bytes)) as ImageConfig;
    out[
      [config.os ?? 'unknown', config.architecture ?? 'unknown', ...(config.variant ? [config.variant] : [])].join('/')
    ] = config;
  }
  return out;
}
