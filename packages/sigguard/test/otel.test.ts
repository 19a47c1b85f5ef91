// OpenTelemetry signals of verifyImage (issue 15 part 1), recorded by the OpenTelemetry SDK's in-memory span and
// metric exporters: the span tree and its attributes on an admit and on each kind of deny (policy, signature,
// evidence fetch failure, engine limit), the metrics, and that nothing is recorded without `telemetry`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { context, metrics, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { parseRepositoryName } from '@sigguard/oci';
import { VerificationCache, verifyImage, type ImageDecision } from 'sigguard';
// The runtime-agnostic entry: the Node entry's worker evaluator (a function in the options) turns the cache off.
import { verifyImage as verifyImageAnyRuntime } from '../dist/index.js';
import { openTelemetry } from 'sigguard/otel';
import {
  pushBundleReferrer,
  pushImage,
  bundleAttestation,
  bundleSignature,
  CI,
  keylessImagePolicy,
  SLSA_PROVENANCE,
} from '@sigguard/test-vectors/support';
import { useSignedRegistry } from './support/signed-registry.ts';

const reg = useSignedRegistry();
const contextManager = new AsyncLocalStorageContextManager();
before(() => context.setGlobalContextManager(contextManager.enable()));
after(() => {
  context.disable();
  trace.disable();
  metrics.disable();
});

