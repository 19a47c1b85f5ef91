// The signing certificate and RFC 3161 tokens parsed once per distinct bytes (parsed-once.ts): the entity equals
// upstream's toSignedEntity, a bundle seen again gets the same parsed objects, failures are upstream's and kept
// nowhere, and the cache is bounded (least recently used out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { toSignedEntity, type SignedEntity } from '@sigstore/verify';
import { loadVectors } from '@sigguard/test-vectors';
import { RecentParses, signedEntityParsedOnce } from './parsed-once.ts';

const vector = (name: string) => loadVectors().find((x) => x.name === name)!;
const withTsa = vector('keyless-v0.3-tsa');
const other = vector('keyless-v0.3-message');
const keyBased = vector('key-v0.3-message');
const bundleOf = (v: typeof withTsa): Bundle => bundleFromJSON(structuredClone(v.bundleJSON));
const artifactOf = (v: typeof withTsa) => Buffer.from(v.artifactBytes);

function assertSameEntity(mine: SignedEntity, upstream: SignedEntity): void {
  assert.deepEqual(mine.signature, upstream.signature);
  assert.equal(mine.tlogEntries, upstream.tlogEntries);
  assert.deepEqual(
    mine.timestamps.map((t) => t.$case),
    upstream.timestamps.map((t) => t.$case),
  );
  mine.timestamps.forEach((t, i) => {
    const u = upstream.timestamps[i]!;
    if (t.$case === 'transparency-log') assert.equal(t.tlogEntry, u.$case === 'transparency-log' && u.tlogEntry);
    else assert.ok(u.$case === 'timestamp-authority' && t.timestamp.root.toDER().equals(u.timestamp.root.toDER()));
  });
  assert.equal(mine.key.$case, upstream.key.$case);
  if (mine.key.$case === 'certificate' && upstream.key.$case === 'certificate') {
    assert.ok(mine.key.certificate.root.toDER().equals(upstream.key.certificate.root.toDER()));
  } else {
    assert.deepEqual(mine.key, upstream.key);
  }
}

test('the entity is the one toSignedEntity makes (keyless with a token, keyless, key-based)', () => {
  for (const v of [withTsa, other, keyBased]) {
    const bundle = bundleOf(v);
    assertSameEntity(signedEntityParsedOnce(bundle, artifactOf(v)), toSignedEntity(bundle, artifactOf(v)));
  }
});

test('a bundle seen again gets the same parsed certificate and token; other bytes get their own', () => {
  const first = signedEntityParsedOnce(bundleOf(withTsa), artifactOf(withTsa));
  const again = signedEntityParsedOnce(bundleOf(withTsa), artifactOf(withTsa));
  const certificate = (e: SignedEntity) => (e.key.$case === 'certificate' ? e.key.certificate : undefined);
  const token = (e: SignedEntity) => e.timestamps.find((t) => t.$case === 'timestamp-authority');
  assert.ok(certificate(first) && token(first), 'the vector is keyless with an RFC 3161 token');
  assert.equal(certificate(again), certificate(first));
  assert.equal(token(again)?.timestamp, token(first)?.timestamp);
  const another = signedEntityParsedOnce(bundleOf(other), artifactOf(other));
  assert.notEqual(certificate(another), certificate(first));
  assert.ok(!certificate(another)!.root.toDER().equals(certificate(first)!.root.toDER()));
});

test('a certificate or token that does not parse fails with upstream error, every time', () => {
  const damaged = (edit: (b: Bundle) => void): Bundle => {
    const b = bundleOf(withTsa);
    edit(b);
    return b;
  };
  const cases = [
    damaged((b) => {
      const c = b.verificationMaterial.content;
      if (c.$case === 'certificate') c.certificate.rawBytes = c.certificate.rawBytes.subarray(0, 100);
    }),
    damaged((b) => {
      const t = b.verificationMaterial.timestampVerificationData!.rfc3161Timestamps[0]!;
      t.signedTimestamp = t.signedTimestamp.subarray(3);
    }),
    damaged((b) => {
      b.verificationMaterial.content = { $case: 'x509CertificateChain', x509CertificateChain: { certificates: [] } };
    }),
  ];
  for (const bundle of cases) {
    let upstream: unknown;
    assert.throws(
      () => toSignedEntity(bundle, artifactOf(withTsa)),
      (e) => ((upstream = e), true),
    );
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => signedEntityParsedOnce(bundle, artifactOf(withTsa)),
        (e) => (e as Error).message === (upstream as Error).message && e?.constructor === upstream?.constructor,
      );
    }
  }
});

test('RecentParses parses each distinct bytes once, keeps the most recently used and no failure', () => {
  const parses: string[] = [];
  const recent = new RecentParses<string>(2);
  const parse = (copy: Buffer) => {
    parses.push(copy.toString('hex'));
    if (copy[0] === 0xff) throw new Error('bad');
    return copy.toString('hex');
  };
  const get = (...bytes: number[]) => recent.get(new Uint8Array(bytes), parse);
  assert.equal(get(1), '01');
  assert.equal(get(1), '01');
  assert.equal(get(2), '02');
  assert.equal(get(1), '01'); // 1 is now the most recent
  assert.equal(get(3), '03'); // evicts 2, the least recently used
  assert.equal(get(1), '01');
  assert.equal(get(2), '02'); // parsed again
  assert.deepEqual(parses, ['01', '02', '03', '02']);
  assert.throws(() => get(0xff), /bad/);
  assert.throws(() => get(0xff), /bad/);
  assert.deepEqual(parses.slice(4), ['ff', 'ff'], 'a failure is not kept');
  // The bytes given are never the ones kept: the parse gets a copy.
  const bytes = new Uint8Array([9]);
  let given: Buffer | undefined;
  recent.get(bytes, (copy) => ((given = copy), 'x'));
  assert.notEqual(given!.buffer, bytes.buffer);
});
