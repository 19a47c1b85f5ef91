// What sigguard tells an observability backend, as a small interface of its own: the core code calls it only
// when a caller gave one (VerifyImageOptions.telemetry), so without it nothing is loaded, allocated or timed.
// `openTelemetry()` from `sigguard/otel` implements it with @opentelemetry/api (docs/observability.md).
import type { RequestObserver } from '@sigguard/oci';

export type AttributeValue = string | number | boolean | readonly string[];
/** Span and metric attributes; entries whose value is undefined are left out. */
export type Attributes = Record<string, AttributeValue | undefined>;

export interface TelemetrySpan {
  setAttributes(attributes: Attributes): void;
  /** The operation failed (not a verdict): status ERROR, `error.type`, and an exception event for an Error. */
  fail(errorType: string, error?: unknown): void;
  end(): void;
}

export interface Telemetry {
  /**
   * Whether anything would be recorded now (a tracer or meter provider is registered). verifyImage asks once per
   * call; when false it takes the path without telemetry, so nothing is allocated or timed.
   */
  enabled(): boolean;
  /** A span, child of `parent` (or of the active span when there is none). */
  startSpan(name: string, attributes?: Attributes, parent?: TelemetrySpan): TelemetrySpan;
  /** Runs `fn` with `span` active, so spans started without a parent (HTTP requests) nest under it. */
  inSpan<T>(span: TelemetrySpan, fn: () => T): T;
  /** For RegistryClientOptions.observeRequest: one HTTP client span per request attempt. */
  readonly observeRequest: RequestObserver;
  /** One decision (or an error instead of one): counted and its latency recorded. */
  recordDecision(seconds: number, attributes: Attributes): void;
  /** One CUE/Rego evaluation's latency. */
  recordEngine(seconds: number, attributes: Attributes): void;
  /** Evidence (or the image) could not be fetched. */
  recordFetchFailure(attributes: Attributes): void;
}

/** A stage of verifyImage under way: where its spans and metrics go, and the span they nest under. */
export interface StageTrace {
  telemetry: Telemetry;
  span: TelemetrySpan;
}

/** Attribute names (OpenTelemetry semantic conventions where one exists, `sigguard.*` otherwise). */
export const ATTR = {
  errorType: 'error.type',
  outcome: 'sigguard.outcome',
  denyCode: 'sigguard.deny.code',
  imageReference: 'sigguard.image.reference',
  imageDigest: 'sigguard.image.digest',
  policyNames: 'sigguard.policy.names',
  cacheHit: 'sigguard.cache.hit',
  evidenceSource: 'sigguard.evidence.source',
  evidenceCount: 'sigguard.evidence.count',
  evidenceSignatures: 'sigguard.evidence.signatures',
  evidenceAttestations: 'sigguard.evidence.attestations',
  evidenceBytes: 'sigguard.evidence.bytes',
  evidenceId: 'sigguard.evidence.id',
  evidenceKind: 'sigguard.evidence.kind',
  checkFailed: 'sigguard.check.failed',
  checkCode: 'sigguard.check.code',
  engine: 'sigguard.engine',
  engineCode: 'sigguard.engine.code',
  requirement: 'sigguard.attestation.name',
  predicateType: 'sigguard.predicate.type',
} as const;

/** Seconds since `start` (a performance.now() reading). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;

/** A low-cardinality name for what went wrong: an error's `code` (OciError, PredicateError, …) or its class. */
export function errorTypeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code) return code;
  return (e as Error | null)?.name || 'Error';
}
