// Bundled for headless Chromium by otel-chromium.test.ts: verifyImage (the runtime-agnostic entry)
// with sigguard/otel on the OpenTelemetry SDK's in-memory exporters, as a web page would use them.
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  StackContextManager,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { context } from '@opentelemetry/api';
import { parseTrustedRoot, verifyImage } from '../../src/index.ts';
import { openTelemetry } from '../../src/otel.ts';

export interface PageInput {
  ref: string;
  policies: string;
  bundle: string;
  trustedRoot: string;
  now: string;
}

/** One decision with telemetry on, one with it off; what the exporters got from each. */
export async function run(input: PageInput) {
  context.setGlobalContextManager(new StackContextManager().enable());
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const options = {
    policies: input.policies,
    defaultTrustRoot: parseTrustedRoot(input.trustedRoot),
    evidence: { bundles: [input.bundle] },
    now: new Date(input.now),
    cache: false as const,
  };
  const off = await verifyImage(input.ref, options);
  await reader.forceFlush();
  const recordedWhenOff = spans.getFinishedSpans().length + metricExporter.getMetrics().length;
  const on = await verifyImage(input.ref, { ...options, telemetry: openTelemetry({ tracerProvider, meterProvider }) });
  await reader.forceFlush();
  const metrics: Record<string, unknown[]> = {};
  for (const rm of metricExporter.getMetrics()) {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) metrics[m.descriptor.name] = m.dataPoints.map((p) => p.attributes);
    }
  }
  return {
    allowed: [off.allowed, on.allowed],
    recordedWhenOff,
    spans: spans.getFinishedSpans().map((s) => ({
      name: s.name,
      id: s.spanContext().spanId,
      parent: s.parentSpanContext?.spanId,
      attributes: s.attributes,
      status: s.status.code,
    })),
    metrics,
  };
}