/** Fresh SDK providers with in-memory exporters, and openTelemetry() on them. */
function recorder() {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    telemetry: openTelemetry({ tracerProvider, meterProvider }),
    spans: () => spanExporter.getFinishedSpans(),
    async metrics(): Promise<Metrics> {
      await reader.forceFlush();
      const out = new Map<string, DataPoint<number | Histogram>[]>();
      for (const rm of metricExporter.getMetrics()) {
        for (const sm of rm.scopeMetrics) {
          for (const m of sm.metrics) out.set(m.descriptor.name, m.dataPoints as DataPoint<number | Histogram>[]);
        }
      }
      return out;
    },
  };
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const one = (spans: ReadableSpan[], name: string) => {
  const found = byName(spans, name);
  assert.equal(found.length, 1, `one ${name} span, got ${found.length}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
};
type Metrics = Map<string, DataPoint<number | Histogram>[]>;
/** The attributes of each data point of a metric (a counter's values with `values`). */
const attrsOf = (m: Metrics, name: string) => m.get(name)?.map((p) => p.attributes);
const countsOf = (m: Metrics, name: string) => m.get(name)?.map((p) => [p.attributes, p.value]);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const idOf = (s: ReadableSpan) => s.spanContext().spanId;

function policy(extra = '', identity = 'ci@example.com'): string {
  return keylessImagePolicy({
    name: 'signed-by-ci',
    glob: `${reg.host}/**`,
    identities: [{ issuer: CI.issuer, subject: identity }],
    authority: 'ci',
    tail: extra,
  });
}
const attested = (buildType: string) => `      attestations:
        - name: provenance
          predicateType: ${SLSA_PROVENANCE}
          policy:
            type: cue
            data: 'predicate: buildDefinition: buildType: "${buildType}"'
`;

// The signed image, pushed on first use (the registry is started by useSignedRegistry's hook).
let pushed: Promise<string> | undefined;
const signedImage = () => (pushed ??= pushSignedImage());
async function pushSignedImage(): Promise<string> {
  const repo = parseRepositoryName(`${reg.host}/otel/app`);
  const img = await pushImage(reg.client, repo, 'otel-app');
  await pushBundleReferrer(reg.client, repo, img, (await bundleSignature(reg.ts, img.digest)).bundle);
  const att = await bundleAttestation(reg.ts, `${reg.host}/otel/app`, img.digest, SLSA_PROVENANCE, {
    buildDefinition: { buildType: 'https://example.com/build' },
  });
  await pushBundleReferrer(reg.client, repo, img, att.bundle);
  return `${reg.host}/otel/app@${img.digest}`;
}

const fromRegistry = async (r: ReturnType<typeof recorder>, policies: string) =>
  verifyImage(await signedImage(), {
    policies,
    defaultTrustRoot: reg.root,
    registry: { retries: 0 },
    telemetry: r.telemetry,
  });

test('admit: verifyImage > discoverEvidence > HTTP GETs, verifyBundle per bundle, evaluatePredicate; metrics', async () => {
  const r = recorder();
  const image = await signedImage();
  const called = performance.now();
  const d = await fromRegistry(r, policy(attested('https://example.com/build')));
  const callSeconds = (performance.now() - called) / 1000;
  assert.equal(d.allowed, true, d.summary);
  const spans = r.spans();
  const root = one(spans, 'verifyImage');
  assert.equal(parentOf(root), undefined);
  assert.equal(root.status.code, SpanStatusCode.UNSET);
  assert.deepEqual(
    { ...root.attributes },
    {
      'sigguard.image.reference': image,
      'sigguard.image.digest': d.subject.digest,
      'sigguard.outcome': 'admit',
      'sigguard.policy.names': ['signed-by-ci'],
    },
  );
  // One discovery (signatures and attestations share it), its bytes are what the registry sent.
  const discovery = one(spans, 'discoverEvidence');
  assert.equal(parentOf(discovery), idOf(root));
  assert.equal(discovery.attributes['sigguard.evidence.source'], 'registry');
  assert.equal(discovery.attributes['sigguard.evidence.count'], 2);
  assert.equal(discovery.attributes['sigguard.evidence.signatures'], 1);
  assert.equal(discovery.attributes['sigguard.evidence.attestations'], 1);
  assert.ok((discovery.attributes['sigguard.evidence.bytes'] as number) > 1000, 'bundle bytes counted');
  // HTTP client spans (semantic conventions): the image manifest under verifyImage, the referrers under discovery.
  const http = spans.filter((s) => s.attributes['http.request.method'] === 'GET');
  assert.ok(http.length >= 3, `HTTP spans: ${http.length}`);
  for (const s of http) {
    assert.equal(s.name, 'GET');
    assert.equal(s.kind, 2 /* SpanKind.CLIENT */);
    assert.match(String(s.attributes['url.full']), new RegExp(`^http://${reg.host}/v2/otel/app/`));
    assert.equal(s.attributes['server.address'], '127.0.0.1');
    assert.equal(s.attributes['server.port'], Number(reg.host.split(':')[1]));
    assert.equal(s.attributes['http.response.status_code'], 200);
  }
  const referrers = http.find((s) => String(s.attributes['url.full']).includes('/referrers/'));
  assert.equal(referrers && parentOf(referrers), idOf(discovery));
  const manifest = http.find((s) => String(s.attributes['url.full']).endsWith(`/manifests/${d.subject.digest}`));
  assert.equal(manifest && parentOf(manifest), idOf(root));
  // An authority with attestations checks only them (policy-controller): one verification, of the attestation.
  const bundles = byName(spans, 'verifyBundle');
  assert.deepEqual(
    bundles.map((s) => s.attributes['sigguard.evidence.kind']),
    ['attestation'],
  );
  for (const b of bundles) {
    assert.equal(parentOf(b), idOf(root));
    assert.equal(b.attributes['sigguard.outcome'], 'pass');
    assert.equal(b.attributes['sigguard.check.failed'], undefined);
  }
  const engine = one(spans, 'evaluatePredicate');
  assert.equal(parentOf(engine), idOf(root));
  assert.deepEqual(
    { ...engine.attributes },
    {
      'sigguard.engine': 'cue',
      'sigguard.attestation.name': 'provenance',
      'sigguard.predicate.type': SLSA_PROVENANCE,
      'sigguard.outcome': 'pass',
    },
  );

  const m = await r.metrics();
  assert.deepEqual(countsOf(m, 'sigguard.decisions'), [[{ 'sigguard.outcome': 'admit' }, 1]]);
  const latency = m.get('sigguard.decision.duration')!;
  assert.equal((latency[0]!.value as Histogram).count, 1);
  // Bounds that hold however the machine schedules this process (a fixed slack over the span's own duration did
  // not: the latency's clock starts just before the span's): inside the call, and around the engine's evaluation.
  const seconds = (hr: [number, number]) => hr[0] + hr[1] / 1e9;
  const latencySeconds = (latency[0]!.value as Histogram).sum!;
  assert.ok(latencySeconds <= callSeconds, `decision latency ${latencySeconds} s, the call took ${callSeconds} s`);
  assert.ok(latencySeconds >= seconds(engine.duration), 'the decision latency covers the engine evaluation');
  const engineLatency = m.get('sigguard.engine.duration')!;
  assert.deepEqual(
    engineLatency.map((p) => [p.attributes, (p.value as Histogram).count]),
    [[{ 'sigguard.engine': 'cue', 'sigguard.outcome': 'pass' }, 1]],
  );
  assert.equal(m.get('sigguard.evidence.fetch_failures'), undefined);
});

