// @sigguard/image/otel (re-exported as sigguard/otel): the Telemetry of verifyImage (telemetry/telemetry.ts) on
// @opentelemetry/api, an optional peer dependency only this entry point imports. Spans and metrics are named in docs/observability.md.
import {
  context,
  createNoopMeter,
  metrics,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes as OtelAttributes,
  type Meter,
  type MeterProvider,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { RequestObserver } from '@sigguard/oci';
import { ATTR, errorTypeOf, type Attributes, type Telemetry, type TelemetrySpan } from './telemetry/telemetry.ts';

export type { Attributes, Telemetry, TelemetrySpan } from './telemetry/telemetry.ts';

export interface OpenTelemetryOptions {
  /** Default: the global one (`trace.getTracerProvider()`), which is a no-op until an SDK registers one. */
  tracerProvider?: TracerProvider;
  /** Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
}

/** The instrumentation scope of every span and instrument. */
export const INSTRUMENTATION_SCOPE = 'sigguard';

/** Metric names (before an exporter renames them, e.g. Prometheus: `sigguard_decisions_total`). */
export const METRICS = {
  decisions: 'sigguard.decisions',
  decisionDuration: 'sigguard.decision.duration',
  engineDuration: 'sigguard.engine.duration',
  fetchFailures: 'sigguard.evidence.fetch_failures',
} as const;

// Seconds (semantic conventions); decisions take from tens of microseconds (cached) to a registry's timeouts.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// What the API hands out while no SDK is registered: a proxy's delegate before it has one, the no-op meter.
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();
const NoopMeter = createNoopMeter().constructor;

/**
 * Telemetry for VerifyImageOptions.telemetry (and RegistryClientOptions.observeRequest) on OpenTelemetry.
 * Without explicit providers it follows the global ones, also when an SDK registers them later; while neither a
 * tracer nor a meter provider is registered, `enabled()` is false and verifyImage records nothing.
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Telemetry {
  const tracerProvider = () => options.tracerProvider ?? trace.getTracerProvider();
  const meterProvider = () => options.meterProvider ?? metrics.getMeterProvider();
  // Meters from a provider registered later are not proxied: instruments are remade when the provider changes.
  let instruments: { provider: MeterProvider; meter: Meter; recording: boolean } & ReturnType<typeof createInstruments>;
  const current = () => {
    const provider = meterProvider();
    if (instruments?.provider !== provider) {
      const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
      instruments = { provider, meter, recording: !(meter instanceof NoopMeter), ...createInstruments(meter) };
    }
    return instruments;
  };
  const tracing = () => {
    const p = tracerProvider();
    return (p instanceof ProxyTracerProvider ? p.getDelegate() : p) !== NOOP_TRACER_PROVIDER;
  };
  return telemetryOn(() => tracerProvider().getTracer(INSTRUMENTATION_SCOPE), tracing, current);
}

function createInstruments(meter: Meter) {
  const decisions = meter.createCounter(METRICS.decisions, {
    description: 'verifyImage decisions, by outcome (admit, deny, error) and deny code',
    unit: '{decision}',
  });
  const decisionDuration = meter.createHistogram(METRICS.decisionDuration, {
    description: 'Time to decide on an image, evidence fetching included',
    unit: 's',
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
  });
  const engineDuration = meter.createHistogram(METRICS.engineDuration, {
    description: 'Time of one CUE or Rego policy evaluation, policy loading included',
    unit: 's',
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
  });
  const fetchFailures = meter.createCounter(METRICS.fetchFailures, {
    description: 'Images or evidence that could not be fetched, by error.type',
    unit: '{failure}',
  });
  return { decisions, decisionDuration, engineDuration, fetchFailures };
}

function telemetryOn(
  tracer: () => Tracer,
  tracing: () => boolean,
  current: () => ReturnType<typeof createInstruments> & { recording: boolean },
): Telemetry {
  const startSpan = (name: string, attributes: Attributes = {}, parent?: TelemetrySpan, kind = SpanKind.INTERNAL) => {
    const ctx = parent instanceof OtelSpan ? trace.setSpan(context.active(), parent.span) : context.active();
    return new OtelSpan(tracer().startSpan(name, { kind, attributes: defined(attributes) }, ctx));
  };

  const observeRequest: RequestObserver = (method, url, attempt) => {
    const span = startSpan(method, httpAttributes(method, url, attempt), undefined, SpanKind.CLIENT);
    return (outcome) => {
      if ('status' in outcome) {
        span.setAttributes({ 'http.response.status_code': outcome.status });
        // Client spans: a 4xx or 5xx response is an error (semantic conventions, HTTP spans).
        if (outcome.status >= 400) span.fail(String(outcome.status));
      } else {
        span.fail(errorTypeOf(outcome.error), outcome.error);
      }
      span.end();
    };
  };

  return {
    enabled: () => tracing() || current().recording,
    startSpan: (name, attributes, parent) => startSpan(name, attributes, parent),
    inSpan: (span, fn) =>
      span instanceof OtelSpan ? context.with(trace.setSpan(context.active(), span.span), fn) : fn(),
    observeRequest,
    recordDecision(seconds, attributes) {
      const a = defined(attributes);
      current().decisions.add(1, a);
      current().decisionDuration.record(seconds, a);
    },
    recordEngine: (seconds, attributes) => current().engineDuration.record(seconds, defined(attributes)),
    recordFetchFailure: (attributes) => current().fetchFailures.add(1, defined(attributes)),
  };
}

class OtelSpan implements TelemetrySpan {
  readonly span: Span;
  constructor(span: Span) {
    this.span = span;
  }

  setAttributes(attributes: Attributes): void {
    this.span.setAttributes(defined(attributes));
  }

  fail(errorType: string, error?: unknown): void {
    this.span.setAttribute(ATTR.errorType, errorType);
    if (error instanceof Error) this.span.recordException(error);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : errorType });
  }

  end(): void {
    this.span.end();
  }
}

/** HTTP client span attributes (semantic conventions: http.request.method, url.full, server.address/port). */
function httpAttributes(method: string, url: string, attempt: number): Attributes {
  let server: { address?: string; port?: number } = {};
  try {
    const u = new URL(url);
    server = { address: u.hostname, port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80) };
  } catch {
    /* url.full still says what was asked */
  }
  return {
    'http.request.method': method,
    'url.full': url,
    'server.address': server.address,
    'server.port': server.port,
    'http.request.resend_count': attempt > 0 ? attempt : undefined,
  };
}

function defined(attributes: Attributes): OtelAttributes {
  const out: OtelAttributes = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out[k] = v as OtelAttributes[string];
  return out;
}
