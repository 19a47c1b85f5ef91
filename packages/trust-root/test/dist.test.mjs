// The built package (dist/, ESM and CJS) loads a mirrorFS TrustRoot the same way the
// sources do: guards the deep tuf-js imports and the ./node entry in the published shape.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const VECTORS = new URL('../../../test-vectors/tuf/', import.meta.url);
const NOW = new Date('2026-12-01T00:00:00Z');
const expected = JSON.parse(readFileSync(new URL('rotated/expected.json', VECTORS), 'utf8'));
const yaml = readFileSync(new URL('rotated/trustroot.yaml', VECTORS), 'utf8');

test('dist ESM loads the rotated repository', async () => {
  const esm = await import('../dist/index.js');
  const set = await esm.loadTrustRootsFromYaml(yaml, { now: NOW });
  assert.deepEqual(JSON.parse(JSON.stringify(set.get('rotated').json)), expected.trustedRoot);
  await assert.rejects(
    esm.loadTrustRootsFromYaml(readFileSync(new URL('expired-timestamp/trustroot.yaml', VECTORS), 'utf8'), {
      now: NOW,
    }),
    (e) => e instanceof esm.TrustRootLoadError && e.reason === 'TUF_EXPIRED',
  );
});

test('dist CJS loads the rotated repository', async () => {
  const cjs = require('../dist/index.cjs');
  const set = await cjs.loadTrustRootsFromYaml(yaml, { now: NOW });
  assert.deepEqual(JSON.parse(JSON.stringify(set.get('rotated').json)), expected.trustedRoot);
});

test('dist ./node entry reads a TrustRoot file', async () => {
  const node = await import('../dist/node/index.js');
  const root = await node.loadTrustRootFile(new URL('legacy-targets/trustroot.yaml', VECTORS).pathname, { now: NOW });
  assert.equal(root.name, 'legacy-targets');
});

test('dist ./browser entry: no Node imports; without IndexedDB a cache fails with a reason, on first use', async () => {
  const text = readFileSync(new URL('../dist/indexeddb/index.js', import.meta.url), 'utf8');
  assert.doesNotMatch(text, /from\s*["']node:|require\(["']node:/);
  const browser = await import('../dist/indexeddb/index.js');
  const cache = browser.indexedDbTufCaches('unused', undefined)('https://tuf.example', new Uint8Array([1]));
  await assert.rejects(cache.get('timestamp.json'), /IndexedDB is not available/);
});
