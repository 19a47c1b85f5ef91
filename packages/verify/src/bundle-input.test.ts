import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publicGoodTrustRoot } from '@sigguard/trust-root';
import { verifyBundleSync, DEFAULT_MAX_BUNDLE_BYTES, type BundleVerification } from './index.ts';
import { artifact, beacon, read, readJson } from './testdata/load.ts';

const trustRoot = publicGoodTrustRoot();
const sample = () => readJson('happy-path-v0.3.sigstore.json');
const verify = (input: unknown, extra: object = {}): BundleVerification =>
  verifyBundleSync(input as string, { artifact, trustRoot, identities: beacon(), ...extra });

function malformed(r: BundleVerification, reason: RegExp, code = 'MALFORMED_BUNDLE'): void {
  assert.equal(r.ok, false);
  assert.equal(r.error?.code, code, r.error?.message);
  assert.match(r.error!.message, reason);
  assert.equal(r.checks.filter((c) => c.status === 'pass').length, 0, 'nothing passes before the input is understood');
}

test('truncated JSON', () => {
  const text = new TextDecoder().decode(read('happy-path-v0.3.sigstore.json'));
  malformed(verify(text.slice(0, text.length / 2)), /bundle is not valid JSON/);
  malformed(verify(read('happy-path-v0.3.sigstore.json').subarray(0, 100)), /bundle is not valid JSON/);
});

test('not UTF-8, not an object', () => {
  malformed(verify(new Uint8Array([0xc3, 0x28])), /not valid UTF-8/);
  for (const v of ['[]', '42', 'null', '"x"']) malformed(verify(v), /bundle must be a JSON object/);
  malformed(verify(null), /bundle must be a JSON object, got null/);
});

test('unknown or missing media type', () => {
  const doc = sample();
  doc.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=99.9';
  malformed(verify(doc), /unsupported bundle media type/);
  delete doc.mediaType;
  malformed(verify(doc), /mediaType is missing/);
});

test('bad base64 names the field', () => {
  const doc = sample();
  doc.messageSignature.signature = '!!not base64!!';
  malformed(verify(doc), /bundle\.messageSignature\.signature is not valid base64/);
  const d2 = sample();
  d2.verificationMaterial.tlogEntries[0].inclusionProof.hashes[1] = 'abc$';
  malformed(verify(d2), /inclusionProof\.hashes\[1\] is not valid base64/);
});

test('base64 with line breaks is accepted as Go reads it, and the breaks cannot hide a bad character', () => {
  const doc = sample();
  const sig: string = doc.messageSignature.signature;
  doc.messageSignature.signature = `${sig.slice(0, 8)}\r\n${sig.slice(8, 16)}\n${sig.slice(16)}`;
  const r = verify(doc);
  assert.ok(r.ok || r.error?.code !== 'MALFORMED_BUNDLE', `refused as malformed: ${r.error?.message}`);
  doc.messageSignature.signature = `${sig.slice(0, 8)}\n$${sig.slice(9)}`;
  malformed(verify(doc), /bundle\.messageSignature\.signature is not valid base64/);
});

test('wrong field types name the field', () => {
  let doc = sample();
  doc.verificationMaterial.tlogEntries = { 0: doc.verificationMaterial.tlogEntries[0] };
  malformed(verify(doc), /tlogEntries must be an array, got object/);
  doc = sample();
  doc.messageSignature.signature = 1234;
  malformed(verify(doc), /signature must be a base64 string, got number/);
  doc = sample();
  doc.verificationMaterial.tlogEntries[0].logIndex = '-1';
  malformed(verify(doc), /logIndex must be a non-negative integer/);
  doc = sample();
  doc.verificationMaterial = 'cert';
  malformed(verify(doc), /verificationMaterial must be an object, got string/);
});

