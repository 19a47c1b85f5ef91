// verifyImage(): given an image reference and ClusterImagePolicies, find and verify every
// signature and attestation, and decide (policy-controller semantics, fail closed).
import { depthProblem } from '@sigguard/input-limits';
import {
  bundleContent,
  bundleEvidence,
  formatImageReference,
  OciError,
  parseImageReference,
  RegistryClient,
  withDigest,
  type ArtifactSource,
  type Check,
  type EvidenceKind,
  type EvidenceOrigin,
  type ImageReference,
  type RegistryClientOptions,
} from '@sigguard/oci';
import {
  evaluatePolicies,
  type ClusterImagePolicy,
  type Decision,
  type EvaluateOptions,
  type ImageRef,
} from '@sigguard/policy';
import { TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import { defaultTrustRootOf, policiesAndRoots } from './verify-image/inputs.ts';
import { ImageEvidenceVerifier, type DiscoveryLimits } from './verify-image/evidence-verifier.ts';
import { resolveSubject, type ImageSubject } from './verify-image/resolve.ts';
import { VerifyImageError } from './errors.ts';
import { fetchErrorOf, type FetchError } from './verify-image/fetch-error.ts';
import { cacheKey, validityWindow, VerificationCache } from './verify-image/verification-cache.ts';
import { ATTR, type StageTrace, type Telemetry } from './telemetry/telemetry.ts';
import { recordFetchFailures, runnerFor, tracedDecision, tracedRunner } from './verify-image/traced.ts';

export { VerifyImageError, type VerifyImageErrorCode } from './errors.ts';
export type { ImageSubject } from './verify-image/resolve.ts';
export {
  ImageEvidenceVerifier,
  type ImageEvidenceVerifierOptions,
  type DiscoveryLimits,
} from './verify-image/evidence-verifier.ts';
export { VerificationCache, DEFAULT_CACHE_ENTRIES } from './verify-image/verification-cache.ts';
export type { Attributes, Telemetry, TelemetrySpan } from './telemetry/telemetry.ts';

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

export interface EvidenceSummary {
  id: string;
  origin: EvidenceOrigin;
  kind: EvidenceKind;
  predicateType?: string;
  /** Set when the evidence is no usable Sigstore bundle (a registry layer, say): why. It is counted apart. */
  unusable?: string;
}

/** The policy decision tree, plus what was verified (which digest, index or manifest) and what evidence was found. */
export interface ImageDecision extends Decision {
  subject: Omit<ImageSubject, 'manifestBytes'>;
  evidence: { source: string; found: EvidenceSummary[]; notes: Check[] };
  /**
   * Set when evidence could not be fetched: the registry was unreachable (`NETWORK`, `TIMEOUT`),
   * refused the credentials (`UNAUTHORIZED`) or failed (`REGISTRY`). A denial with it is not a
   * verdict on the image's signatures.
   */
  fetchError?: FetchError;
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

async function decide(
  ref: string,
  given: VerifyImageOptions,
  defaults: RuntimeDefaults,
  trace?: StageTrace,
): Promise<ImageDecision> {
  if (!given || (!Array.isArray(given.policies) && typeof given.policies !== 'string')) {
    throw new VerifyImageError('USAGE', 'options.policies must be ClusterImagePolicies or their YAML text');
  }
  const cache =
    given.cache === false || given.registry || given.evidence?.layout
      ? undefined
      : (given.cache ?? defaultVerificationCache);
  const now = given.now ?? new Date();
  const key = cache && !given.predicateRunner ? cacheKeyOf(ref, given) : undefined;
  const hit = key ? cache!.get(key, now) : undefined;
  if (hit) {
    trace?.span.setAttributes({ [ATTR.cacheHit]: true });
    return hit;
  }
  const options = withRuntimeDefaults(given, defaults);

  const { policies, named, warnings: parseWarnings } = await policiesAndRoots(options);
  const defaultRoot = defaultTrustRootOf(options.defaultTrustRoot);
  const parsed: ImageReference = parseImageReference(ref);
  const source = sourceOf(options, trace?.telemetry);
  const docs = (options.evidence?.bundles ?? []).map((b, i) => readBundleDocument(b, `bundle #${i + 1}`));
  const bundles = docs.map((d, i) => bundleEvidence(d, `bundle #${i + 1}`));

  // A tag (or a platform of an index) must be resolved before policies can be matched, as
  // policy-controller's mutating webhook does; a digest is only read from the source when an
  // authority needs evidence, so decisions that need none (no match, static) need no network.
  const eager = !parsed.digest || options.platform !== undefined || !source;
  let subject: ImageSubject;
  let lazy: Promise<ImageSubject> | undefined;
  try {
    subject = eager ? await resolveSubject(parsed, source, options.platform) : unreadSubject(parsed);
  } catch (e) {
    if (e instanceof VerifyImageError || (e instanceof OciError && e.code === 'REFERENCE_INVALID')) throw e;
    recordFetchFailures(trace, [e], source);
    return unresolved(ref, e as Error, source);
  }
  const readSubject = async (): Promise<Uint8Array | undefined> => {
    if (eager) return subject.manifestBytes;
    lazy ??= resolveSubject(parsed, source, undefined).catch((e: Error) => {
      const code = (e as OciError).code ?? 'REGISTRY';
      throw new OciError(code, `cannot resolve ${ref} in ${source?.description}: ${e.message}`, { cause: e });
    });
    return (await lazy).manifestBytes;
  };

  const verifier = new ImageEvidenceVerifier({
    image: { registry: parsed.registry, repository: parsed.repository, digest: subject.digest },
    readSubject,
    ...(source ? { source } : {}),
    bundles,
    roots: { named, default: defaultRoot },
    ...(options.now ? { now: options.now } : {}),
    ...(options.discoveryLimits ? { discoveryLimits: options.discoveryLimits } : {}),
    ...(trace ? { trace } : {}),
  });
  // Match on ggcr's ref.Name() of the digest that is verified; the input stays as written.
  const verified = withDigest(parsed, subject.digest);
  const image: ImageRef = { input: ref, ...verified, name: formatImageReference(verified) };
  // The decision's time also answers Rego's time.now_ns.
  const at = options.now ? { now: options.now } : {};
  const predicate = options.predicate || options.now ? { ...at, ...options.predicate } : undefined;
  const runner = trace ? tracedRunner(runnerFor({ ...options, predicate }), trace) : options.predicateRunner;
  const decision = await evaluatePolicies(image, policies, verifier, {
    ...(options.noMatchPolicy ? { noMatchPolicy: options.noMatchPolicy } : {}),
    ...(options.resource ? { resource: options.resource } : {}),
    ...(predicate ? { predicate } : {}),
    ...(runner ? { predicateRunner: runner } : {}),
  });
  const discoveries = await verifier.discoveries();
  const found = new Map<string, EvidenceSummary>();
  for (const e of [...bundles, ...discoveries.flatMap((d) => d.evidence)]) {
    const malformed = e.checks.find((c) => c.status === 'fail' && c.code === 'MALFORMED_BUNDLE');
    found.set(e.id, {
      id: e.id,
      origin: e.origin,
      kind: e.kind,
      ...(e.predicateType ? { predicateType: e.predicateType } : {}),
      ...(malformed ? { unusable: malformed.reason } : {}),
    });
  }
  const notes = discoveries.flatMap((d) => d.notes);
  if (lazy) {
    // Evidence was read: report what the registry said the digest is (or why it could not).
    try {
      subject = await lazy;
    } catch (e) {
      const code = (e as OciError).code ?? 'ERROR';
      notes.unshift({ name: 'resolve', status: 'fail', reason: (e as Error).message, code });
    }
  }
  const { manifestBytes: _bytes, ...subjectInfo } = subject;
  const warnings = [...parseWarnings, ...decision.warnings];
  if (subject.kind === 'index' && !subject.fromIndex) {
    // cosign#786: a signature on the index says nothing about its platform manifests, and vice versa.
    warnings.push(
      `${subject.reference} is a multi-arch index: the index digest was verified, not its platform manifests`,
    );
  }
  const discoveryErrors = await verifier.discoveryErrors();
  recordFetchFailures(trace, discoveryErrors, source);
  const fetchError = fetchErrorOf(discoveryErrors);
  const result: ImageDecision = {
    ...decision,
    warnings,
    ...(fetchError ? { fetchError } : {}),
    subject: subjectInfo,
    evidence: {
      source:
        [source?.description, bundles.length ? `${bundles.length} bundle file(s)` : undefined]
          .filter(Boolean)
          .join(' + ') || 'none',
      found: [...found.values()],
      notes,
    },
  };
  if (key && result.allowed) {
    const window = validityWindow({ roots: [defaultRoot, ...named], docs }, now);
    // The cache hands out one frozen copy; this caller gets it too, so no decision differs by being a hit.
    if (window) return cache!.set(key, result, window) ?? result;
  }
  return result;
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

/** A bundle given offline must at least be a Sigstore bundle document; what is inside is verified later. */
export function readBundleDocument(b: string | Uint8Array | object, name: string): object {
  let doc: unknown;
  try {
    doc = typeof b === 'string' ? JSON.parse(b) : b instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(b)) : b;
  } catch (e) {
    throw new VerifyImageError('INPUT_INVALID', `${name} is not JSON: ${(e as Error).message}`);
  }
  const deep = depthProblem(doc, 'the bundle');
  if (deep) throw new VerifyImageError('INPUT_INVALID', `${name}: ${deep}`);
  const mediaType = (doc as { mediaType?: unknown } | null)?.mediaType;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    typeof mediaType !== 'string' ||
    !mediaType.startsWith('application/vnd.dev.sigstore.bundle')
  ) {
    throw new VerifyImageError(
      'INPUT_INVALID',
      `${name} is not a Sigstore bundle (mediaType ${JSON.stringify(mediaType ?? null)})`,
    );
  }
  // A file the caller gave must be a bundle whose content can be read: one that cannot is an
  // input error naming it, never a "signature" that quietly fails somewhere in the tree.
  try {
    bundleContent(doc);
  } catch (e) {
    throw new VerifyImageError('INPUT_INVALID', `${name} is not a usable Sigstore bundle: ${(e as Error).message}`);
  }
  return doc;
}

/** A digest-pinned image not (yet) read from any source. */
function unreadSubject(ref: ImageReference): ImageSubject {
  return { reference: formatImageReference(withDigest(ref, ref.digest!)), digest: ref.digest!, kind: 'unknown' };
}

/** The image could not be resolved or fetched: deny, saying why. */
function unresolved(ref: string, e: Error, source: ArtifactSource | undefined): ImageDecision {
  const code = (e as { code?: string }).code ?? 'ERROR';
  const reason = `cannot resolve ${ref} in ${source?.description ?? 'the given evidence'}: ${e.message}`;
  const fetchError = fetchErrorOf([e]);
  return {
    ...(fetchError ? { fetchError } : {}),
    allowed: false,
    summary: `denied: ${reason}`,
    warnings: [],
    image: { input: ref, name: ref },
    matchedPolicies: [],
    policies: [],
    subject: { reference: ref, digest: '', kind: 'unknown' },
    evidence: {
      source: source?.description ?? 'none',
      found: [],
      notes: [{ name: 'resolve', status: 'fail', reason, code }],
    },
  };
}
