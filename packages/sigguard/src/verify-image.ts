// verifyImage(): given an image reference and ClusterImagePolicies, find and verify every
// signature and attestation, and decide (policy-controller semantics, fail closed).
import {
  OciError,
  parseImageReference,
  RegistryClient,
  withDigest,
  formatImageReference,
  bundleEvidence,
  type ArtifactSource,
  type RegistryClientOptions,
} from '@sigguard/oci';
import { evaluatePolicies, type ClusterImagePolicy, type EvaluateOptions, type ImageRef } from '@sigguard/policy';
import { TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import {
  ATTR,
  defaultTrustRootOf,
  imageDecision,
  ImageEvidenceVerifier,
  openSubject,
  policiesAndRoots,
  readBundleDocument,
  recordFetchFailures,
  runnerFor,
  tracedDecision,
  tracedRunner,
  unresolvedDecision,
  VerifyImageError,
  type DiscoveryLimits,
  type ImageDecision,
  type StageTrace,
  type SubjectReader,
  type Telemetry,
} from '@sigguard/image';
import { cacheKey, validityWindow, VerificationCache } from './verify-image/verification-cache.ts';

export {
  VerifyImageError,
  readBundleDocument,
  ImageEvidenceVerifier,
  type VerifyImageErrorCode,
  type ImageSubject,
  type ImageEvidenceVerifierOptions,
  type DiscoveryLimits,
  type EvidenceSummary,
  type ImageDecision,
  type Attributes,
  type Telemetry,
  type TelemetrySpan,
} from '@sigguard/image';
export { VerificationCache, DEFAULT_CACHE_ENTRIES } from './verify-image/verification-cache.ts';

/** The cache verifyImage uses unless told otherwise (see VerifyImageOptions.cache). */
export const defaultVerificationCache = new VerificationCache<ImageDecision>();

export interface VerifyImageOptions {
  /**
   * Validated ClusterImagePolicies (e.g. `(await loadPolicies(yaml)).policies`), or YAML text
   * holding ClusterImagePolicy and TrustRoot documents (the TrustRoots join `trustRoots`).
   */
  policies: readonly ClusterImagePolicy[] | string;
  /** Named trust roots (TrustRoot documents), selected by an authority's `trustRootRef`. */
  trustRoots?: TrustRootSet | readonly TrustRoot[];
  /** Trust root for authorities without a trustRootRef (a TrustRoot or trusted_root.json text/object). Default: the embedded Sigstore public-good root. */
  defaultTrustRoot?: TrustRoot | string | object;
  /** Offline evidence: Sigstore bundle documents (JSON text, bytes or parsed) and/or an OCI layout. */
  evidence?: { bundles?: readonly (string | Uint8Array | object)[]; layout?: ArtifactSource };
  /** A registry client (or its options) to resolve tags and discover evidence online. */
  registry?: RegistryClient | RegistryClientOptions;
  /** For an index: verify this platform's manifest (`linux/amd64`) instead of the index digest. */
  platform?: string;
  noMatchPolicy?: EvaluateOptions['noMatchPolicy'];
  resource?: EvaluateOptions['resource'];
  /** CUE/Rego options for attestation and spec.policy evaluation (@sigguard/predicate). */
  predicate?: EvaluateOptions['predicate'];
  predicateRunner?: EvaluateOptions['predicateRunner'];
  /** Time for key-signed evidence without trusted timestamps, and Rego's time.now_ns. Default: now. */
  now?: Date;
  /** Caps and wall-clock budget of evidence discovery in a registry or layout (docs/limits.md). */
  discoveryLimits?: DiscoveryLimits;
  /**
   * Decisions for repeated identical offline evidence (verification-cache.ts says when an admission is
   * reused and for how long). Default: defaultVerificationCache, shared by the process; false: no cache;
   * or your own VerificationCache (e.g. one per tenant, or a larger one).
   */
  cache?: VerificationCache<ImageDecision> | false;
  /**
   * Spans and metrics of each decision, e.g. `openTelemetry()` from `sigguard/otel` (docs/observability.md).
   * Absent: nothing is recorded, allocated or timed for telemetry.
   */
  telemetry?: Telemetry;
}

/**
 * Verifies `ref` (which must carry a digest unless a registry or layout can resolve its tag)
 * against the policies. Usage/input problems throw VerifyImageError or OciError
 * (REFERENCE_INVALID); everything else, including registry failures, is a denial with a reason.
 */
export async function verifyImage(ref: string, options: VerifyImageOptions): Promise<ImageDecision> {
  return verifyImageOnRuntime(ref, options, {});
}

/** @internal What a runtime's entry point supplies when the caller did not (the Node entry: a worker evaluator). */
export interface RuntimeDefaults {
  evaluator?: NonNullable<VerifyImageOptions['predicate']>['evaluator'];
}

/** @internal verifyImage() with a runtime's defaults; the defaults do not change decisions, so they stay out of the cache key. */
export async function verifyImageOnRuntime(
  ref: string,
  options: VerifyImageOptions,
  defaults: RuntimeDefaults,
): Promise<ImageDecision> {
  const telemetry = options?.telemetry;
  if (!telemetry?.enabled()) return decide(ref, options, defaults);
  return tracedDecision(ref, telemetry, (trace) => decide(ref, options, defaults, trace));
}

// The steps of one decision (without telemetry, `trace` is undefined and nothing is recorded).
async function decide(
  ref: string,
  given: VerifyImageOptions,
  defaults: RuntimeDefaults,
  trace?: StageTrace,
): Promise<ImageDecision> {
  checkOptions(given);
  const cached = cachedDecision(ref, given, trace);
  if (cached.hit) return cached.hit;
  const options = withRuntimeDefaults(given, defaults);
  const inputs = await readInputs(ref, options, trace);
  let subject: SubjectReader;
  try {
    subject = await openSubject(ref, inputs.parsed, inputs.source, options.platform);
  } catch (e) {
    if (e instanceof VerifyImageError || (e instanceof OciError && e.code === 'REFERENCE_INVALID')) throw e;
    recordFetchFailures(trace, [e], inputs.source);
    return unresolvedDecision(ref, e as Error, inputs.source);
  }
  const verifier = evidenceVerifier(inputs, subject, options, trace);
  const decision = await evaluate(ref, inputs, subject, verifier, options, trace);
  const result = await imageDecision(decision, { ...inputs, verifier, subject, trace });
  return remember(cached, result, inputs);
}

function checkOptions(options: VerifyImageOptions): void {
  if (!options || (!Array.isArray(options.policies) && typeof options.policies !== 'string')) {
    throw new VerifyImageError('USAGE', 'options.policies must be ClusterImagePolicies or their YAML text');
  }
}

interface Cached {
  cache?: VerificationCache<ImageDecision>;
  key?: string | undefined;
  now: Date;
  hit?: ImageDecision | undefined;
}

/** A decision kept for identical offline evidence, or where to keep this one (verification-cache.ts). */
function cachedDecision(ref: string, options: VerifyImageOptions, trace: StageTrace | undefined): Cached {
  const cache =
    options.cache === false || options.registry || options.evidence?.layout
      ? undefined
      : (options.cache ?? defaultVerificationCache);
  const now = options.now ?? new Date();
  const key = cache && !options.predicateRunner ? cacheKeyOf(ref, options) : undefined;
  const hit = key ? cache!.get(key, now) : undefined;
  if (hit) trace?.span.setAttributes({ [ATTR.cacheHit]: true });
  return { ...(cache ? { cache } : {}), key, now, hit };
}

type Inputs = Awaited<ReturnType<typeof readInputs>>;

/** The policies, trust roots, reference, evidence source and bundle files of a call, read and checked. */
async function readInputs(ref: string, options: VerifyImageOptions, trace: StageTrace | undefined) {
  const { policies, named, warnings } = await policiesAndRoots(options);
  const defaultRoot = defaultTrustRootOf(options.defaultTrustRoot);
  const parsed = parseImageReference(ref);
  const source = sourceOf(options, trace?.telemetry);
  const docs = (options.evidence?.bundles ?? []).map((b, i) => readBundleDocument(b, `bundle #${i + 1}`));
  const bundles = docs.map((d, i) => bundleEvidence(d, `bundle #${i + 1}`));
  return { policies, named, warnings, defaultRoot, parsed, source, docs, bundles };
}

function evidenceVerifier(
  inputs: Inputs,
  subject: SubjectReader,
  options: VerifyImageOptions,
  trace: StageTrace | undefined,
): ImageEvidenceVerifier {
  const { parsed, source, bundles, named, defaultRoot } = inputs;
  return new ImageEvidenceVerifier({
    image: { registry: parsed.registry, repository: parsed.repository, digest: subject.subject.digest },
    readSubject: subject.readSubject,
    ...(source ? { source } : {}),
    bundles,
    roots: { named, default: defaultRoot },
    ...(options.now ? { now: options.now } : {}),
    ...(options.discoveryLimits ? { discoveryLimits: options.discoveryLimits } : {}),
    ...(trace ? { trace } : {}),
  });
}

/** @sigguard/policy's decision on the digest that is verified. */
function evaluate(
  ref: string,
  { policies, parsed }: Inputs,
  subject: SubjectReader,
  verifier: ImageEvidenceVerifier,
  options: VerifyImageOptions,
  trace: StageTrace | undefined,
) {
  // Match on ggcr's ref.Name() of the digest that is verified; the input stays as written.
  const verified = withDigest(parsed, subject.subject.digest);
  const image: ImageRef = { input: ref, ...verified, name: formatImageReference(verified) };
  // The decision's time also answers Rego's time.now_ns.
  const at = options.now ? { now: options.now } : {};
  const predicate = options.predicate || options.now ? { ...at, ...options.predicate } : undefined;
  const runner = trace ? tracedRunner(runnerFor({ ...options, predicate }), trace) : options.predicateRunner;
  return evaluatePolicies(image, policies, verifier, {
    ...(options.noMatchPolicy ? { noMatchPolicy: options.noMatchPolicy } : {}),
    ...(options.resource ? { resource: options.resource } : {}),
    ...(predicate ? { predicate } : {}),
    ...(runner ? { predicateRunner: runner } : {}),
  });
}

/** Admissions are kept while nothing they relied on changes validity; the caller gets the kept (frozen) copy. */
function remember({ cache, key, now }: Cached, result: ImageDecision, { defaultRoot, named, docs }: Inputs) {
  if (!cache || !key || !result.allowed) return result;
  const window = validityWindow({ roots: [defaultRoot, ...named], docs }, now);
  // The cache hands out one frozen copy; this caller gets it too, so no decision differs by being a hit.
  return window ? (cache.set(key, result, window) ?? result) : result;
}

function withRuntimeDefaults(options: VerifyImageOptions, { evaluator }: RuntimeDefaults): VerifyImageOptions {
  if (!evaluator || options.predicateRunner || options.predicate?.evaluator) return options;
  return { ...options, predicate: { ...options.predicate, evaluator } };
}

function cacheKeyOf(ref: string, options: VerifyImageOptions): string | undefined {
  const given = options.trustRoots instanceof TrustRootSet ? [...options.trustRoots] : [...(options.trustRoots ?? [])];
  return cacheKey({
    ref,
    policies: options.policies,
    trustRoots: given.map((r) => `${r.name}=${r.digest}`),
    defaultTrustRoot: options.defaultTrustRoot,
    bundles: options.evidence?.bundles ?? [],
    options: {
      platform: options.platform,
      noMatchPolicy: options.noMatchPolicy,
      resource: options.resource,
      predicate: options.predicate,
    },
  });
}

function sourceOf(options: VerifyImageOptions, telemetry: Telemetry | undefined): ArtifactSource | undefined {
  if (options.evidence?.layout && options.registry) {
    throw new VerifyImageError('USAGE', 'give either an OCI layout or a registry, not both');
  }
  if (options.evidence?.layout) return options.evidence.layout;
  if (!options.registry) return undefined;
  if (options.registry instanceof RegistryClient) return options.registry;
  // A client made here reports its requests; one the caller made has its own observeRequest (or none).
  const observe = telemetry && !options.registry.observeRequest ? { observeRequest: telemetry.observeRequest } : {};
  return new RegistryClient({ ...options.registry, ...observe });
}
