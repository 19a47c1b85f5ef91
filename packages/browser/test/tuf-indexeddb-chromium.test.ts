// Trust roots from a TUF mirror in headless Chromium, with the TUF cache in IndexedDB
// (@sigguard/trust-root/browser): the verified metadata outlives the page, and with it TUF's rollback
// protection. The mirror (a repository the test-vectors TUF tooling signs) is served on loopback; after a
// reload, a mirror rolled back to older metadata is refused because of what IndexedDB remembers, while
// a fresh in-memory cache (no memory of the newer versions) accepts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRepository, sharedTestSigstore, singleKeyRoot } from '@sigguard/test-vectors';
import { bundleForBrowser } from '../scripts/bundle.mjs';
import { bundleFiles, openOfflinePage, serveStatic, type StaticFile } from '@sigguard/test-vectors/support/chromium';
import { PACKAGE_DIR } from './harness/tables.ts';

const FAR = '2099-01-01T00:00:00Z';

test('TUF metadata cached in IndexedDB survives a reload and refuses a rolled-back mirror', {
  timeout: 300_000,
}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'sigguard-chromium-tuf-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const ts = await sharedTestSigstore();
  const root = singleKeyRoot(FAR);
  const targets = [{ name: 'trusted_root.json', bytes: new TextEncoder().encode(JSON.stringify(ts.trustedRoot())) }];
  const expires = { timestamp: FAR, snapshot: FAR, targets: FAR };
  const current = buildRepository({
    roots: [root],
    targets,
    expires,
    versions: { timestamp: 3, snapshot: 3, targets: 3 },
  });
  const rolledBack = buildRepository({
    roots: [root],
    targets,
    expires,
    versions: { timestamp: 1, snapshot: 1, targets: 1 },
  });
  assert.deepEqual(
    current.get('1.root.json'),
    rolledBack.get('1.root.json'),
    'both repositories share the initial root',
  );

  const dist = join(work, 'dist');
  await bundleForBrowser({ 'tuf-entry': join(PACKAGE_DIR, 'test/harness/tuf-entry.mjs') }, dist);
  const files = new Map<string, StaticFile>([
    [
      '/index.html',
      { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>sigguard TUF cache test</title>' },
    ],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ...bundleFiles(dist, 'tuf-entry.js'),
  ]);
  const serveMirror = (repo: Map<string, Uint8Array>) => {
    for (const key of [...files.keys()]) if (key.startsWith('/tuf/')) files.delete(key);
    for (const [path, bytes] of repo) files.set(`/tuf/${path}`, { type: 'application/json', body: bytes });
  };
  serveMirror(current);
  const server = await serveStatic(files);
  t.after(() => server.close());
  const browser = await openOfflinePage(server.origin);
  t.after(() => browser.close());
  const initialRoot = [...current.get('1.root.json')!];

  // Loads the trust root in the page with the IndexedDB cache (or a fresh in-memory one).
  const load = (cache: 'indexeddb' | 'memory') =>
    browser.page.evaluate(
      async ({ cache, initialRoot }) => {
        const api = await import('/tuf-entry.js');
        const options = {
          mirror: `${location.origin}/tuf/`,
          root: new Uint8Array(initialRoot),
          name: 'mirror',
          ...(cache === 'indexeddb'
            ? { cacheFor: api.indexedDbTufCaches('sigguard-test-tuf') }
            : { cache: new api.MemoryTufCache() }),
        };
        try {
          const trustRoot = await api.loadTrustRootFromTuf(options);
          return { ok: true, name: trustRoot.name };
        } catch (e) {
          return { ok: false, code: (e as { code?: string }).code, message: (e as Error).message };
        }
      },
      { cache, initialRoot },
    );
  const storedNames = () =>
    browser.page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const req = indexedDB.open('sigguard-test-tuf');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const keys: IDBValidKey[] = await new Promise((resolve, reject) => {
        const req = db.transaction('tuf-files').objectStore('tuf-files').getAllKeys();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return keys.map((k) => String(k).replace(/^[0-9a-f]+\//, '')).sort();
    });

  const first = await load('indexeddb');
  assert.equal(first.ok, true, `first load: ${JSON.stringify(first)}`);
  assert.equal(first.name, 'mirror');
  const stored = await storedNames();
  for (const name of ['timestamp.json', 'snapshot.json', 'targets.json', 'targets/trusted_root.json'])
    assert.ok(stored.includes(name), `IndexedDB holds ${name}: ${stored}`);

  await browser.page.reload();
  serveMirror(rolledBack);
  const afterRollback = await load('indexeddb');
  assert.equal(afterRollback.ok, false, 'a mirror rolled back below the cached versions must be refused');
  assert.match(String(afterRollback.message), /version|rollback/i);
  const fresh = await load('memory');
  assert.equal(fresh.ok, true, `without the cache the older repository is valid on its own: ${JSON.stringify(fresh)}`);
  assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
  t.diagnostic(
    `IndexedDB held ${stored.join(', ')}; rollback refused: ${afterRollback.code}: ${afterRollback.message}`,
  );
});
