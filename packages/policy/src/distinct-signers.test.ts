import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distinctSignerCount, signerKey } from './distinct-signers.ts';

test('distinctSignerCount: authorities are credited to different signers (maximum matching)', () => {
  assert.equal(distinctSignerCount([['alice'], ['alice']]), 1, 'one signer satisfying two authorities counts once');
  assert.equal(distinctSignerCount([['alice', 'bob'], ['alice']]), 2, 'reassigns the first authority to bob');
  assert.equal(distinctSignerCount([['alice'], ['alice'], ['alice', 'bob']]), 2);
  assert.equal(distinctSignerCount([undefined, ['alice']]), 2, 'a static pass needs no signer');
  assert.equal(distinctSignerCount([[], ['alice']]), 1, 'a passing authority with no known signer does not count');
});

test('signerKey: verifier signerId, else the certificate identity, else the evidence id', () => {
  assert.equal(signerKey({ id: 'x', ok: true, checks: [], signerId: 'key:01' }), 'key:01');
  assert.equal(
    signerKey({ id: 'x', ok: true, checks: [], signer: { subject: 'a@x', issuer: 'https://i' } }),
    'identity:https://i\na@x',
  );
  assert.equal(signerKey({ id: 'x', ok: true, checks: [] }), 'evidence:x');
});

test('who counts as the same signer for N-of-M: empty signerId falls back; subject or issuer alone identify', () => {
  const ev = (id: string, extra: object) => ({ id, ok: true, checks: [], ...extra });
  const signers = (...evidence: ReturnType<typeof ev>[]) => distinctSignerCount(evidence.map((e) => [signerKey(e)]));
  // An empty signerId is no name: the certificate identity decides.
  assert.equal(
    signers(
      ev('a', { signerId: '', signer: { subject: 'alice@x', issuer: 'https://i' } }),
      ev('b', { signer: { subject: 'alice@x', issuer: 'https://i' } }),
    ),
    1,
  );
  assert.equal(
    signers(
      ev('a', { signerId: '', signer: { subject: 'alice@x' } }),
      ev('b', { signerId: '', signer: { subject: 'bob@x' } }),
    ),
    2,
  );
  // Only a subject, or only an issuer, still names the signer (not each piece of evidence).
  assert.equal(signers(ev('a', { signer: { subject: 'alice@x' } }), ev('b', { signer: { subject: 'alice@x' } })), 1);
  assert.equal(signers(ev('a', { signer: { issuer: 'https://i' } }), ev('b', { signer: { issuer: 'https://i' } })), 1);
  assert.equal(
    signers(
      ev('a', { signer: { subject: 'alice@x', issuer: 'https://i' } }),
      ev('b', { signer: { subject: 'alice@x', issuer: 'https://j' } }),
    ),
    2,
  );
  // Nothing known about the signer: each piece of evidence is its own.
  assert.equal(signers(ev('a', { signer: {} }), ev('b', { signer: {} })), 2);
});
