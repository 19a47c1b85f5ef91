// Several PEM blocks in one authority's key.data (issue 10 item 3): policy-controller's KeyRef
// (cryptoutils.UnmarshalPEMToPublicKey, a single pem.Decode) uses only the first block, so an image
// signed by the second key is denied there. sigguard does the same and warns, naming the authority
// and the ignored blocks; two keys are trusted with two authorities.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { generateKeyPair, type KeyPair } from '@sigguard/test-vectors';
import type { ClusterImagePolicy } from '@sigguard/policy';
import { verifyImage } from 'sigguard';
import { useSignedRegistry } from './support/signed-registry.ts';
import { keyAuthority, keyedPolicy, legacyKeySignedImage } from './support/key-signed.ts';

const reg = useSignedRegistry();

let first: KeyPair;
let second: KeyPair;
before(async () => {
  first = await generateKeyPair('ecdsa-p256');
  second = await generateKeyPair('ecdsa-p256');
});

const signedBy = (name: string, key: KeyPair) => legacyKeySignedImage(reg, `keyblocks/${name}`, key);
const verify = (ref: string, policies: ClusterImagePolicy[]) =>
  verifyImage(ref, { policies, defaultTrustRoot: reg.root, registry: reg.client });
const WARNING =
  'policy keyed authority both-keys: key.data holds 2 PEM blocks; only the first is used, as in policy-controller; ' +
  'ignored: block #2 (PUBLIC KEY). To trust several keys, give each key its own authority';

test('signed by the second key of key.data: denied, warning names the authority and the ignored block', async () => {
  const both = keyedPolicy(reg, [keyAuthority(reg, 'both-keys', first.publicKeyPEM + second.publicKeyPEM)]);
  const bySecond = await verify(await signedBy('second', second), both);
  assert.equal(bySecond.allowed, false, bySecond.summary);
  assert.match(bySecond.summary, /failed policy keyed: no authority passed: both-keys: .*no matching signatures/);
  assert.deepEqual(bySecond.warnings, [WARNING]);

  const byFirst = await verify(await signedBy('first', first), both);
  assert.equal(byFirst.allowed, true, byFirst.summary);
  assert.deepEqual(byFirst.warnings, [WARNING]);
});

test('two keys are trusted with two authorities (no warning)', async () => {
  const two = keyedPolicy(reg, [
    keyAuthority(reg, 'first-key', first.publicKeyPEM),
    keyAuthority(reg, 'second-key', second.publicKeyPEM),
  ]);
  const d = await verify(await signedBy('two-authorities', second), two);
  assert.equal(d.allowed, true, d.summary);
  assert.match(d.summary, /keyed/);
  assert.deepEqual(d.warnings, []);
  assert.deepEqual(
    d.policies[0]?.children.map((c) => [c.name, c.status]),
    [
      ['first-key', 'fail'],
      ['second-key', 'pass'],
    ],
  );
});
