// Hand-built policies (not through validation) compile their signer material on first use and
// keep it, for identities and keys alike (mutation testing: only validated lists were reused).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { identityMatcherOf, publicKeysOf } from './authority-material.ts';
import type { IdentityMatch, KeyRef } from './types.ts';

const pem = (name: string) => readFileSync(new URL(`../../../test-vectors/keys/${name}`, import.meta.url), 'utf8');
const keyPem = pem('ecdsa-p256.pub.pem');

test('a hand-built identity list is compiled on first use, then the same matcher is reused', () => {
  const identities: IdentityMatch[] = [{ issuer: 'https://issuer.example', subject: 'ci@example.com' }];
  const first = identityMatcherOf(identities);
  assert.equal(first.identities.length, 1);
  assert.equal(identityMatcherOf(identities), first);
  // An equal list that is another object is compiled on its own.
  assert.notEqual(identityMatcherOf([...identities]), first);
});

test('an identity list changed after use is compiled again, until it is frozen; frozen, it is not re-read', () => {
  const alice = { issuer: 'https://issuer.example', subject: 'alice@example.com' };
  const identities: IdentityMatch[] = [alice];
  const first = identityMatcherOf(identities);
  alice.subject = 'mallory@example.com';
  const second = identityMatcherOf(identities);
  assert.notEqual(second, first);
  assert.equal(second.identities[0]!.spec.subject, 'mallory@example.com');
  // A frozen list of unfrozen entries can still change: it is still compared.
  Object.freeze(identities);
  assert.equal(identityMatcherOf(identities), second);
  alice.subject = 'eve@example.com';
  const third = identityMatcherOf(identities);
  assert.notEqual(third, second);
  assert.equal(third.identities[0]!.spec.subject, 'eve@example.com');
  // Deeply frozen: kept for good (nothing can change it any more).
  Object.freeze(alice);
  assert.equal(identityMatcherOf(identities), third);
  assert.equal(identityMatcherOf(identities), third);
});

test('a hand-built key is parsed on first use, then kept; a key without data is refused as no PEM', () => {
  const key: KeyRef = { data: keyPem, hashAlgorithm: 'sha384' };
  const first = publicKeysOf(key);
  assert.equal(first[0]!.hashAlgorithm, 'sha384');
  assert.equal(publicKeysOf(key), first);
  assert.throws(
    () => publicKeysOf({ kms: 'hashivault://k', hashAlgorithm: 'sha256' }),
    /no "-----BEGIN PUBLIC KEY-----"/,
  );
});

test('a key whose data is changed after use is parsed again: the old key is not trusted any more', () => {
  const key: KeyRef = { data: keyPem, hashAlgorithm: 'sha256' };
  const before = publicKeysOf(key);
  key.data = pem('ecdsa-p384.pub.pem');
  const after = publicKeysOf(key);
  assert.notEqual(after, before);
  assert.deepEqual([before[0]!.curve, after[0]!.curve], ['P-256', 'P-384']);
});
