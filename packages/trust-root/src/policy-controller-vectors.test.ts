// Acceptance: policy-controller's own TrustRoot fixtures (TUF mirrorFS with legacy
// targets, trusted_root.json, custom trusted-root target, inline sigstoreKeys) load to
// the CAs, logs and log IDs its reconciler produced. Runs when ../shared exists.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTrustRootsFromYaml, TrustRootLoadError } from './index.ts';
import type { TrustRoot } from './index.ts';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';

const { path: VECTORS, skip } = sharedVectors('policy-controller');
// Their TUF metadata expires 2027-01-28T17:36:23Z: pin the clock before that.
const NOW = new Date('2026-12-01T00:00:00Z');

type Json = Record<string, any>;
const read = (p: string) => readFileSync(join(VECTORS, p), 'utf8');

/** Comparable form: policy-controller stores logId.keyId as ASCII hex of sha256(SPKI); we keep the raw digest. */
function normalise(doc: Json, logIdIsAsciiHex: boolean): Json {
  const logs = (list: Json[] | undefined) =>
    (list ?? []).map((l) => {
      const raw = Buffer.from(l.logId.keyId, 'base64');
      return { ...l, logId: { keyId: logIdIsAsciiHex ? raw.toString('ascii') : raw.toString('hex') } };
    });
  return {
    tlogs: logs(doc.tlogs),
    ctlogs: logs(doc.ctlogs),
    certificateAuthorities: doc.certificateAuthorities ?? [],
    timestampAuthorities: doc.timestampAuthorities ?? [],
  };
}

async function loadOne(file: string): Promise<TrustRoot> {
  const set = await loadTrustRootsFromYaml(read(file), { where: file, now: NOW });
  const [root, ...rest] = [...set];
  assert.equal(rest.length, 0);
  return root!;
}

const vectors = existsSync(VECTORS) ? (JSON.parse(read('_extracted/trustroot_vectors.json')) as Json).reconcile : [];

// The per-vector tests below are generated from the table; guard against the table (or its filter)
// silently becoming empty: the three mirrorFS CRs of _constructed/trustroot must all be there.
test('the reconcile table lists the three mirrorFS TrustRoot CRs with their expected entries', { skip }, () => {
  const mirrorFs = vectors
    .filter((x: Json) => x.wantConfigMapEntry)
    .map((x: Json) => x.trustroot)
    .sort();
  assert.deepEqual(mirrorFs, [
    '_constructed/trustroot/tr-mirrorfs-custom-trusted-root.yaml',
    '_constructed/trustroot/tr-mirrorfs-legacy-targets.yaml',
    '_constructed/trustroot/tr-mirrorfs-trusted-root.yaml',
  ]);
});

for (const v of vectors.filter((x: Json) => x.wantConfigMapEntry)) {
  test(`policy-controller reconcile vector ${v.trustroot}`, { skip }, async () => {
    const root = await loadOne(v.trustroot);
    const want = JSON.parse(read(v.wantConfigMapEntry)) as Json;
    assert.deepEqual(normalise(root.json as Json, false), normalise(want, true));
    assert.equal(root.name, /name: (\S+)/.exec(read(v.trustroot))![1]);
    // the log IDs are sha256 of the DER keys, as policy-controller's logID files say
    const ids = root
      .summary()
      .tlogs.concat(root.summary().ctlogs)
      .map((l) => Buffer.from(l.logId, 'base64').toString('hex'));
    assert.ok(ids.includes(read('pkg/reconciler/trustroot/testdata/rekorLogID.txt').trim()));
    assert.ok(ids.includes(read('pkg/reconciler/trustroot/testdata/ctfeLogID.txt').trim()));
  });
}

