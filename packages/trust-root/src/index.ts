// Public API: see this package's README.
export * from './trusted-root.ts';
export * from './public-good.ts';
// Trust sources: TUF (online and air-gapped mirrorFS), TrustRoot resources, pinning, chain override.
export { TrustRootLoadError, type TrustRootLoadReason } from './errors.ts';
export { unpackMirrorFs, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type RepositoryFiles } from './mirror-fs.ts';
export { TufRepository, type TufClientOptions, type TufLimits } from './tuf/client.ts';
export { MemoryTufSource, HttpTufSource, type TufSource, type FetchLike } from './tuf/source.ts';
export { MemoryTufCache, type TufCache } from './tuf/cache.ts';
export { trustRootFromTuf, DEFAULT_TRUSTED_ROOT_TARGET } from './tuf/trust-material.ts';
export { logIdOf, legacyTrustedRootJson, sigstoreKeysTrustedRootJson, type SigstoreKeysSpec } from './material.ts';
export {
  parseTrustRootYaml,
  parseTrustRootResource,
  TRUST_ROOT_API_VERSION,
  ROOT_SHA256_ANNOTATION,
  type TrustRootResource,
  type RepositorySpec,
  type RemoteSpec,
  type ParseTrustRootYamlOptions,
} from './resource.ts';
export {
  loadTrustRootResource,
  loadTrustRootFromTuf,
  refreshPublicGoodTrustRoot,
  checkPinnedRoot,
  type LoadTrustRootOptions,
  type RemoteTufOptions,
} from './load.ts';
export {
  TrustRootSet,
  composeTrustRoot,
  loadTrustRootResources,
  loadTrustRootsFromYaml,
  withCertificateChain,
  type TrustRootSources,
} from './trust-root-set.ts';
export {
  inspectTrustRoot,
  type TrustRootInspection,
  type AuthorityInspection,
  type CertificateInfo,
} from './inspect.ts';
