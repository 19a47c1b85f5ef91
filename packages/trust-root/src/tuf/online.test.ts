// TUF online: the generated repositories served by a real HTTP server on 127.0.0.1.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import {
  loadTrustRootFromTuf,
  loadTrustRootsFromYaml,
  MemoryTufCache,
  refreshPublicGoodTrustRoot,
  TrustRootLoadError,
} from '../index.ts';

const VECTORS = fileURLToPath(new URL('../../../../test-vectors/tuf/', import.meta.url));
const NOW = new Date('2026-12-01T00:00:00Z');
const requests: string[] = [];
let server: Server;
let base = '';
let failWith500 = false;

before(async () => {
  // GET /<repository name>/<path> serves test-vectors/tuf/<name>/repository/<path>.
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    if (failWith500) {
      res.writeHead(500).end();
      return;
    }
    const [, repo, ...rest] = url.pathname.split('/');
    const file = normalize(join(VECTORS, repo ?? '', 'repository', ...rest));
    if (!file.startsWith(VECTORS) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

const rootOf = (name: string) => readFileSync(join(VECTORS, name, 'root.json'));
const expected = (name: string) => JSON.parse(readFileSync(join(VECTORS, name, 'expected.json'), 'utf8'));

test('rotated repository over HTTP: follows v1→v2, then a second refresh reuses the cache', async () => {
  const cache = new MemoryTufCache();
  requests.length = 0;
  const root = await loadTrustRootFromTuf({
    mirror: `${base}/rotated/`,
    root: rootOf('rotated'),
    cache,
    now: NOW,
    name: 'mine',
  });
  assert.equal(root.name, 'mine');
  assert.deepEqual(root.json, expected('rotated').trustedRoot);
  assert.deepEqual(
    requests.filter((r) => !r.includes('/targets/')),
    [
      '/rotated/2.root.json',
      '/rotated/3.root.json',
      '/rotated/timestamp.json',
      '/rotated/1.snapshot.json',
      '/rotated/1.targets.json',
    ],
  );
  assert.equal(requests.filter((r) => /^\/rotated\/targets\/[0-9a-f]{64}\.trusted_root\.json$/.test(r)).length, 1);

  requests.length = 0;
  const again = await loadTrustRootFromTuf({ mirror: `${base}/rotated`, root: rootOf('rotated'), cache, now: NOW });
  assert.equal(again.digest, root.digest);
  // 2.root.json, snapshot, targets and the target come from the cache; the timestamp is always fetched
  assert.deepEqual(requests, ['/rotated/3.root.json', '/rotated/timestamp.json']);
});

test('expired timestamp over HTTP: error names the role, its expiry and the URL', async () => {
  await assert.rejects(
    loadTrustRootFromTuf({
      mirror: `${base}/expired-timestamp`,
      root: rootOf('expired-timestamp'),
      now: NOW,
      cache: new MemoryTufCache(),
    }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'TUF_EXPIRED' &&
      e.message.includes(
        `TUF role timestamp expired at 2021-01-01T00:00:00Z (${base}/expired-timestamp/timestamp.json)`,
      ),
  );
});

test('tampered target over HTTP is refused', async () => {
  await assert.rejects(
    loadTrustRootFromTuf({
      mirror: `${base}/tampered-target`,
      root: rootOf('tampered-target'),
      now: NOW,
      cache: new MemoryTufCache(),
    }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'TUF_TARGET_MISMATCH' &&
      e.message.includes(`${base}/tampered-target/targets/`),
  );
});

test('a wrong pinned root is refused before any request', async () => {
  requests.length = 0;
  await assert.rejects(
    loadTrustRootFromTuf({
      mirror: `${base}/trusted-root`,
      root: rootOf('trusted-root'),
      rootSha256: 'ab'.repeat(32),
      now: NOW,
    }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'ROOT_PIN_MISMATCH' &&
      e.message.includes(`expected sha256 ${'ab'.repeat(32)}, got sha256 ${expected('trusted-root').rootSha256}`),
  );
  assert.deepEqual(requests, []);
});

test('an unreachable or failing mirror fails closed', async () => {
  failWith500 = true;
  try {
    await assert.rejects(
      loadTrustRootFromTuf({
        mirror: `${base}/trusted-root`,
        root: rootOf('trusted-root'),
        now: NOW,
        cache: new MemoryTufCache(),
      }),
      (e: unknown) => e instanceof TrustRootLoadError && e.reason === 'TUF_FETCH' && /HTTP 500/.test(e.message),
    );
  } finally {
    failWith500 = false;
  }
  await assert.rejects(
    loadTrustRootFromTuf({
      mirror: `${base}/no-such-repo`,
      root: rootOf('trusted-root'),
      now: NOW,
      cache: new MemoryTufCache(),
    }),
    (e: unknown) =>
      e instanceof TrustRootLoadError && e.reason === 'TUF_MISSING' && /TUF role timestamp is missing/.test(e.message),
  );
});

test('TrustRoot spec.remote (mirror + root) loads the legacy-targets repository', async () => {
  const yaml = stringify({
    apiVersion: 'policy.sigstore.dev/v1alpha1',
    kind: 'TrustRoot',
    metadata: { name: 'remote-legacy' },
    spec: { remote: { mirror: `${base}/legacy-targets`, root: rootOf('legacy-targets').toString('base64') } },
  });
  const set = await loadTrustRootsFromYaml(yaml, { now: NOW, cache: new MemoryTufCache() });
  assert.deepEqual(set.get('remote-legacy').json, expected('legacy-targets').trustedRoot);
});

test('public-good refresh starts from the embedded Sigstore TUF root (which does not trust our repository)', async () => {
  await assert.rejects(
    refreshPublicGoodTrustRoot({ mirror: `${base}/trusted-root`, now: NOW, cache: new MemoryTufCache() }),
    (e: unknown) => e instanceof TrustRootLoadError && (e.reason === 'TUF_SIGNATURE' || e.reason === 'TUF_EXPIRED'),
  );
});

test('a pin of the embedded public-good TUF root is compared with that root.json byte for byte', async () => {
  const fileSha256 = createHash('sha256')
    .update(readFileSync(new URL('../data/public-good.root.json', import.meta.url)))
    .digest('hex');
  const remote = (annotations: Record<string, string>) =>
    stringify({
      apiVersion: 'policy.sigstore.dev/v1alpha1',
      kind: 'TrustRoot',
      metadata: { name: 'pg', annotations },
      spec: { remote: { mirror: `${base}/no-such-repo` } },
    });
  // The right pin passes the check (the load then stops at the mirror, which has no such repository).
  for (const load of [
    () =>
      refreshPublicGoodTrustRoot({
        mirror: `${base}/no-such-repo`,
        rootSha256: fileSha256,
        now: NOW,
        cache: new MemoryTufCache(),
      }),
    () =>
      loadTrustRootsFromYaml(remote({ 'sigguard.dev/root-sha256': fileSha256 }), {
        now: NOW,
        cache: new MemoryTufCache(),
      }),
  ]) {
    await assert.rejects(load(), (e: unknown) => e instanceof TrustRootLoadError && e.reason === 'TUF_MISSING');
  }
  // A wrong pin prints the digest of the file a user can check.
  await assert.rejects(
    refreshPublicGoodTrustRoot({ mirror: `${base}/no-such-repo`, rootSha256: 'ab'.repeat(32), now: NOW }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'ROOT_PIN_MISMATCH' &&
      e.message.includes(`got sha256 ${fileSha256}`),
  );
});
