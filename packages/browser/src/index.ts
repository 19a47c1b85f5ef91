// @sigguard/browser: the verification API of sigguard for browsers. Built into one ESM file
// (dist/sigguard.browser.js) in which `crypto`, `util` and `Buffer` are synchronous shims
// (src/shims), so unmodified @sigstore/verify gives the same answers as in Node. The async verifyBundle
// also uses WebCrypto for the signature checks it can make (verify-bundle-webcrypto.ts).
export { verifyBundle } from './verify-bundle-webcrypto.ts';
export { verdictsUsed as webCryptoVerdictsUsed } from './shims/verdicts.ts';
export {
  verifyBundleSync,
  BundleVerificationError,
  CHECK_NAMES,
  parseArtifactDigest,
  publicKeyFromPem,
  describeBundle,
  SUPPORTED_BUNDLE_MEDIA_TYPES,
} from '@sigguard/verify';
export type {
  VerifyBundleOptions,
  BundleVerification,
  BundleSigner,
  VerifyErrorCode,
  Check,
  CheckStatus,
  CheckName,
  ArtifactDigest,
  InTotoStatement,
  TrustedPublicKey,
} from '@sigguard/verify';
export { parseTrustedRoot, publicGoodTrustRoot } from '@sigguard/trust-root';
export type { TrustRoot } from '@sigguard/trust-root';
export {
  compileIdentities,
  compileGoRegExp,
  loadGoRegExpEngine,
  goRegExpEngineLoaded,
  readSignerCertificate,
  parsePublicKey,
  IdentityError,
} from '@sigguard/identity';
export type {
  IdentitySpec,
  IdentityMatcher,
  IdentityMatch,
  SignerCertificate,
  GoRegExp,
  AuthorityKey,
} from '@sigguard/identity';