test('unknown fields and ambiguous content are refused', () => {
  let doc = sample();
  doc.verificationMaterial.tlogEntries[0].trusted = true;
  malformed(verify(doc), /tlogEntries\[0\]\.trusted is not a known bundle field/);
  doc = sample();
  doc.dsseEnvelope = { payload: 'e30=', payloadType: 'x', signatures: [] };
  malformed(verify(doc), /exactly one of messageSignature, dsseEnvelope/);
  doc = sample();
  delete doc.messageSignature;
  malformed(verify(doc), /exactly one of messageSignature, dsseEnvelope/);
  doc = sample();
  doc.verificationMaterial.x509CertificateChain = { certificates: [] };
  malformed(verify(doc), /exactly one of publicKey, x509CertificateChain, certificate/);
});

test('required fields missing (checked by @sigstore/bundle)', () => {
  const doc = sample();
  delete doc.verificationMaterial.tlogEntries[0].inclusionProof;
  malformed(verify(doc), /inclusionProof/);
  const v1 = readJson('happy-path-v0.1.sigstore.json');
  v1.verificationMaterial.x509CertificateChain.certificates = [];
  malformed(verify(v1), /x509CertificateChain\.certificates/);
});

test('garbage certificate bytes are a clear error', () => {
  const doc = sample();
  doc.verificationMaterial.certificate.rawBytes = 'AAAA';
  const r = verify(doc);
  assert.equal(r.ok, false);
  assert.equal(r.error?.code, 'MALFORMED_BUNDLE');
  assert.match(r.error!.message, /certificate or timestamp cannot be parsed/);
});

test('deeply nested JSON is an error, not a crash', () => {
  malformed(
    verify('['.repeat(200_000) + ']'.repeat(200_000)),
    /bundle is nested more than 1000 levels deep \(at \$\[0\]\[0\]/,
  );
  const doc = sample();
  let deep: unknown = {};
  for (let i = 0; i < 100_000; i++) deep = { x: deep };
  doc.verificationMaterial.extra = deep;
  malformed(verify(doc), /bundle is nested more than 1000 levels deep \(at \$\.verificationMaterial\.extra\.x\.x/);
});

test('huge inputs are refused before parsing', () => {
  const big = ' '.repeat(DEFAULT_MAX_BUNDLE_BYTES + 1);
  malformed(verify(big), /too large/);
  malformed(
    verify(read('happy-path-v0.3.sigstore.json'), { maxBundleBytes: 1000 }),
    /too large \(\d+ bytes, limit 1000\)/,
  );
});

test('unusable options are INVALID_OPTIONS, never an allow', () => {
  const bundle = read('happy-path-v0.3.sigstore.json');
  const base = { trustRoot, identities: beacon() };
  malformed(
    verifyBundleSync(bundle, base as never),
    /exactly one of options.artifact and options.artifactDigest/,
    'INVALID_OPTIONS',
  );
  malformed(
    verifyBundleSync(bundle, { ...base, artifact, artifactDigest: { algorithm: 'sha256', hex: 'ab'.repeat(32) } }),
    /exactly one/,
    'INVALID_OPTIONS',
  );
  malformed(
    verifyBundleSync(bundle, { ...base, artifactDigest: { algorithm: 'sha256', hex: 'xyz' } }),
    /64 hex digits/,
    'INVALID_OPTIONS',
  );
  malformed(verifyBundleSync(bundle, { trustRoot, artifact }), /identities .* or options.keys/, 'INVALID_OPTIONS');
  malformed(
    verifyBundleSync(bundle, { ...base, artifact: 'text' as never }),
    /must be a Uint8Array/,
    'INVALID_OPTIONS',
  );
  const noRoot = verifyBundleSync(bundle, { identities: beacon(), artifact, trustRoot: {} as never });
  assert.equal(noRoot.ok, false);
  assert.equal(noRoot.error?.code, 'TRUST_ROOT');
  assert.match(noRoot.error!.message, /must be a TrustRoot/);
  malformed(verifyBundleSync(bundle, undefined as never), /options are required/, 'INVALID_OPTIONS');
  malformed(
    verifyBundleSync(bundle, { ...base, artifact, tlogThreshold: -1 }),
    /tlogThreshold must be a non-negative integer/,
    'INVALID_OPTIONS',
  );
  malformed(
    verifyBundleSync(bundle, { ...base, artifact, now: new Date('nope') }),
    /now must be a valid Date/,
    'INVALID_OPTIONS',
  );
});
