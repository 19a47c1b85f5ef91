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
