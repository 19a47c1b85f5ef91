// Cost of OpenTelemetry in the warm verifyImage path (issue 15): the same call (keyless + CUE attestation policy,
// offline evidence, cache off) with telemetry off, on (SDK tracer and meter, in-memory exporters), and, with
// --baseline DIR, the built dist/ of another checkout (e.g. main before the instrumentation), in interleaved
// blocks whose order alternates. "Noise" is the spread of the off side's block medians.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IMAGE_CASE, imageInputs, imagePolicy } from './image.mjs';
import { median, ms, p95, ratio, table } from './stats.mjs';

async function sdk(repo) {
  const req = createRequire(join(repo, 'packages/sigguard/package.json'));
  const load = (name) => import(pathToFileURL(req.resolve(name)).href);
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await load('@opentelemetry/sdk-trace');
  const { InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } = await load('@opentelemetry/sdk-metrics');
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 })] });
  return { tracerProvider, meterProvider, spans };
}

export async function otelCost(repo, baseline, { calls, blocks }) {
  const dist = (root, file) => import(pathToFileURL(join(root, 'packages/sigguard/dist', file)).href);
  const sg = await dist(repo, 'index.js');
  const { openTelemetry } = await dist(repo, 'otel.js');
  const { tracerProvider, meterProvider, spans } = await sdk(repo);
  const telemetry = openTelemetry({ tracerProvider, meterProvider });
  const input = imageInputs(repo);
  const base = { policies: imagePolicy({ cue: true }), evidence: { bundles: [input.bundle] }, cache: false };
  const call = (impl, extra) => async () => {
    const d = await impl.verifyImage(input.ref, { ...base, defaultTrustRoot: impl.parseTrustedRoot(input.trustedRoot), ...extra });
    if (!d.allowed) throw new Error(`verifyImage denied the attested image: ${d.summary}`);
  };
  const sides = { off: call(sg, {}), on: call(sg, { telemetry }) };
  if (baseline) sides.baseline = call(await dist(baseline, 'index.js'), {});
  const names = Object.keys(sides);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const blockMedians = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) for (let i = 0; i < 5; i++) await sides[n]();
  const per = Math.max(1, Math.round(calls / blocks));
  for (let b = 0; b < blocks; b++) {
    for (const n of b % 2 ? [...names].reverse() : names) {
      const block = [];
      for (let i = 0; i < per; i++) {
        const t = performance.now();
        await sides[n]();
        block.push(performance.now() - t);
      }
      samples[n].push(...block);
      blockMedians[n].push(median(block));
    }
    spans.reset();
  }
  const m = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
  const spread = (n) => (Math.max(...blockMedians[n]) - Math.min(...blockMedians[n])) / m[n];
  console.log(`\nOpenTelemetry cost in verifyImage (${IMAGE_CASE}, cache off), ${per * blocks} calls per side, ${blocks} interleaved blocks`);
  const rows = [['what', 'median', 'p95', 'block spread', 'ratio']];
  rows.push(['telemetry off (no option)', ms(m.off), ms(p95(samples.off)), `${(spread('off') * 100).toFixed(1)} %`, '']);
  if (baseline) rows.push([`baseline ${baseline}`, ms(m.baseline), ms(p95(samples.baseline)), `${(spread('baseline') * 100).toFixed(1)} %`, `off is ${ratio(m.off, m.baseline)} of it`]);
  rows.push(['telemetry on (SDK, in-memory exporters)', ms(m.on), ms(p95(samples.on)), `${(spread('on') * 100).toFixed(1)} %`, `${ratio(m.on, m.off)} of off`]);
  table(rows);
  return { ...m, noise: Math.max(spread('off'), spread('baseline' in m ? 'baseline' : 'off')) };
}
