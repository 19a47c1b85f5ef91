// The decision tree never claims what was not checked (issue 10 item 9): a signature by another
// key does not show "signing-key: signed with a trusted public key" before the failed signature,
// and an authority with ctlog whose signature has no log entry fails the transparency-log check,
// not the timestamps one. The exact check statuses of each evidence node are asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPair } from '@sigguard/test-vectors';
import type { ClusterImagePolicy, DecisionNode } from '@sigguard/policy';
import { verifyImage } from 'sigguard';
import { useSignedRegistry } from './support/signed-registry.ts';
import { keyAuthority, keyedPolicy, legacyKeySignedImage } from './support/key-signed.ts';

const reg = useSignedRegistry();
const keyPolicy = (pem: string, ctlog = true) => keyedPolicy(reg, [keyAuthority(reg, 'release-key', pem, ctlog)]);
const verify = (ref: string, policies: ClusterImagePolicy[]) =>
  verifyImage(ref, { policies, defaultTrustRoot: reg.root, registry: reg.client });

/** The checks under the one signature node of the one authority. */
function signatureChecks(policies: DecisionNode[]): { name: string; status: string; reason: string }[] {
  const authority = policies[0]!.children[0]!;
  const signatures = authority.children.filter((c) => c.kind === 'signature');
  assert.equal(signatures.length, 1, JSON.stringify(authority, null, 1));
  return signatures[0]!.children.map((c) => ({ name: c.name, status: c.status, reason: c.reason }));
}

test('signed by another key: signature fails naming that, signing-key is not claimed', async () => {
  const trusted = await generateKeyPair('ecdsa-p256');
  const ref = await legacyKeySignedImage(reg, 'claims/other-key', await generateKeyPair('ecdsa-p256'));
  const d = await verify(ref, keyPolicy(trusted.publicKeyPEM));
  assert.equal(d.allowed, false);
  const checks = signatureChecks(d.policies);
  const status = Object.fromEntries(checks.map((c) => [c.name, c.status]));
  assert.equal(status['signature'], 'fail');
  assert.equal(status['signing-key'], 'skip');
  assert.equal(status['transparency-log'], 'pass');
  assert.equal(checks.filter((c) => c.status === 'fail').length, 1, JSON.stringify(checks));
  const signature = checks.find((c) => c.name === 'signature')!;
  assert.match(signature.reason, /with the trusted public key \(signed by another key, or the content changed\)/);
  assert.equal(checks.find((c) => c.name === 'signing-key')!.reason, 'not evaluated: signature check failed');
  assert.doesNotMatch(JSON.stringify(d.policies), /signed with a trusted public key/);
});

test('ctlog authority, signature without log entry: transparency-log fails, timestamps not evaluated', async () => {
  const key = await generateKeyPair('ecdsa-p256');
  const ref = await legacyKeySignedImage(reg, 'claims/no-entry', key, false);
  const d = await verify(ref, keyPolicy(key.publicKeyPEM));
  assert.equal(d.allowed, false);
  const checks = signatureChecks(d.policies);
  const failed = checks.filter((c) => c.status === 'fail');
  assert.deepEqual(
    failed.map((c) => c.name),
    ['transparency-log'],
    JSON.stringify(checks),
  );
  assert.equal(failed[0]!.reason, 'the bundle has no transparency log entries; 1 required (tlogThreshold 1)');
  assert.deepEqual(
    checks
      .filter((c) => ['timestamps', 'signing-key', 'signature'].includes(c.name))
      .map((c) => [c.name, c.status, c.reason]),
    [
      ['timestamps', 'skip', 'not evaluated: transparency-log check failed'],
      ['signing-key', 'skip', 'not evaluated: transparency-log check failed'],
      ['signature', 'skip', 'not evaluated: transparency-log check failed'],
    ],
  );
  assert.doesNotMatch(JSON.stringify(d.policies), /timestamps","status":"fail/);

  // The same signature passes when the authority does not ask for the log (no ctlog: IgnoreTlog).
  const ok = await verify(ref, keyPolicy(key.publicKeyPEM, false));
  assert.equal(ok.allowed, true, ok.summary);
});
