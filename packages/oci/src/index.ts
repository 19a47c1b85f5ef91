// @sigguard/oci: find Sigstore evidence for an image in registries and OCI layouts.
export { OciError, type OciErrorCode } from './errors.ts';
export { parseDigest, isDigest, digestOf, sha256Hex, digestTag, type Digest } from './digest.ts';
export {
  parseImageReference,
  parseRepositoryName,
  formatImageReference,
  repositoryName,
  withDigest,
  DOCKER_HUB,
  type ImageReference,
} from './reference.ts';
export {
  parseManifest,
  type Manifest,
  type ImageManifest,
  type ImageIndex,
  type Descriptor,
  type FetchedManifest,
} from './manifest.ts';
export * as mediaTypes from './media-types.ts';
export { RegistryClient, type RegistryClientOptions } from './registry-client.ts';
export type { RegistryCredential, CredentialProvider } from './auth.ts';
export { request, readLimited, type FetchLike, type HttpOptions, type RequestObserver } from './http.ts';
export { base64Decode, base64Encode, hexDecode, pemBlocks } from './encoding.ts';
export type { ArtifactSource } from './source.ts';
export { OciLayout, cosignSavedImage, type LayoutReader, type LayoutOptions } from './layout.ts';
export {
  filesLayoutReader,
  openOciLayoutFiles,
  type LayoutFiles,
  type LayoutFileContent,
  type LayoutFileLike,
  type BlobLike,
} from './layout-files.ts';
export { resolveImage, type ResolvedImage } from './image.ts';
export { fetchImageConfigs, type ImageConfig } from './image-configs.ts';
export * as ociLimits from './limits.ts';
export { discoverEvidence, bundleEvidence, type DiscoveryOptions, type DiscoveryResult } from './discovery.ts';
export { convertLegacyLayer, BUNDLE_V01, type LegacyLayer, type ConvertedLayer } from './legacy.ts';
export {
  bundleContent,
  evidenceKindOf,
  checkImageBinding,
  parseStatement,
  type BundleContent,
  type InTotoStatement,
} from './bundle-content.ts';
export type { Check, CheckStatus, ImageEvidence, EvidenceKind, EvidenceOrigin } from './evidence.ts';
