// The hot path's DER (der-memo.ts: a parsed node's own bytes; der-encoding.ts: one-buffer encoding) is byte
// for byte @sigstore/core's toDER(), on every node of every certificate of the vectors and of bit-flip mutants
// that still parse, and on the SCT check's edited copy (SCT extension removed) of each signing certificate.
// `npm test` takes a seeded sample of the mutants of each certificate and bit (differential-sample.ts);
// `npm run differential` compares all of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASN1Obj, EXTENSION_OID_SCT, X509Certificate } from '@sigstore/core';
import { parsedBytes } from './der-memo.ts';
import { encodeDer } from './der-encoding.ts';
import { bitFlips, certificateCorpus } from './certificate-corpus.ts';
import { memoizeCertificate } from './certificate-memo.ts';
import { fullDifferential, sampleByClass } from './differential-sample.ts';

const upstream = (node: ASN1Obj): Buffer => ASN1Obj.prototype.toDER.call(node);

function parse(der: Buffer): X509Certificate | undefined {
  try {
    return X509Certificate.parse(der as Buffer<ArrayBuffer>);
  } catch {
    return undefined;
  }
}

function checkTree(root: ASN1Obj, what: string): number {
  let n = 0;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const expected = upstream(node);
    assert.deepEqual(parsedBytes(node), expected, `${what}: parsed bytes of a node`);
    assert.deepEqual(encodeDer(node), expected, `${what}: encodeDer of a node`);
    n++;
    stack.push(...node.subs);
  }
  return n;
}

test('parsed bytes and encodeDer equal @sigstore/core toDER on every node of every certificate and mutant', () => {
  const { leaves, others } = certificateCorpus();
  assert.ok(
    leaves.length >= 20 && others.length >= 5,
    `corpus too small: ${leaves.length} leaves, ${others.length} others`,
  );
  let nodes = 0;
  let parsed = 0;
  for (const der of [...leaves, ...others]) nodes += checkTree(parse(der)!.root, 'vector');
  const masks = [0x01, 0x80];
  const flips = leaves
    .slice(0, 6)
    .flatMap((der, leaf) =>
      bitFlips(der, 5, masks).map((m, i) => ({ m, leaf, mask: masks[i % masks.length]!, at: i })),
    );
  // Per certificate and bit, 60 flip positions of 138 to 421 (most mutants still parse).
  const full = fullDifferential();
  const sample = sampleByClass(
    flips,
    (f) => `${f.leaf}:${f.mask}`,
    (f) => `${f.leaf}:${f.at}`,
    60,
    full,
  );
  for (const { m } of sample) {
    const cert = parse(m);
    if (!cert) continue;
    parsed++;
    nodes += checkTree(cert.root, 'mutant');
  }
  assert.ok(parsed > 500, `only ${parsed} mutants parse`);
  console.log(`${nodes} nodes compared (${parsed} parsing mutants)`);
});

test('encodeDer of the tbsCertificate with the SCT extension removed equals @sigstore/core toDER', () => {
  let edited = 0;
  for (const der of certificateCorpus().leaves) {
    const cert = parse(der)!;
    const i = cert.extensions.findIndex((e) => e.subs[0]!.toOID() === EXTENSION_OID_SCT);
    if (i < 0) continue;
    cert.extensions.splice(i, 1);
    assert.deepEqual(encodeDer(cert.tbsCertificate), upstream(cert.tbsCertificate));
    assert.notDeepEqual(encodeDer(cert.tbsCertificate), parse(der)!.tbsCertificate.toDER());
    edited++;
  }
  assert.ok(edited >= 10, `only ${edited} certificates with SCTs`);
});

test('parsed bytes are refused for a node not in its parse buffer (an edited or constructed node)', () => {
  const cert = parse(certificateCorpus().leaves[0]!)!;
  const tbs = cert.tbsCertificate;
  const moved = new ASN1Obj(tbs.tag, Buffer.from(new Uint8Array(tbs.value).buffer), tbs.subs); // at offset 0 of its own buffer
  assert.equal(parsedBytes(moved), undefined);
});

test("the hot path's clone() for the SCT check: the copy edited as sct.ts does encodes as upstream's, the original unchanged", () => {
  let edited = 0;
  for (const der of certificateCorpus().leaves) {
    const plain = parse(der)!;
    const fast = memoizeCertificate(parse(der)!);
    const [a, b] = [plain.clone(), fast.clone()];
    for (const c of [a, b]) {
      const i = c.extensions.findIndex((e) => e.subs[0]!.toOID() === EXTENSION_OID_SCT);
      if (i >= 0) c.extensions.splice(i, 1);
    }
    assert.deepEqual(b.tbsCertificate.toDER(), a.tbsCertificate.toDER());
    assert.deepEqual(fast.root.toDER(), der, 'the original is untouched');
    assert.equal(fast.extensions.length, plain.extensions.length);
    edited++;
  }
  assert.ok(edited >= 20);
});
