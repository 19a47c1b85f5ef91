// verifyImage's decision cache on real evidence (a keyless DSSE attestation of the private test Sigstore,
// test-vectors/): a hit on identical evidence, a miss when any part of the key changes, expiry when `now`
// crosses a certificate's validity boundary, the size bound, frozen hits, and cache: false.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { ALICE } from '@sigguard/test-vectors';
import { keylessImagePolicy, provenanceAttestation } from '@sigguard/test-vectors/support';
import { defaultVerificationCache, verifyImage, VerificationCache, type VerifyImageOptions } from './verify-image.ts';

const vectors = join(import.meta.dirname, '..', '..', '..', 'test-vectors');
const bundle = readFileSync(join(vectors, 'bundles/keyless-dsse-subject-match/bundle.sigstore.json'), 'utf8');
const digest = 'sha256:ec0e5e69c77c3f400855d9cac0bdec908b1c36b26dcb245227128f4ac3776505';
const ref = `ghcr.io/acme/app@${digest}`;
const rootText = readFileSync(join(vectors, 'trusted_root.json'), 'utf8');
const trustRoot = parseTrustedRoot(rootText);
const policy = (builder = 'https://sigguard.test/builder') =>
  keylessImagePolicy({
    name: 'attested',
    glob: 'ghcr.io/acme/**',
    identities: [ALICE],
    tail: provenanceAttestation(`          policy:
            type: cue
            data: 'predicate: runDetails: builder: id: "${builder}"'
`),
  });
// The signing certificate is valid 2026-01-15T11:59:55Z .. 12:09:55Z; the log entry timestamps the signature.
const during = new Date('2026-01-15T12:01:00Z');
const after = new Date('2026-03-01T00:00:00Z');

const options = (
  cache: VerificationCache<any> | false,
  extra: Partial<VerifyImageOptions> = {},
): VerifyImageOptions => ({
  policies: policy(),
  defaultTrustRoot: trustRoot,
  evidence: { bundles: [bundle] },
  now: during,
  cache,
  ...extra,
});

async function admitted(o: VerifyImageOptions, r = ref) {
  const d = await verifyImage(r, o);
  assert.equal(d.allowed, true, d.summary);
  return d;
}

test('identical evidence is answered from the cache with the same deeply frozen decision', async () => {
  const cache = new VerificationCache<any>();
  const first = await admitted(options(cache));
  assert.deepEqual([cache.hits, cache.misses, cache.size], [0, 1, 1]);
  const second = await admitted(options(cache));
  assert.deepEqual([cache.hits, cache.misses], [1, 1]);
  assert.equal(second, first, 'the stored decision itself, not a copy');
  // No caller can change what the next one gets: everything down the tree is frozen (tests run in strict mode).
  assert.throws(() => {
    second.summary = 'edited';
  }, TypeError);
  assert.throws(() => second.policies[0]!.children.push(second.policies[0]!), TypeError);
  assert.throws(() => {
    second.evidence.found[0]!.id = 'edited';
  }, TypeError);
  // An equal copy of the bundle text (another string object) is the same key.
  await admitted(options(cache, { evidence: { bundles: [` ${bundle}`.slice(1)] } }));
  assert.deepEqual([cache.hits, cache.misses], [2, 1]);
  // A decision that is not cached (cache: false) is the caller's own to edit.
  const own = await admitted(options(false));
  own.summary = 'edited';
  assert.equal(own.summary, 'edited');
});

test('evidence given as bytes is hashed each time: changing the same array in place is a miss', async () => {
  const cache = new VerificationCache<any>();
  const bytes = new TextEncoder().encode(bundle);
  await admitted(options(cache, { evidence: { bundles: [bytes] } }));
  await admitted(options(cache, { evidence: { bundles: [bytes] } }));
  assert.deepEqual([cache.hits, cache.misses], [1, 1]);
  bytes[bytes.lastIndexOf(0x7d)] = 0x20; // the closing brace becomes a space: not JSON any more
  await assert.rejects(verifyImage(ref, options(cache, { evidence: { bundles: [bytes] } })), /not JSON/);
  assert.deepEqual([cache.hits, cache.misses], [1, 2]);
});

