// Public API: see this package's README.
export { verifyBundle, verifyBundleSync } from './verify-bundle.ts';
// For @sigguard/browser's WebCrypto-assisted verifyBundle (see fast/speculative.ts).
export { speculatively } from './fast/speculative.ts';
export type { VerifyBundleOptions, BundleVerification, BundleSigner } from './verify-bundle.ts';
export { BundleVerificationError, isInputError } from './errors.ts';
export type { VerifyErrorCode } from './errors.ts';
export { CHECK_NAMES } from './checks.ts';
export type { Check, CheckStatus, CheckName } from './checks.ts';
export { parseBundle, describeBundle, SUPPORTED_BUNDLE_MEDIA_TYPES, DEFAULT_MAX_BUNDLE_BYTES } from './bundle-input.ts';
export { parseArtifactDigest, IN_TOTO_PAYLOAD_TYPE } from './artifact.ts';
export type { ArtifactDigest, InTotoStatement } from './artifact.ts';
export { publicKeyFromPem } from './trust-material.ts';
export type { TrustedPublicKey, PublicKeyFromPemOptions } from './trust-material.ts';
export { KEY_HASH_ALGORITHMS } from './key-signature.ts';
export type { KeyHashAlgorithm, RsaSignatureScheme } from './key-signature.ts';
