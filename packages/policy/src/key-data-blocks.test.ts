// policy-controller verifies with the first PEM block of `key.data` only; a second key that
// looks trusted but is not must be called out in the decision, naming policy, authority and blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { evaluatePolicies } from './evaluate.ts';
import { parsePolicyDocuments } from './parse.ts';
import { ScriptedVerifier, verifiedSignature } from './testdata/scripted-verifier.ts';

const APP = `ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`;
const ecKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsaKey = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();

function policyWithKeyData(data: string) {
  return parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: release}
spec:
  images: [{glob: "ghcr.io/**"}]
  authorities:
    - name: signing-key
      key: {data: ${JSON.stringify(data)}}
`).policies;
}

async function warningsFor(data: string): Promise<string[]> {
  const verifier = new ScriptedVerifier();
  verifier.signatureScript['signing-key'] = [verifiedSignature('sig-1')];
  const decision = await evaluatePolicies(APP, policyWithKeyData(data), verifier);
  assert.equal(decision.allowed, true, decision.summary);
  return decision.warnings;
}

test('one key in key.data: no warning', async () => {
  assert.deepEqual(await warningsFor(ecKey()), []);
});

test('keys after the first in key.data are named as ignored, with their PEM labels', async () => {
  assert.deepEqual(await warningsFor(ecKey() + rsaKey()), [
    'policy release authority signing-key: key.data holds 2 PEM ' +
      'blocks; only the first is used, as in policy-controller; ' +
      'ignored: block #2 (RSA PUBLIC KEY). To trust several keys, give each key its own authority',
  ]);
  const [three] = await warningsFor(ecKey() + ecKey() + rsaKey());
  assert.match(three!, /key\.data holds 3 PEM blocks; .* ignored: block #2 \(PUBLIC KEY\), #3 \(RSA PUBLIC KEY\)\. /);
});

test('keyless and static authorities have no key.data to warn about', async () => {
  const [policy] = policyWithKeyData(ecKey() + ecKey());
  const keyless = {
    ...policy!.authorities[0]!,
    key: undefined,
    keyless: { identities: [{ issuer: 'i', subject: 's' }], insecureIgnoreSCT: false },
  };
  const verifier = new ScriptedVerifier();
  verifier.signatureScript['signing-key'] = [verifiedSignature('sig-1', 's', 'i')];
  const decision = await evaluatePolicies(APP, [{ ...policy!, authorities: [keyless] }], verifier);
  assert.deepEqual(decision.warnings, []);
});
