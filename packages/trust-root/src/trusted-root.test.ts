import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrustedRoot, publicGoodTrustRoot, TrustRootError, MAX_TRUSTED_ROOT_BYTES } from './index.ts';
import publicGood from './data/public-good.trusted_root.json' with { type: 'json' };

const clone = (): any => structuredClone(publicGood);

function rejects(input: unknown, message: RegExp): void {
  assert.throws(
    () => parseTrustedRoot(input as object),
    (e: unknown) => e instanceof TrustRootError && e.code === 'TRUST_ROOT' && message.test(e.message),
  );
}

test('public-good root loads offline with its logs, CAs, CT logs and TSA', () => {
  const root = publicGoodTrustRoot();
  assert.equal(root.name, 'public-good');
  assert.match(root.digest, /^[0-9a-f]{64}$/);
  const s = root.summary();
  assert.ok(s.tlogs.some((l) => l.baseUrl === 'https://rekor.sigstore.dev'));
  assert.ok(s.certificateAuthorities.some((c) => c.uri === 'https://fulcio.sigstore.dev'));
  assert.ok(s.ctlogs.length > 0 && s.timestampAuthorities.length > 0);
  assert.equal(root.trustedRoot.tlogs[0]?.publicKey?.validFor?.start?.toISOString(), '2021-01-12T11:53:27.000Z');
});

test('same content in any form or formatting is cached as one TrustRoot', () => {
  const a = parseTrustedRoot(JSON.stringify(publicGood));
  const b = parseTrustedRoot(new TextEncoder().encode(JSON.stringify(publicGood, null, 2)));
  const c = parseTrustedRoot(clone());
  assert.equal(a, b);
  assert.equal(a, c);
  assert.equal(a.digest, publicGoodTrustRoot().digest);
  assert.notEqual(a, publicGoodTrustRoot(), 'a different name is a different TrustRoot');
});

test('"end": null is accepted as open-ended; end equal to start is accepted', () => {
  const doc = clone();
  doc.tlogs[0].publicKey.validFor.end = null;
  doc.ctlogs[0].publicKey.validFor.end = doc.ctlogs[0].publicKey.validFor.start;
  const root = parseTrustedRoot(doc);
  assert.equal(root.trustedRoot.tlogs[0]?.publicKey?.validFor?.end, undefined);
});

test('a log, CT log, CA or TSA without validFor.start is rejected', () => {
  for (const [list, at] of [
    ['tlogs', 'publicKey'],
    ['ctlogs', 'publicKey'],
    ['certificateAuthorities', ''],
    ['timestampAuthorities', ''],
  ] as const) {
    const doc = clone();
    const entry = at ? doc[list][0][at] : doc[list][0];
    entry.validFor = {};
    rejects(doc, new RegExp(`${list}\\[0\\]\\.${at ? at + '\\.' : ''}validFor\\.start is required`));
    delete entry.validFor;
    rejects(doc, /validFor is required/);
  }
});

test('end before start is rejected', () => {
  const doc = clone();
  doc.tlogs[0].publicKey.validFor.end = '2020-01-01T00:00:00Z';
  rejects(doc, /tlogs\[0\]\.publicKey\.validFor\.end is before start/);
});

test('malformed roots give a clear TRUST_ROOT error naming the field', () => {
  rejects('{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", "tlogs": [', /not valid JSON/);
  rejects(new Uint8Array([0xff, 0xfe, 0x00]), /not valid UTF-8/);
  rejects('[]', /\(document\) must be an object, got an array/);
  rejects(null, /must be JSON text, bytes or an object/);
  let doc = clone();
  doc.mediaType = 'application/vnd.dev.sigstore.trustedroot+json;version=9.9';
  rejects(doc, /mediaType .*not a supported TrustedRoot media type/);
  doc = clone();
  delete doc.mediaType;
  rejects(doc, /mediaType is required/);
  doc = clone();
  doc.tlogs[0].publicKey.rawBytes = 'not base64!!';
  rejects(doc, /tlogs\[0\]\.publicKey\.rawBytes is not valid base64/);
  doc = clone();
  doc.tlogs[0].logId.keyId = 42;
  rejects(doc, /tlogs\[0\]\.logId\.keyId must be a base64 string, got number/);
  doc = clone();
  doc.tlogs = {};
  rejects(doc, /tlogs must be an array, got object/);
  doc = clone();
  doc.certificateAuthorities[0].certChain.certificates = [];
  rejects(doc, /must hold at least one certificate/);
  doc = clone();
  doc.tlogs[0].publicKey.validFor.start = 'yesterday';
  rejects(doc, /must be an RFC 3339 timestamp/);
  doc = clone();
  doc.tlogs[0].publicKey.keyDetails = 'PKIX_MADE_UP';
  rejects(doc, /Unrecognized enum value PKIX_MADE_UP/);
});

test('unknown fields are rejected rather than ignored', () => {
  const doc = clone();
  doc.tlogs[0].trustEverything = true;
  rejects(doc, /tlogs\[0\]\.trustEverything is not a known field/);
});

test('oversized input is refused before parsing', () => {
  rejects('x'.repeat(MAX_TRUSTED_ROOT_BYTES + 1), /too large/);
  rejects(new Uint8Array(MAX_TRUSTED_ROOT_BYTES + 1), /too large/);
});
