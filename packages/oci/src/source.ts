import type { FetchedManifest, ImageIndex } from './manifest.ts';
import type { ImageReference } from './reference.ts';

/**
 * Where manifests and blobs come from: a registry (RegistryClient) or an OCI image layout
 * (OciLayout). Evidence discovery works over this and nothing else.
 */
export interface ArtifactSource {
  /** For messages: `registry 127.0.0.1:5000`, `OCI layout ./dir`. */
  readonly description: string;
  /** Manifest by tag or digest; undefined when it does not exist. Bytes are digest-checked. */
  manifest(repo: ImageReference, tagOrDigest: string): Promise<FetchedManifest | undefined>;
  /** Blob by digest, digest-checked, at most `maxBytes`. */
  blob(repo: ImageReference, digest: string, maxBytes?: number): Promise<Uint8Array>;
  /** The OCI 1.1 referrers API; undefined when the source does not offer it (use the fallback tag). */
  referrers(repo: ImageReference, digest: string): Promise<ImageIndex | undefined>;
}
