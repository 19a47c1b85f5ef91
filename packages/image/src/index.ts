// @sigguard/image: the steps of verifying one image against ClusterImagePolicies, which the facade's
// verifyImage() and auditSigners() wire together. One file per step.
export { VerifyImageError, AuthorityConfigError, type VerifyImageErrorCode } from './errors.ts';
export { loadPolicies, type LoadedPolicies, type LoadPoliciesOptions } from './policy-text.ts';
export { policiesAndRoots, defaultTrustRootOf, type PolicyInputs } from './inputs.ts';
export { readBundleDocument } from './bundle-document.ts';
export { resolveSubject, type ImageSubject } from './resolve.ts';
export { openSubject, type SubjectReader } from './subject-reader.ts';
export {
  ImageEvidenceVerifier,
  type ImageEvidenceVerifierOptions,
  type DiscoveryLimits,
} from './evidence-verifier.ts';
export { authorityVerifyOptions, type AuthorityVerifyOptions, type TrustRoots } from './authority-options.ts';
export { FETCH_ERROR_CODES, fetchErrorOf, type FetchError } from './fetch-error.ts';
export { imageDecision, type DecisionContext, type EvidenceSummary, type ImageDecision } from './decision.ts';
export { openSubjectOrDeny, unresolvedDecision } from './open-subject.ts';
export {
  checkOptions,
  withRuntimeDefaults,
  type RuntimeDefaults,
  type VerifyImageOptions,
} from './options.ts';
export { readInputs, type CallInputs } from './call-inputs.ts';
export { evaluateImage, evidenceVerifierFor } from './evaluate.ts';
export { VerificationCache, DEFAULT_CACHE_ENTRIES } from './cache/verification-cache.ts';
export {
  cachedDecision,
  defaultVerificationCache,
  rememberDecision,
  type CachedDecision,
  type DecisionMaterial,
} from './cache/decision-cache.ts';
export {
  ATTR,
  errorTypeOf,
  type AttributeValue,
  type Attributes,
  type StageTrace,
  type Telemetry,
  type TelemetrySpan,
} from './telemetry/telemetry.ts';
export { recordFetchFailures } from './telemetry/traced-stages.ts';
export { runnerFor, tracedDecision, tracedRunner } from './telemetry/traced.ts';
