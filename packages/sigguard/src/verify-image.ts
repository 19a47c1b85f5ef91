// verifyImage(): given an image reference and ClusterImagePolicies, find and verify every
// signature and attestation, and decide (policy-controller semantics, fail closed).
// The steps are @sigguard/image's; this file wires them.
import {
  cachedDecision,
  checkOptions,
  evaluateImage,
  evidenceVerifierFor,
  imageDecision,
  openSubjectOrDeny,
  readInputs,
  rememberDecision,
  tracedDecision,
  withRuntimeDefaults,
  type ImageDecision,
  type RuntimeDefaults,
  type StageTrace,
  type Telemetry,
  type VerifyImageOptions,
} from '@sigguard/image';

export {
  defaultVerificationCache,
  DEFAULT_CACHE_ENTRIES,
  ImageEvidenceVerifier,
  readBundleDocument,
  VerificationCache,
  VerifyImageError,
  type Attributes,
  type DiscoveryLimits,
  type EvidenceSummary,
  type ImageDecision,
  type ImageEvidenceVerifierOptions,
  type ImageSubject,
  type RuntimeDefaults,
  type Telemetry,
  type TelemetrySpan,
  type VerifyImageErrorCode,
  type VerifyImageOptions,
} from '@sigguard/image';

/**
 * Verifies `ref` (which must carry a digest unless a registry or layout can resolve its tag)
 * against the policies. Usage/input problems throw VerifyImageError or OciError
 * (REFERENCE_INVALID); everything else, including registry failures, is a denial with a reason.
 */
// (verifyImage and verifyImageOnRuntime hand on decide()'s promise: an async function around it would only add
// promises. Everything that can throw runs inside an async function, so errors still reject.)
export function verifyImage(ref: string, options: VerifyImageOptions): Promise<ImageDecision> {
  return verifyImageOnRuntime(ref, options, {});
}

/** @internal verifyImage() with a runtime's defaults; the defaults do not change decisions, so they stay out of the cache key. */
export function verifyImageOnRuntime(
  ref: string,
  options: VerifyImageOptions,
  defaults: RuntimeDefaults,
): Promise<ImageDecision> {
  if (options?.telemetry === undefined) return decide(ref, options, defaults);
  return tracedOrNot(ref, options, defaults, options.telemetry);
}

async function tracedOrNot(
  ref: string,
  options: VerifyImageOptions,
  defaults: RuntimeDefaults,
  telemetry: Telemetry,
): Promise<ImageDecision> {
  if (!telemetry?.enabled()) return await decide(ref, options, defaults);
  return await tracedDecision(ref, telemetry, (trace) => decide(ref, options, defaults, trace));
}

// One decision (without telemetry `trace` is undefined and nothing is recorded).
async function decide(ref: string, given: VerifyImageOptions, defaults: RuntimeDefaults, trace?: StageTrace) {
  checkOptions(given);
  const cached = cachedDecision(ref, given, trace);
  if (cached.hit) return cached.hit;
  const options = withRuntimeDefaults(given, defaults);
  const inputs = await readInputs(ref, options, trace);
  const subject = await openSubjectOrDeny(ref, inputs, options.platform, trace);
  if ('denied' in subject) return subject.denied;
  const verifier = evidenceVerifierFor(inputs, subject, options, trace);
  const decision = await evaluateImage(ref, inputs, subject, verifier, options, trace);
  const result = await imageDecision(decision, { ...inputs, verifier, subject, trace });
  return rememberDecision(cached, result, inputs);
}
