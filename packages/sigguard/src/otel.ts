// sigguard/otel: verifyImage's telemetry on @opentelemetry/api (an optional peer dependency only this entry
// point loads), from @sigguard/image/otel. Named, as index.ts re-exports (esbuild may drop `export *` of a package).
export {
  INSTRUMENTATION_SCOPE,
  METRICS,
  openTelemetry,
  type Attributes,
  type OpenTelemetryOptions,
  type Telemetry,
  type TelemetrySpan,
} from '@sigguard/image/otel';