test('policy-controller valid-sigstore-keys.yaml loads to the golden PEMs', { skip }, async () => {
  const v = vectors.find((x: Json) => x.wantCertChainPEM) as Json;
  const root = await loadOne(v.trustroot);
  const json = root.json as Json;
  const pemDer = (p: string) =>
    [...read(p).matchAll(/-----BEGIN [A-Z ]+-----([\s\S]*?)-----END/g)].map((m) => m[1]!.replace(/\s+/g, ''));
  const chain = (a: Json) => a.certChain.certificates.map((c: Json) => c.rawBytes);
  assert.deepEqual(chain(json.certificateAuthorities[0]), pemDer(v.wantCertChainPEM['certificateAuthorities[0]']));
  assert.deepEqual(chain(json.timestampAuthorities[0]), pemDer(v.wantCertChainPEM['timestampAuthorities[0]']));
  assert.deepEqual([json.tlogs[0].publicKey.rawBytes], pemDer(v.wantPublicKeyPEM['tlogs[0]']));
  assert.deepEqual([json.ctlogs[0].publicKey.rawBytes], pemDer(v.wantPublicKeyPEM['ctlogs[0]']));
  assert.equal(json.tlogs[0].hashAlgorithm, 'SHA2_256');
  assert.equal(json.tlogs[0].baseUrl, 'https://rekor.example.com');
  assert.deepEqual(json.certificateAuthorities[0].subject, {
    organization: 'fulcio-organization',
    commonName: 'fulcio-common-name',
  });
  assert.equal(json.mediaType, 'application/vnd.dev.sigstore.trustedroot+json;version=0.1');
});

test('policy-controller tr-mirrorfs-invalid-not-gzip.yaml is refused: not gzip', { skip }, async () => {
  await assert.rejects(
    loadTrustRootsFromYaml(read('_constructed/trustroot/tr-mirrorfs-invalid-not-gzip.yaml'), { now: NOW }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'NOT_GZIP' &&
      /spec\.repository\.mirrorFS: is not gzip/.test(e.message),
  );
});

test('policy-controller mirrorFS fixtures are refused once their TUF metadata has expired', { skip }, async () => {
  await assert.rejects(
    loadTrustRootsFromYaml(read('_constructed/trustroot/tr-mirrorfs-trusted-root.yaml'), {
      now: new Date('2027-02-01T00:00:00Z'),
    }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'TUF_EXPIRED' &&
      /expired at 2027-01-28T17:36:23Z/.test(e.message),
  );
});

test('policy-controller TrustRoot validation cases (trustroot_validation_test.go)', { skip }, async () => {
  const { parse, stringify } = await import('yaml');
  const base = parse(read('_constructed/trustroot/tr-mirrorfs-legacy-targets.yaml')) as Json;
  const variant = (mutate: (repo: Json) => void) => {
    const d = structuredClone(base);
    mutate(d.spec.repository);
    return stringify(d);
  };
  const cases = (JSON.parse(read('_extracted/trustroot_vectors.json')) as Json).validation as Json[];
  assert.equal(cases.length, 5);
  // valid
  assert.deepEqual(
    (
      await loadTrustRootsFromYaml(
        variant(() => {}),
        { now: NOW },
      )
    ).names,
    ['tr-mirrorfs-legacy-targets'],
  );
  // missing root / mirrorFS: named (we name the field the user wrote; upstream reports mirrorFS as "repository", sic)
  for (const [field, message] of [
    ['root', /spec\.repository\.root: missing field/],
    ['mirrorFS', /spec\.repository\.mirrorFS: missing field/],
  ] as const) {
    await assert.rejects(
      loadTrustRootsFromYaml(
        variant((r) => delete r[field]),
        { now: NOW },
      ),
      (e: unknown) => e instanceof TrustRootLoadError && e.reason === 'RESOURCE_INVALID' && message.test(e.message),
    );
  }
  // missing targets: policy-controller's webhook defaults it to "targets" before validating; so do we
  assert.deepEqual(
    (
      await loadTrustRootsFromYaml(
        variant((r) => delete r.targets),
        { now: NOW },
      )
    ).names,
    ['tr-mirrorfs-legacy-targets'],
  );
  // mirrorFS = "hello world\n"
  await assert.rejects(
    loadTrustRootsFromYaml(
      variant((r) => (r.mirrorFS = 'aGVsbG8gd29ybGQK')),
      { now: NOW },
    ),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'NOT_GZIP' &&
      /spec\.repository\.mirrorFS: is not gzip data/.test(e.message),
  );
});
