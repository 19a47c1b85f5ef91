// Decisions of the identity matcher that mutation testing showed no unit test noticed: the
// extended key usage refusal, per-identity reasons with several identities, an absent issuer,
// clipped attacker-chosen values, and certificate warnings carried into the result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileIdentities } from './index-node.ts';
import { signerCertificate } from './testdata/signer-certificate.ts';

const cert = signerCertificate;

const alice = compileIdentities([{ issuer: 'https://accounts.example.com', subject: 'alice@example.com' }]);

test('extended key usage: code signing or any usage signs; e-mail protection or none does not', () => {
  assert.equal(alice.match(cert({ extendedKeyUsages: ['1.3.6.1.5.5.7.3.3'] })).ok, true);
  assert.equal(alice.match(cert({ extendedKeyUsages: ['2.5.29.37.0'] })).ok, true);
  assert.equal(alice.match(cert()).ok, true, 'no EKU extension: any usage, as in Go');
  const smime = alice.match(cert({ extendedKeyUsages: ['1.3.6.1.5.5.7.3.4'] }));
  assert.equal(smime.ok, false);
  assert.equal(smime.reason, 'certificate extended key usage (1.3.6.1.5.5.7.3.4) does not include code signing');
  assert.equal(smime.issuer, 'https://accounts.example.com');
  const none = alice.match(cert({ extendedKeyUsages: [] }));
  assert.equal(none.reason, 'certificate extended key usage (none) does not include code signing');
});

test('several identities: each failure names its identity; one identity: no prefix', () => {
  const two = compileIdentities([
    { issuer: 'https://other.example.com', subject: 'alice@example.com' },
    { issuer: 'https://accounts.example.com', subject: 'bob@example.com' },
  ]);
  const r = two.match(cert());
  assert.equal(r.ok, false);
  assert.match(
    r.reason,
    /: identity 0: issuer "https:\/\/accounts\.example\.com" is not "https:\/\/other\.example\.com"; identity 1: no SAN equals subject "bob@example\.com"$/,
  );
  const one = compileIdentities([{ issuer: 'https://accounts.example.com', subject: 'bob@example.com' }]).match(cert());
  assert.match(one.reason, /\): no SAN equals subject "bob@example\.com"$/);
  const second = two.match(cert({ sans: [{ type: 'email', value: 'bob@example.com' }] }));
  assert.equal(second.ok, true);
  assert.equal(second.identity, 1);
  assert.equal(
    second.reason,
    'identity 1 matched: issuer "https://accounts.example.com", subject email:bob@example.com',
  );
});

test('a certificate without an issuer extension: "(none)" in the reasons, no issuer in the result', () => {
  const r = alice.match(cert({ issuer: undefined, extensions: {} }));
  assert.equal(r.ok, false);
  assert.equal('issuer' in r, false);
  assert.match(
    r.reason,
    /^no identity matched \(certificate issuer \(none\), SANs \[email:alice@example\.com\]\): issuer \(none\) is not/,
  );
});

test('long attacker-chosen values are clipped at 256 characters in reasons', () => {
  const long = `${'a'.repeat(300)}@example.com`;
  const r = alice.match(cert({ sans: [{ type: 'email', value: long }] }));
  assert.ok(r.reason.includes(`email:${'a'.repeat(256)}…(${long.length} chars)`), r.reason);
  assert.ok(!r.reason.includes('a'.repeat(257)));
  const exact = 'b'.repeat(256);
  assert.ok(
    alice.match(cert({ sans: [{ type: 'email', value: exact }] })).reason.includes(`email:${exact}]`),
    'exactly 256 is not clipped',
  );
});

test('certificate warnings are carried into the match result, allowed or not', () => {
  const warnings = ['SAN of an unsupported kind skipped'];
  assert.deepEqual(alice.match(cert({ warnings })).warnings, warnings);
  assert.deepEqual(alice.match(cert({ warnings, sans: [] })).warnings, warnings);
});
