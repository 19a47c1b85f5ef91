// sigguard/otel in a browser: verifyImage (the runtime-agnostic entry) with the OpenTelemetry SDK (its
// StackContextManager, in-memory exporters), bundled for the browser with @sigguard/browser's shims for `crypto`,
// `util` and `Buffer` and run in headless Chromium, offline: the span tree, attributes and metrics of Node, and
// nothing recorded without `telemetry`. cue-wasm is left out of the bundle: no CUE policy runs here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ALICE } from '@sigguard/test-vectors';
import { keylessImagePolicy, provenanceAttestation } from '@sigguard/test-vectors/support';
import { openOfflinePage, serveStatic } from '@sigguard/test-vectors/support/chromium';
import type { PageInput, run } from './browser/otel-entry.ts';

const vectors = join(import.meta.dirname, '../../../test-vectors');
// The shims' sources, found through the package (its exports name crypto and util, not the Buffer inject file).
const BROWSER_PACKAGE = dirname(fileURLToPath(import.meta.resolve('@sigguard/browser/package.json')));
const CASE = 'keyless-dsse-subject-match';
const input: PageInput = {
  ref: `ghcr.io/acme/app@sha256:ec0e5e69c77c3f400855d9cac0bdec908b1c36b26dcb245227128f4ac3776505`,
  policies: keylessImagePolicy({
    name: 'attested',
    glob: 'ghcr.io/acme/**',
    identities: [ALICE],
    tail: provenanceAttestation(),
  }),
  bundle: readFileSync(join(vectors, 'bundles', CASE, 'bundle.sigstore.json'), 'utf8'),
  trustedRoot: readFileSync(join(vectors, 'trusted_root.json'), 'utf8'),
  // Within the signing certificate's validity (verification-cache.test.ts uses the same instant).
  now: '2026-01-15T12:01:00Z',
};

test('Chromium: verifyImage spans and metrics through sigguard/otel, nothing recorded when off', {
  timeout: 300_000,
}, async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sigguard-otel-chromium-'));
  try {
    const shim = (name: string) => join(BROWSER_PACKAGE, 'src/shims', name);
    await build({
      entryPoints: [join(import.meta.dirname, 'browser/otel-entry.ts')],
      outfile: join(outdir, 'page.js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@sigguard/source'],
      external: ['cue-wasm'],
      inject: [shim('buffer-global.ts')],
      define: { 'globalThis.Buffer': 'Buffer', global: 'globalThis' },
      alias: {
        crypto: shim('crypto.ts'),
        'node:crypto': shim('crypto.ts'),
        util: shim('util.ts'),
        'node:util': shim('util.ts'),
      },
      logLevel: 'warning',
    });
    const server = await serveStatic(
      new Map([
        ['/index.html', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>otel</title>' }],
        ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
        ['/page.js', { type: 'text/javascript', body: readFileSync(join(outdir, 'page.js')) }],
      ]),
    );
    const browser = await openOfflinePage(server.origin);
    try {
      const r = (await browser.page.evaluate(async (i) => {
        const page = (await import('/page.js' as string)) as { run: typeof run };
        return page.run(i);
      }, input)) as Awaited<ReturnType<typeof run>>;
      assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
      assert.deepEqual(r.allowed, [true, true]);
      assert.equal(r.recordedWhenOff, 0);
      const root = r.spans.find((s) => s.name === 'verifyImage');
      assert.ok(root, r.spans.map((s) => s.name).join(', '));
      assert.equal(root.parent, undefined);
      assert.equal(root.attributes['sigguard.outcome'], 'admit');
      assert.equal(root.attributes['sigguard.image.digest'], input.ref.split('@')[1]);
      assert.deepEqual(root.attributes['sigguard.policy.names'], ['attested']);
      const children = r.spans
        .filter((s) => s.parent === root.id)
        .map((s) => [s.name, s.attributes['sigguard.outcome'] ?? s.attributes['sigguard.evidence.source']]);
      assert.deepEqual(children, [
        ['discoverEvidence', 'bundles'],
        ['verifyBundle', 'pass'],
      ]);
      assert.deepEqual(r.metrics['sigguard.decisions'], [{ 'sigguard.outcome': 'admit' }]);
      assert.deepEqual(r.metrics['sigguard.decision.duration'], [{ 'sigguard.outcome': 'admit' }]);
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
