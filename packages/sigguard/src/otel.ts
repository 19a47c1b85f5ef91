// sigguard/otel: verifyImage's telemetry on @opentelemetry/api (an optional peer dependency only this entry
// point loads), from @sigguard/image/otel.
export * from '@sigguard/image/otel';
