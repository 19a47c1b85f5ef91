import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OciTestServer, pushBundleReferrer, pushImage, pushIndex } from '@sigguard/test-vectors/support';
import { RegistryClient } from './registry-client.ts';
import { parseRepositoryName } from './reference.ts';
import { OciError } from './errors.ts';
import { parseChallenge } from './auth.ts';

let server: OciTestServer;
let host: string;
before(async () => {
  server = new OciTestServer();
  host = await server.start();
});
after(() => server.stop());

const rejectsWith = (code: string, re?: RegExp) => (e: unknown) =>
  e instanceof OciError && e.code === code && (!re || re.test(e.message));

test('push and pull an image by tag and by digest, digest-checked', async () => {
  const client = new RegistryClient();
  const repo = parseRepositoryName(`${host}/team/app`);
  const img = await pushImage(client, repo, 'pull', 'v1');
  assert.equal(await client.resolve({ ...repo, tag: 'v1' }), img.digest);
  const m = await client.manifest(repo, img.digest);
  assert.equal(m?.manifest.kind, 'manifest');
  assert.deepEqual(await client.tags(repo), ['v1']);
  assert.equal(await client.manifest(repo, 'nope'), undefined);
  if (m?.manifest.kind !== 'manifest') throw new Error('unreachable');
  const layer = await client.blob(repo, m.manifest.layers[0]!.digest);
  assert.equal(new TextDecoder().decode(layer), 'layer pull');
  await assert.rejects(client.blob(repo, `sha256:${'0'.repeat(64)}`), rejectsWith('NOT_FOUND'));
});

test('size limits stop oversized manifests and blobs', async () => {
  const repo = parseRepositoryName(`${host}/team/limits`);
  const img = await pushImage(new RegistryClient(), repo, 'x'.repeat(2000));
  const small = new RegistryClient({ maxManifestBytes: 100, maxBlobBytes: 5 });
  await assert.rejects(small.manifest(repo, img.digest), rejectsWith('TOO_LARGE', /100-byte limit/));
  const m = await new RegistryClient().manifest(repo, img.digest);
  if (m?.manifest.kind !== 'manifest') throw new Error('unreachable');
  await assert.rejects(small.blob(repo, m.manifest.config.digest), rejectsWith('TOO_LARGE'));
});

test('a blob whose bytes do not match its digest is refused', async () => {
  const repo = parseRepositoryName(`${host}/team/tamper`);
  const good = await new RegistryClient().pushBlob(repo, new TextEncoder().encode('good'));
  // A fetch that rewrites the body simulates a lying registry or a corrupting proxy.
  const lying = new RegistryClient({
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      if (!url.includes('/blobs/')) return res;
      return new Response('evil', { status: 200, headers: res.headers });
    },
  });
  await assert.rejects(lying.blob(repo, good), rejectsWith('DIGEST_MISMATCH', /hashes to/));
});

test('transient 503s are retried with backoff, then give up', async () => {
  const repo = parseRepositoryName(`${host}/team/retry`);
  const img = await pushImage(new RegistryClient(), repo, 'retry');
  server.options.failNext = 2;
  const client = new RegistryClient({ retries: 2, backoffMs: 1 });
  assert.equal((await client.manifest(repo, img.digest))?.digest, img.digest);
  server.options.failNext = 5;
  await assert.rejects(
    new RegistryClient({ retries: 1, backoffMs: 1 }).manifest(repo, img.digest),
    rejectsWith('REGISTRY', /503/),
  );
  server.options.failNext = 0;
});

test('timeouts fail with TIMEOUT', async () => {
  const client = new RegistryClient({
    retries: 0,
    timeoutMs: 50,
    fetch: (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
  });
  await assert.rejects(client.manifest(parseRepositoryName('ghcr.io/a/b'), 'v1'), rejectsWith('TIMEOUT'));
});

test('referrers API lists bundle referrers; 404 means unsupported', async () => {
  const client = new RegistryClient();
  const repo = parseRepositoryName(`${host}/team/refs`);
  const img = await pushImage(client, repo, 'refs');
  await pushBundleReferrer(client, repo, img, { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' });
  const index = await client.referrers(repo, img.digest);
  assert.equal(index?.manifests.length, 1);
  assert.equal(index?.manifests[0]?.artifactType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
  server.options.referrers = false;
  assert.equal(await client.referrers(repo, img.digest), undefined);
  server.options.referrers = true;
});

test('multi-arch index manifests parse with platforms', async () => {
  const client = new RegistryClient();
  const repo = parseRepositoryName(`${host}/team/multi`);
  const a = await pushImage(client, repo, 'amd');
  const b = await pushImage(client, repo, 'arm');
  const idx = await pushIndex(client, repo, [a, b], 'latest');
  const m = await client.manifest(repo, 'latest');
  assert.equal(m?.digest, idx.digest);
  assert.equal(m?.manifest.kind, 'index');
  if (m?.manifest.kind === 'index')
    assert.deepEqual(
      m.manifest.manifests.map((d) => d.platform?.architecture),
      ['amd64', 'arm64'],
    );
});

test('basic auth: per-registry credentials, refusal without them', async () => {
  const s = new OciTestServer({ auth: { type: 'basic', username: 'u', password: 'p' } });
  const h = await s.start();
  try {
    const repo = parseRepositoryName(`${h}/private/app`);
    const client = new RegistryClient({ credentials: { [h]: { username: 'u', password: 'p' } } });
    const img = await pushImage(client, repo, 'basic');
    assert.equal((await client.manifest(repo, img.digest))?.digest, img.digest);
    await assert.rejects(
      new RegistryClient().manifest(repo, img.digest),
      rejectsWith('UNAUTHORIZED', /no usable credentials/),
    );
    const wrong = new RegistryClient({ credentials: { [h]: { username: 'u', password: 'x' } } });
    await assert.rejects(wrong.manifest(repo, img.digest), rejectsWith('UNAUTHORIZED', /refused/));
  } finally {
    await s.stop();
  }
});

test('bearer auth: Docker-style challenge, token exchange, token reuse', async () => {
  const s = new OciTestServer({ auth: { type: 'bearer', username: 'robot', password: 'secret' } });
  const h = await s.start();
  try {
    const repo = parseRepositoryName(`${h}/private/app`);
    const client = new RegistryClient({ credentials: () => ({ username: 'robot', password: 'secret' }) });
    const img = await pushImage(client, repo, 'bearer');
    const before = s.requests.filter((r) => r.path === '/token').length;
    await client.manifest(repo, img.digest);
    await client.manifest(repo, img.digest); // cached by digest: no request at all
    const m = await new RegistryClient({ credentials: () => ({ username: 'robot', password: 'secret' }) }).manifest(
      repo,
      img.digest,
    );
    assert.equal(m?.digest, img.digest);
    assert.ok(s.requests.filter((r) => r.path === '/token').length > before);
    assert.ok(s.requests.some((r) => r.authorization?.startsWith('Bearer ')));
    await assert.rejects(new RegistryClient().manifest(repo, img.digest), rejectsWith('UNAUTHORIZED', /anonymous/));
  } finally {
    await s.stop();
  }
});

test('WWW-Authenticate challenges parse', () => {
  assert.deepEqual(
    parseChallenge(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
    ),
    {
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/ubuntu:pull',
      },
    },
  );
  assert.equal(parseChallenge('Basic realm="x"')?.scheme, 'basic');
});
