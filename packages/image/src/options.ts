// What a caller gives verifyImage(): policies, trust roots, evidence (offline or a registry), and how to decide.
import type { ArtifactSource, RegistryClient, RegistryClientOptions } from '@sigguard/oci';
import type { ClusterImagePolicy, EvaluateOptions } from '@sigguard/policy';
import type { TrustRoot, TrustRootSet } from '@sigguard/trust-root';
import type { VerificationCache } from './cache/verification-cache.ts';
import type { ImageDecision } from './decision.ts';
import type { DiscoveryLimits } from './evidence-verifier.ts';
import { VerifyImageError } from './errors.ts';
import type { Telemetry } from './telemetry/telemetry.ts';

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

/** @internal What a runtime's entry point supplies when the caller did not (the Node entry: a worker evaluator). */
export interface RuntimeDefaults {
  evaluator?: NonNullable<VerifyImageOptions['predicate']>['evaluator'];
}

/** The options a runtime's defaults fill in; the defaults do not change decisions. */
export function withRuntimeDefaults(options: VerifyImageOptions, { evaluator }: RuntimeDefaults): VerifyImageOptions {
  if (!evaluator || options.predicateRunner || options.predicate?.evaluator) return options;
  return { ...options, predicate: { ...options.predicate, evaluator } };
}

/** Refuses options without policies (a usage error, not a denial). */
export function checkOptions(options: VerifyImageOptions): void {
  if (!options || (!Array.isArray(options.policies) && typeof options.policies !== 'string')) {
    throw new VerifyImageError('USAGE', 'options.policies must be ClusterImagePolicies or their YAML text');
  }
}
