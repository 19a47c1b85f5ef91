// The private Sigstore instance used by tests; see README.md.
export {
  createTestSigstore,
  sharedTestSigstore,
  publicKeyHint,
  TestSigstore,
  IN_TOTO_PAYLOAD_TYPE,
} from './sigstore.ts';
export type { SignInput, KeylessSignInput, KeySignInput, SignedBundle, TestSigstoreOptions } from './sigstore.ts';
export { generateKeyPair, KeyPair, KEY_TYPES } from './pki/keys.ts';
export type { KeyType } from './pki/keys.ts';
export { TestFulcio } from './pki/fulcio.ts';
export type { LeafRequest } from './pki/fulcio.ts';
export { fulcioExtensions, githubWorkflowExtensions, FULCIO_EXTENSION_OIDS } from './pki/fulcio-extensions.ts';
export type { FulcioExtensionValues, IssuerEncoding } from './pki/fulcio-extensions.ts';
export { selfSignedCA, intermediateCA, certPEM, randomSerial } from './pki/certificates.ts';
export type { IssuedCertificate } from './pki/certificates.ts';
export { TestCTLog } from './pki/ct-log.ts';
export { TestTSA } from './pki/tsa.ts';
export { TestRekor, hashedrekordBody, dsseBody, intotoBody, hashedrekordV2Body, dsseV2Body } from './log/rekor.ts';
export type { TLogEntryJSON, AppendedEntry, RekorV2Verifier } from './log/rekor.ts';
export { rekorApiEntry } from './log/rekor-api.ts';
export type { RekorApiEntry, RekorApiLogEntry } from './log/rekor-api.ts';
export { buildBundle, BUNDLE_MEDIA_TYPES } from './bundle/build.ts';
export type { BundleJSON, BundleVersion, DSSEEnvelopeJSON } from './bundle/build.ts';
export { TRUSTED_ROOT_MEDIA_TYPE } from './trusted-root.ts';
export type { TrustedRootJSON } from './trusted-root.ts';
export { canonicalJSON, toPEM, sha256 } from './encoding.ts';
export {
  cosignLegacySignature,
  cosignLegacyAttestation,
  rekorBundleAnnotation,
  simpleSigningPayload,
  ANNOTATION_SIGNATURE,
  ANNOTATION_CERTIFICATE,
  ANNOTATION_CHAIN,
  ANNOTATION_BUNDLE,
  ANNOTATION_RFC3161,
} from './cosign.ts';
export type { CosignLegacyLayer, CosignSigner, CosignSignOptions, RekorBundleAnnotation } from './cosign.ts';
export { loadVectors, vectorPath, VECTORS_DIR } from './vectors/expected.ts';
export type { ExpectedJSON, ExpectedCaseJSON, LoadedCase } from './vectors/expected.ts';
export { ALICE, buildCases, SIGNED_AT, VERIFY_AT, VERIFY_LATE } from './vectors/cases.ts';
export type { FailureCode, Outcome } from './vectors/cases.ts';
export { buildRepository, singleKeyRoot, mirrorFsInMemory, repositoryTrustRootYaml, TufKey } from './tuf/repository.ts';
export type { RepositoryInput, RootVersion, TargetInput } from './tuf/repository.ts';
export { OpenSslTsa, openSslTsaUnavailable } from './pki/openssl-tsa.ts';
