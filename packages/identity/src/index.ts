// Public API of @sigguard/identity: who signed. See README.md.
export {
  IdentityError,
  PolicyInvalidError,
  PatternError,
  CertificateError,
  PublicKeyError,
  KmsUnavailableError,
  IdentityUsageError,
  RegExpEngineNotLoadedError,
  type IdentityErrorCode,
} from './errors.ts';
export { compileGoRegExp, type GoRegExp } from './regexp.ts';
export { loadGoRegExpEngine, goRegExpEngineLoaded, withGoRegExpEngine, usesGoRegExp } from './regexp-engine.ts';
export {
  FULCIO_EXTENSIONS,
  FULCIO_EXTENSION_NAMES,
  FULCIO_OID_PREFIX,
  SIGSTORE_OTHERNAME_OID,
  type FulcioExtensions,
  type FulcioExtensionName,
  type FulcioExtensionInfo,
} from './fulcio-extensions.ts';
export {
  readSignerCertificate,
  signerCertificateFromAsn1,
  signerCertificateFromParts,
  type SignerCertificate,
  type SignerCertificateParts,
  type SubjectAltName,
  type SanType,
  type CertificateExtensionInfo,
} from './certificate.ts';
export {
  compileIdentity,
  type IdentitySpec,
  type CompileIdentitiesOptions,
  type CompiledIdentity,
} from './identity-spec.ts';
export { compileIdentities, type IdentityMatcher, type IdentityMatch } from './matcher.ts';
export { kmsScheme, refuseKmsReference, KMS_SCHEMES } from './kms.ts';
export type { SigningHashAlgorithm } from '@sigguard/types';
export {
  parsePublicKey,
  parsePublicKeys,
  normaliseHashAlgorithm,
  MIN_RSA_BITS,
  type AuthorityKey,
  type ParsePublicKeyOptions,
  type EcCurve,
  type RsaScheme,
} from './public-key.ts';
export {
  validateAuthoritySigner,
  type AuthoritySignerSpec,
  type CompiledAuthoritySigner,
  type KeyRefSpec,
  type KeylessSpec,
  type ValidateAuthorityOptions,
} from './authority-spec.ts';
export {
  COSIGN_IDENTITY_FLAGS,
  takeCosignIdentityFlags,
  hasCosignIdentityFlags,
  identitySpecFromCosignFlags,
  type CosignIdentityFlags,
} from './cosign-flags.ts';
export {
  signerCertificateFromBundle,
  signerCertificateFromLegacyAnnotation,
  checkBundleIdentity,
  type BundleVerificationMaterialLike,
  type IdentityCheck,
} from './signer-material.ts';
