// The air-gapped mirrorFS path in a real browser: @sigguard/trust-root bundled with this
// package's bundler (Node builtins refused, crypto/util shimmed), run in headless
// Chromium with the network off, must load the generated repositories exactly as Node
// does and refuse the broken ones for the same reason.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTrustRootsFromYaml, TrustRootLoadError } from '@sigguard/trust-root';
import { bundle } from '../scripts/bundle.mjs';
import { bundleFiles, openOfflinePage, serveStatic, type StaticFile } from '@sigguard/test-vectors/support/chromium';

const VECTORS = fileURLToPath(new URL('../../../test-vectors/tuf/', import.meta.url));
const CASES = [
  'trustroots.yaml',
  'rotated/trustroot.yaml',
  'tampered-target/trustroot.yaml',
  'expired-timestamp/trustroot.yaml',
  'root-below-threshold/trustroot.yaml',
];
const NOW = '2026-12-01T00:00:00Z';

type Answer = { names: string[]; digests: string[] } | { reason: string; message: string };

async function inNode(file: string): Promise<Answer> {
  try {
    const set = await loadTrustRootsFromYaml(readFileSync(VECTORS + file, 'utf8'), { now: new Date(NOW) });
    return { names: set.names, digests: [...set].map((r) => r.digest) };
  } catch (e) {
    assert.ok(e instanceof TrustRootLoadError, String(e));
    return { reason: e.reason, message: e.message };
  }
}

test('air-gapped mirrorFS loading in headless Chromium matches Node, offline', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-trust-root-browser-'));
  try {
    const outfile = join(dir, 'trust-root.browser.js');
    await bundle({ entry: fileURLToPath(new URL('./harness/trust-root-entry.ts', import.meta.url)), outfile });
    const files = new Map<string, StaticFile>([
      ['/index.html', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>trust-root</title>' }],
      ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
      // The entry and the chunks it loads on demand (tuf-js is loaded on the first TUF refresh).
      ...bundleFiles(dir, 'trust-root.browser.js'),
    ]);
    CASES.forEach((c, i) => files.set(`/case/${i}.yaml`, { type: 'text/yaml', body: readFileSync(VECTORS + c) }));
    const server = await serveStatic(files);
    const browser = await openOfflinePage(server.origin);
    try {
      const answers = await browser.page.evaluate(
        async ({ count, now }) => {
          const api = await import('/trust-root.browser.js');
          const out: unknown[] = [];
          for (let i = 0; i < count; i++) {
            const text = await (await fetch(`/case/${i}.yaml`)).text();
            try {
              const set = await api.loadTrustRootsFromYaml(text, { now: new Date(now) });
              out.push({ names: set.names, digests: [...set].map((r: { digest: string }) => r.digest) });
            } catch (e) {
              out.push(
                e instanceof api.TrustRootLoadError ? { reason: e.reason, message: e.message } : { error: String(e) },
              );
            }
          }
          return out;
        },
        { count: CASES.length, now: NOW },
      );
      assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
      const expected = await Promise.all(CASES.map(inNode));
      assert.deepEqual(answers, expected, browser.consoleErrors.join('\n'));
      // sanity: both loads and refusals were exercised
      assert.ok(expected.some((a) => 'names' in a) && expected.some((a) => 'reason' in a));
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