test('a change of evidence bytes, policy, trust root, reference or options is a miss', async () => {
  const cache = new VerificationCache<any>();
  await admitted(options(cache));
  const otherRoot = parseTrustedRoot(rootText.replace('2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z'), {
    name: 'other',
  });
  assert.notEqual(otherRoot.digest, trustRoot.digest, 'a different document has a different digest');
  await admitted(options(cache, { evidence: { bundles: [`${bundle}\n`] } }));
  await admitted(options(cache, { policies: policy().replace('name: attested', 'name: attested2') }));
  await admitted(options(cache, { defaultTrustRoot: otherRoot }));
  await admitted(options(cache, { noMatchPolicy: 'deny' }));
  await admitted(options(cache), ref.replace('ghcr.io/acme/app', 'ghcr.io/acme/other'));
  assert.deepEqual([cache.hits, cache.misses, cache.size], [0, 6, 6]);
  // A policy the evidence fails is not an admission: computed, never stored.
  const denied = await verifyImage(ref, options(cache, { policies: policy('https://other/builder') }));
  assert.equal(denied.allowed, false);
  assert.equal(cache.size, 6);
});

test('an entry expires when now crosses a validity boundary of what it relied on', async () => {
  const cache = new VerificationCache<any>();
  await admitted(options(cache));
  await admitted(options(cache, { now: new Date('2026-01-15T12:09:55Z') })); // notAfter is inclusive: same window
  assert.deepEqual([cache.hits, cache.misses], [1, 1]);
  await admitted(options(cache, { now: after })); // the certificate has expired since: recomputed
  assert.deepEqual([cache.hits, cache.misses], [1, 2]);
  await admitted(options(cache, { now: after }));
  assert.deepEqual([cache.hits, cache.misses], [2, 2]);
  await admitted(options(cache, { now: new Date('2019-06-01T00:00:00Z') })); // before the CA's validFor.start
  assert.deepEqual([cache.hits, cache.misses], [2, 3]);
});

test('the cache keeps at most maxEntries, dropping the least recently used', async () => {
  const cache = new VerificationCache<any>({ maxEntries: 2 });
  const a = options(cache);
  const b = options(cache, { noMatchPolicy: 'deny' });
  const c = options(cache, { noMatchPolicy: 'allow' });
  await admitted(a);
  await admitted(b);
  await admitted(a); // a is now the most recent
  await admitted(c); // evicts b
  assert.equal(cache.size, 2);
  const hits = cache.hits;
  await admitted(a);
  assert.equal(cache.hits, hits + 1);
  await admitted(b);
  assert.equal(cache.hits, hits + 1, 'b was evicted');
  assert.throws(() => new VerificationCache({ maxEntries: 0 }), /positive integer/);
});

test('cache: false never stores; the default cache is shared', async () => {
  defaultVerificationCache.clear();
  await admitted(options(false));
  assert.equal(defaultVerificationCache.size, 0);
  const { cache: _c, ...withDefault } = options(false);
  await admitted(withDefault);
  await admitted(withDefault);
  assert.equal(defaultVerificationCache.size, 1);
  assert.ok(defaultVerificationCache.hits >= 1);
});

test("the Node entry's verifyImage (CUE in a worker) caches like the runtime-agnostic one", async () => {
  const { verifyImage: verifyImageOnNode } = await import('./index-node.ts');
  const cache = new VerificationCache<any>();
  for (let i = 0; i < 2; i++) {
    const d = await verifyImageOnNode(ref, options(cache));
    assert.equal(d.allowed, true, d.summary);
  }
  assert.deepEqual([cache.hits, cache.misses, cache.size], [1, 1, 1]);
  // A caller's own evaluator is part of what the decision relied on: not cacheable.
  const own = new VerificationCache<any>();
  const evaluator = { evaluate: async () => ({ allowed: true, errors: [] }) } as any;
  await verifyImageOnNode(ref, options(own, { predicate: { evaluator } })).catch(() => undefined);
  assert.equal(own.size, 0);
});
