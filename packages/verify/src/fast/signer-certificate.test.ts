// The hot path's signer-certificate reading (from @sigstore/core's parse) gives exactly readSignerCertificate's
// result or error, on every certificate of the vectors and on bit-flip mutants of the signing certificates that
// @sigstore/core still parses (odd SAN kinds, non-ASCII names, broken extensions, times, OIDs: the fallbacks).
// `npm test` flips one bit kind per signing certificate (SAMPLE); `npm run differential` every kind on each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { X509Certificate } from '@sigstore/core';
import { readSignerCertificate } from '@sigguard/identity';
import { copyOf, signerCertificateOf } from './signer-certificate.ts';
import { memoizeCertificate } from './certificate-memo.ts';
import { bitFlips, certificateCorpus } from './certificate-corpus.ts';
import { fullDifferential } from './differential-sample.ts';

const MASKS = [0x01, 0x04, 0x80] as const;
// [leaf, mask]: the four signing certificates are Fulcio leaves of one layout, so one mask each (and a second
// on the third) reaches what all twelve pairs reach: the same V8 block coverage of the hot path's and
// @sigguard/identity's certificate reading (invalid dates included), and all 17 kinds of outcome. A third of the
// mutants (and CPU); SIGGUARD_DIFFERENTIAL=full (`npm run differential`) runs all twelve pairs.
const SAMPLE: [number, number][] = [
  [0, 0x01],
  [1, 0x04],
  [2, 0x80],
  [2, 0x01],
];

function outcome(read: () => unknown): unknown {
  try {
    return { ok: read() };
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: string }).code };
  }
}

function compare(der: Buffer): boolean {
  let cert: X509Certificate;
  try {
    cert = X509Certificate.parse(der as Buffer<ArrayBuffer>);
  } catch {
    return false;
  }
  const expected = outcome(() => readSignerCertificate(new Uint8Array(der)));
  assert.deepEqual(
    outcome(() => signerCertificateOf(cert)),
    expected,
    `certificate ${der.toString('base64')}`,
  );
  // Prepared as the hot path prepares the leaf: the reading is kept, and later readings are equal copies.
  memoizeCertificate(cert);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(
      outcome(() => signerCertificateOf(cert)),
      expected,
      `kept reading of ${der.toString('base64')}`,
    );
  }
  return true;
}

/** Every object (array, Uint8Array, Date, plain object) reachable from `v`. */
function objectsOf(v: unknown, out: object[] = []): object[] {
  if (typeof v !== 'object' || v === null) return out;
  out.push(v);
  if (!(v instanceof Uint8Array) && !(v instanceof Date)) for (const x of Object.values(v)) objectsOf(x, out);
  return out;
}

test('each verification gets its own copy of the kept reading: changing one changes no other', () => {
  const der = certificateCorpus().leaves[0]!;
  const cert = memoizeCertificate(X509Certificate.parse(der as Buffer<ArrayBuffer>));
  const first = signerCertificateOf(cert);
  const second = signerCertificateOf(cert);
  assert.deepEqual(first, second);
  const shared = new Set(objectsOf(first));
  assert.ok(shared.size > 8, 'the reading holds arrays, bytes, dates and objects');
  for (const o of objectsOf(second)) assert.ok(!shared.has(o), 'an object is shared between two readings');
  first.der[0] = 0;
  first.sans.push({ type: 'email', value: 'mallory@example.com' });
  first.notBefore.setTime(0);
  first.extensions.issuer = 'https://evil.example';
  assert.deepEqual(signerCertificateOf(cert), second);
});

test('the copy refuses values that are not plain data', () => {
  assert.deepEqual(copyOf({ a: [1, 'x', new Uint8Array([1])], d: new Date(5) }), {
    a: [1, 'x', new Uint8Array([1])],
    d: new Date(5),
  });
  assert.throws(() => copyOf({ b: Buffer.from('x') }), /cannot copy/);
  assert.throws(() => copyOf({ m: new Map() }), /cannot copy/);
});

test('signerCertificateOf equals readSignerCertificate on every certificate of the vectors', () => {
  const { leaves, others } = certificateCorpus();
  for (const der of [...leaves, ...others]) assert.ok(compare(der));
  console.log(`${leaves.length + others.length} certificates compared`);
});

test('... and on bit-flip mutants of the signing certificates', () => {
  let compared = 0;
  const leaves = certificateCorpus().leaves.slice(0, 4);
  const pairs = fullDifferential() ? leaves.flatMap((_, leaf) => MASKS.map((mask) => [leaf, mask])) : SAMPLE;
  for (const [leaf, mask] of pairs) {
    for (const m of bitFlips(leaves[leaf!]!, 6, [mask!])) if (compare(m)) compared++;
  }
  assert.ok(compared > (fullDifferential() ? 3500 : 1200), `only ${compared} mutants compared`);
  console.log(`${compared} mutants compared`);
});
