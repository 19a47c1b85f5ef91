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
  const metrics = await load('@opentelemetry/sdk-metrics');
  const { InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } = metrics;
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
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
    const root = impl.parseTrustedRoot(input.trustedRoot);
    const d = await impl.verifyImage(input.ref, { ...base, defaultTrustRoot: root, ...extra });
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
      const spansBefore = spans.getFinishedSpans().length;
      for (let i = 0; i < per; i++) {
        const t = performance.now();
        await sides[n]();
        block.push(performance.now() - t);
      }
      // Checked like every result: "on" must record spans and "off" none, or the sides measure something else.
      const recorded = spans.getFinishedSpans().length - spansBefore;
      if ((n === 'on') !== recorded > 0) throw new Error(`telemetry ${n}: ${recorded} spans recorded in a block`);
      samples[n].push(...block);
      blockMedians[n].push(median(block));
    }
    spans.reset();
  }
  const m = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
  const spread = (n) => (Math.max(...blockMedians[n]) - Math.min(...blockMedians[n])) / m[n];
  const shape = `${per * blocks} calls per side, ${blocks} interleaved blocks`;
  console.log(`\nOpenTelemetry cost in verifyImage (${IMAGE_CASE}, cache off), ${shape}`);
  const row = (what, n, note) => [what, ms(m[n]), ms(p95(samples[n])), `${(spread(n) * 100).toFixed(1)} %`, note];
  const rows = [['what', 'median', 'p95', 'block spread', 'ratio']];
  rows.push(row('telemetry off (no option)', 'off', ''));
  if (baseline) rows.push(row(`baseline ${baseline}`, 'baseline', `off is ${ratio(m.off, m.baseline)} of it`));
  rows.push(row('telemetry on (SDK, in-memory exporters)', 'on', `${ratio(m.on, m.off)} of off`));
  table(rows);
  return { ...m, noise: Math.max(spread('off'), spread('baseline' in m ? 'baseline' : 'off')) };
}
