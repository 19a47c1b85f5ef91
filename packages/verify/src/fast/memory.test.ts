// test-isolation: process (measures the young generation: other files in the process would change it)
// What the hot path keeps per verification must die young. V8 grows its young generation with the bytes that
// survive its young-generation collections and does not give it back, so anything that keeps one bundle's
// objects alive through those collections becomes resident memory (docs/architecture.md, "Memory"). Found with
// --trace-gc-nvp: a getter closure per RFC 3161 token gave each token its own hidden class (a class is never
// young, so it kept its token's parse alive until a full GC) and the young generation reached 128 MB.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity } from '@sigstore/verify';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { loadVectors } from '@sigguard/test-vectors';
import { verifyBundleSync } from '../index.ts';
import { readGenTimesAsDer } from '../rfc3161-gen-time.ts';
import { prepareEntity } from './index.ts';
import { signerCertificateOf } from './signer-certificate.ts';

setFlagsFromString('--allow-natives-syntax');
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

const v = loadVectors().find((x) => x.name === 'keyless-v0.3-tsa')!;

/** The vector's bundle parsed and prepared as verifyBundleSync prepares it. */
function prepared() {
  const entity = prepareEntity(
    readGenTimesAsDer(toSignedEntity(bundleFromJSON(v.bundleJSON), Buffer.from(v.artifactBytes))),
  );
  const timestamp = entity.timestamps.find((t) => t.$case === 'timestamp-authority');
  assert.ok(timestamp && entity.key.$case === 'certificate', 'the vector is keyless with an RFC 3161 token');
  return { token: timestamp.timestamp, leaf: entity.key.certificate };
}

test('prepared RFC 3161 tokens and signing certificates of different bundles share their hidden classes', () => {
  const a = prepared();
  const b = prepared();
  assert.ok(sameHiddenClass(a.token, b.token), 'RFC 3161 tokens');
  assert.ok(sameHiddenClass(a.leaf, b.leaf), 'signing certificates');
  assert.ok(sameHiddenClass(a.leaf.root, b.leaf.root), 'their ASN.1 roots');
  assert.ok(sameHiddenClass(a.leaf.tbsCertificate, b.leaf.tbsCertificate), 'their tbsCertificate nodes');
  // Reading through the memos keeps the classes shared (the memo is stored on first use).
  for (const x of [a, b])
    void [x.token.signingTime, x.leaf.root.toDER(), x.leaf.verify(x.leaf), signerCertificateOf(x.leaf)];
  assert.ok(sameHiddenClass(a.token, b.token), 'RFC 3161 tokens after use');
  assert.ok(sameHiddenClass(a.leaf, b.leaf), 'signing certificates after use');
  assert.ok(sameHiddenClass(a.leaf.root, b.leaf.root), 'ASN.1 roots after use');
  // Memos are stored in properties defined up front: using a memo does not change the class either (classes
  // that differ by use would make @sigstore/core's code polymorphic for every user in the process).
  const unused = prepared();
  assert.ok(sameHiddenClass(a.leaf, unused.leaf), 'a used and an unused signing certificate');
  assert.ok(sameHiddenClass(a.leaf.root, unused.leaf.root), 'a used and an unused ASN.1 root');
  const oid = (x: typeof a) => x.leaf.extensions[0]!.subs[0]!;
  void oid(a).toOID();
  assert.ok(sameHiddenClass(oid(a), oid(unused)), 'a read and an unread OID node');
});

test('600 warm verifications of a keyless bundle with an RFC 3161 token leave the young generation small', () => {
  const options = {
    artifact: v.artifactBytes,
    trustRoot: parseTrustedRoot(v.trustedRootJSON as object),
    identities: compileIdentities([v.identity!]),
    now: v.verifyAtDate,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(v.bundleJSON));
  for (let i = 0; i < 600; i++) assert.equal(verifyBundleSync(bytes, options).ok, true);
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  console.log(`young generation after 600 verifications: ${(young / 2 ** 20).toFixed(1)} MiB`);
  // V8 doubles it (16, 32, 64, 128 MiB). Measured 16 or 32 MiB from run to run since the signing certificate and
  // token are parsed once (parsed-once.ts; the growth to 32 depends on when V8's background threads finish a
  // collection, so 16 is not a stable bound); 64 MiB after 600 verifications and 128 MiB (V8's maximum on this
  // machine) after 1,500 before the fixes of the getter closure and the WeakMap memos.
  assert.ok(young <= 32 * 2 ** 20, `young generation grew to ${(young / 2 ** 20).toFixed(1)} MiB`);
});