test('policy deny: the engine says fail (a verdict, no error status); decision counted with its deny code', async () => {
  const r = recorder();
  const d = await fromRegistry(r, policy(attested('https://example.com/other-build')));
  assert.equal(d.allowed, false, d.summary);
  const spans = r.spans();
  const root = one(spans, 'verifyImage');
  assert.equal(root.attributes['sigguard.outcome'], 'deny');
  assert.equal(root.attributes['sigguard.deny.code'], 'POLICY_FAILED');
  assert.equal(root.status.code, SpanStatusCode.UNSET);
  const engine = one(spans, 'evaluatePredicate');
  assert.equal(engine.attributes['sigguard.outcome'], 'fail');
  assert.equal(engine.status.code, SpanStatusCode.UNSET);
  const m = await r.metrics();
  assert.deepEqual(
    m.get('sigguard.decisions')?.map((p) => [p.attributes, p.value]),
    [[{ 'sigguard.outcome': 'deny', 'sigguard.deny.code': 'POLICY_FAILED' }, 1]],
  );
  assert.deepEqual(attrsOf(m, 'sigguard.engine.duration'), [{ 'sigguard.engine': 'cue', 'sigguard.outcome': 'fail' }]);
});

test('signature fail: each verifyBundle span names the check that failed; no engine runs', async () => {
  const r = recorder();
  const d = await fromRegistry(r, policy('', 'someone-else@example.com'));
  assert.equal(d.allowed, false, d.summary);
  const spans = r.spans();
  const root = one(spans, 'verifyImage');
  assert.equal(root.attributes['sigguard.deny.code'], 'IDENTITY');
  const bundles = byName(spans, 'verifyBundle');
  assert.equal(bundles.length, 1, 'the signature (no attestation is required)');
  assert.equal(bundles[0]!.attributes['sigguard.outcome'], 'fail');
  assert.equal(bundles[0]!.attributes['sigguard.check.failed'], 'identity');
  assert.equal(bundles[0]!.attributes['sigguard.check.code'], 'IDENTITY');
  assert.equal(bundles[0]!.status.code, SpanStatusCode.UNSET);
  assert.equal(byName(spans, 'evaluatePredicate').length, 0);
  const m = await r.metrics();
  assert.deepEqual(attrsOf(m, 'sigguard.decisions'), [
    { 'sigguard.outcome': 'deny', 'sigguard.deny.code': 'IDENTITY' },
  ]);
});

test('evidence fetch failure: registry unreachable; error status on the HTTP and verifyImage spans, failure counted', async () => {
  const r = recorder();
  // A port nothing listens on: the registry server is stopped at the end of the file, this one never started.
  const closed = '127.0.0.1:9';
  const ref = `${closed}/otel/app@sha256:${'ab'.repeat(32)}`;
  const d = await verifyImage(ref, {
    policies: policy().replace(`${reg.host}/**`, `${closed}/**`),
    defaultTrustRoot: reg.root,
    registry: { retries: 0, timeoutMs: 5_000 },
    telemetry: r.telemetry,
  });
  assert.equal(d.allowed, false, d.summary);
  assert.equal(d.fetchError?.code, 'NETWORK');
  const spans = r.spans();
  const root = one(spans, 'verifyImage');
  assert.equal(root.status.code, SpanStatusCode.ERROR);
  assert.equal(root.attributes['error.type'], 'NETWORK');
  assert.equal(root.attributes['sigguard.deny.code'], 'NETWORK');
  const http = one(spans, 'GET');
  assert.equal(parentOf(http), idOf(root));
  assert.equal(http.status.code, SpanStatusCode.ERROR);
  assert.equal(http.attributes['error.type'], 'NETWORK');
  assert.equal(http.attributes['http.response.status_code'], undefined);
  assert.ok(
    http.events.some((e) => e.name === 'exception'),
    'exception event on the HTTP span',
  );
  const m = await r.metrics();
  assert.deepEqual(
    m.get('sigguard.evidence.fetch_failures')?.map((p) => [p.attributes, p.value]),
    [[{ 'error.type': 'NETWORK', 'sigguard.evidence.source': 'registry' }, 1]],
  );
  assert.deepEqual(attrsOf(m, 'sigguard.decisions'), [{ 'sigguard.outcome': 'deny', 'sigguard.deny.code': 'NETWORK' }]);
});

