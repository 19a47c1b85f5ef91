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
  assert.equal(signerKey({ id: 'x', ok: true, checks: [], signer: { subject: 'a@x', issuer: 'https://i' } }), 'identity:https://i\na@x');
  assert.equal(signerKey({ id: 'x', ok: true, checks: [] }), 'evidence:x');
});
