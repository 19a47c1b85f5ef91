// The signing certificate's outer signatureAlgorithm must be the TBSCertificate's and known, as Go's crypto/x509
// requires; plain @sigstore/verify accepted a damaged outer identifier (npm run fuzz, seed 20261210 case 81495).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { verifyBundleSync } from './index.ts';

const vectors = join(import.meta.dirname, '..', '..', '..', 'test-vectors');
const dir = join(vectors, 'bundles', 'keyless-dsse-intoto-v0.1');
const trustRoot = parseTrustedRoot(readFileSync(join(vectors, 'trusted_root.json')));
const artifact = new Uint8Array(readFileSync(join(dir, 'artifact')));
const identities = compileIdentities([{ issuer: 'https://accounts.example.com', subject: 'alice@example.com' }]);
const ECDSA_SHA256 = Buffer.from('06082a8648ce3d040302', 'hex');

function withLeaf(edit: (der: Buffer) => void): object {
  const bundle = JSON.parse(readFileSync(join(dir, 'bundle.sigstore.json'), 'utf8'));
  const holder =
    bundle.verificationMaterial.x509CertificateChain?.certificates[0] ?? bundle.verificationMaterial.certificate;
  const der = Buffer.from(holder.rawBytes, 'base64');
  edit(der);
  holder.rawBytes = der.toString('base64');
  return bundle;
}

// The outer AlgorithmIdentifier follows the TBSCertificate: the last occurrence of the OID.
const outerOid = (der: Buffer) => der.lastIndexOf(ECDSA_SHA256);

function verify(bundle: object) {
  return verifyBundleSync(bundle as Record<string, unknown>, {
    artifact,
    trustRoot,
    identities,
    now: new Date('2026-01-15T12:01:00Z'),
  });
}

test('the unchanged vector verifies (the edits below are the only difference)', () => {
  const r = verify(withLeaf(() => {}));
  assert.equal(r.ok, true, r.error?.message);
});

for (const [what, edit] of [
  [
    'an unknown outer algorithm (OID arc 4 -> 5)',
    (d: Buffer) => {
      d[outerOid(d) + 7] = 0x05;
    },
  ],
  [
    'ecdsa-with-SHA384 outside, SHA256 inside',
    (d: Buffer) => {
      d[outerOid(d) + 9] = 0x03;
    },
  ],
] as const) {
  test(`a signing certificate with ${what} is a malformed bundle, as in Go's x509`, () => {
    const bundle = withLeaf((d) => {
      assert.ok(outerOid(d) > d.indexOf(ECDSA_SHA256), 'the vector has inner and outer identifiers');
      edit(d);
    });
    const r = verify(bundle);
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'MALFORMED_BUNDLE', r.error?.message);
    assert.match(r.error?.message ?? '', /signing certificate: .*signature algorithm/);
  });
}