test('engine limit: a CUE policy stopped at its time limit is an error on the evaluatePredicate span', {
  timeout: 120_000,
}, async () => {
  const r = recorder();
  const digest = `sha256:${'e1'.repeat(32)}`;
  const slow = 'import "list"\n      products: [for x in list.Range(0, 3000, 1) for y in list.Range(0, 3000, 1) {x*y}]';
  const d = await verifyImage(`${reg.host}/otel/limit@${digest}`, {
    policies: `${policy()}  policy:\n    type: cue\n    data: |\n      ${slow}\n`,
    defaultTrustRoot: reg.root,
    evidence: { bundles: [JSON.stringify((await bundleSignature(reg.ts, digest)).bundle)] },
    predicate: { limits: { timeoutMs: 1_000 } },
    telemetry: r.telemetry,
  });
  assert.equal(d.allowed, false, d.summary);
  const spans = r.spans();
  const root = one(spans, 'verifyImage');
  assert.equal(root.attributes['sigguard.deny.code'], 'ENGINE_LIMIT');
  const discovery = one(spans, 'discoverEvidence');
  assert.equal(discovery.attributes['sigguard.evidence.source'], 'bundles');
  assert.equal(discovery.attributes['sigguard.evidence.count'], 1);
  assert.equal(discovery.attributes['sigguard.evidence.bytes'], undefined, 'nothing fetched');
  const engine = one(spans, 'evaluatePredicate');
  assert.equal(engine.attributes['sigguard.attestation.name'], 'ClusterImagePolicy');
  assert.equal(engine.attributes['sigguard.engine.code'], 'ENGINE_LIMIT');
  assert.equal(engine.attributes['error.type'], 'ENGINE_LIMIT');
  assert.equal(engine.status.code, SpanStatusCode.ERROR);
  const seconds = engine.duration[0] + engine.duration[1] / 1e9;
  assert.ok(seconds >= 0.9, `engine span lasts until the limit stopped it (${seconds} s)`);
  const m = await r.metrics();
  assert.deepEqual(
    m.get('sigguard.engine.duration')?.map((p) => p.attributes),
    [{ 'sigguard.engine': 'cue', 'sigguard.outcome': 'fail', 'sigguard.engine.code': 'ENGINE_LIMIT' }],
  );
});

test('a decision answered from the verification cache is a verifyImage span with sigguard.cache.hit, and counted', async () => {
  const r = recorder();
  const digest = `sha256:${'c4'.repeat(32)}`;
  const options = {
    policies: policy(),
    defaultTrustRoot: reg.root,
    evidence: { bundles: [JSON.stringify((await bundleSignature(reg.ts, digest)).bundle)] },
    cache: new VerificationCache<ImageDecision>(),
    telemetry: r.telemetry,
  };
  for (let i = 0; i < 2; i++) {
    assert.equal((await verifyImageAnyRuntime(`${reg.host}/otel/cached@${digest}`, options)).allowed, true);
  }
  assert.deepEqual([options.cache.misses, options.cache.hits], [1, 1]);
  const roots = byName(r.spans(), 'verifyImage');
  assert.deepEqual(
    roots.map((s) => s.attributes['sigguard.cache.hit']),
    [undefined, true],
  );
  assert.equal(byName(r.spans(), 'verifyBundle').length, 1, 'the hit verified nothing');
  assert.deepEqual(countsOf(await r.metrics(), 'sigguard.decisions'), [[{ 'sigguard.outcome': 'admit' }, 2]]);
});

test('usage error: the verifyImage span records the exception and the decision counter says error', async () => {
  const r = recorder();
  const options = { policies: policy(), defaultTrustRoot: reg.root, telemetry: r.telemetry };
  await assert.rejects(verifyImage(`${reg.host}/otel/app:latest`, options));
  const root = one(r.spans(), 'verifyImage');
  assert.equal(root.status.code, SpanStatusCode.ERROR);
  assert.equal(root.attributes['error.type'], 'DIGEST_REQUIRED');
  assert.ok(root.events.some((e) => e.name === 'exception'));
  const m = await r.metrics();
  assert.deepEqual(attrsOf(m, 'sigguard.decisions'), [
    { 'sigguard.outcome': 'error', 'error.type': 'DIGEST_REQUIRED' },
  ]);
});

test('off: with global providers registered but no telemetry option, nothing is recorded', async () => {
  const r = recorder();
  assert.ok(trace.setGlobalTracerProvider(r.tracerProvider));
  assert.ok(metrics.setGlobalMeterProvider(r.meterProvider));
  try {
    const image = await signedImage();
    const options = { defaultTrustRoot: reg.root, registry: { retries: 0 } };
    const d = await verifyImage(image, { ...options, policies: policy(attested('https://example.com/build')) });
    assert.equal(d.allowed, true, d.summary);
    assert.deepEqual(r.spans(), []);
    assert.deepEqual([...(await r.metrics()).keys()], []);
    // The same providers do record once asked to (the assertion above could not pass by accident).
    await verifyImage(image, { ...options, policies: policy(), telemetry: openTelemetry() });
    assert.equal(byName(r.spans(), 'verifyImage').length, 1);
  } finally {
    trace.disable();
    metrics.disable();
  }
});

test('openTelemetry() before an SDK registers: verifyImage touches nothing else of it; registered later, it records', async () => {
  const image = await signedImage();
  const options = { policies: policy(), defaultTrustRoot: reg.root, registry: { retries: 0 } };
  const telemetry = openTelemetry();
  assert.equal(telemetry.enabled(), false);
  // Told it is off, verifyImage must use no other member (each would throw: a deny or an error here).
  const untouchable = new Proxy(telemetry, {
    get: (_, k) =>
      k === 'enabled' ? () => false : () => assert.fail(`verifyImage used telemetry.${String(k)} while off`),
  });
  assert.equal((await verifyImage(image, { ...options, telemetry: untouchable })).allowed, true);
  assert.equal((await verifyImage(image, { ...options, telemetry })).allowed, true);
  const r = recorder();
  assert.ok(trace.setGlobalTracerProvider(r.tracerProvider));
  assert.ok(metrics.setGlobalMeterProvider(r.meterProvider));
  try {
    assert.deepEqual(r.spans(), []);
    assert.equal(telemetry.enabled(), true);
    assert.equal((await verifyImage(image, { ...options, telemetry })).allowed, true);
    assert.equal(byName(r.spans(), 'verifyImage').length, 1);
    assert.deepEqual(
      (await r.metrics()).get('sigguard.decisions')?.map((p) => p.value),
      [1],
    );
  } finally {
    trace.disable();
    metrics.disable();
  }
  assert.equal(telemetry.enabled(), false);
});

test('off costs no import: the core entry points do not reference @opentelemetry/api, sigguard/otel does', () => {
  // sigguard/otel re-exports @sigguard/image/otel, which holds the implementation: both packages are checked.
  for (const [dir, otelImport] of [
    ['../dist/', /from "@sigguard\/image\/otel"/],
    ['../node_modules/@sigguard/image/dist/', /from "@opentelemetry\/api"/],
  ] as const) {
    const dist = (f: string) => readFileSync(new URL(`${dir}${f}`, import.meta.url), 'utf8');
    const files = readdirSync(new URL(dir, import.meta.url));
    const code = files.filter((f) => /\.c?js$/.test(f) && !f.startsWith('otel.'));
    // (the CLI's bundle is checked by packages/cli/test/cli-dist.test.ts)
    assert.ok(code.includes('index.js') && code.includes('index.cjs'), code.join(' '));
    for (const f of code) assert.doesNotMatch(dist(f), /(from |import\(|require\()\s*["']@opentelemetry/, f);
    assert.match(dist('otel.js'), otelImport);
  }
  for (const manifest of ['../package.json', '../node_modules/@sigguard/image/package.json']) {
    const pkg = JSON.parse(readFileSync(new URL(manifest, import.meta.url), 'utf8'));
    assert.equal(pkg.peerDependenciesMeta['@opentelemetry/api'].optional, true, manifest);
    assert.equal(pkg.dependencies['@opentelemetry/api'], undefined, manifest);
  }
});
