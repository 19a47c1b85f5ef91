// Several PEM blocks in one authority's key.data (issue 10 item 3): policy-controller's KeyRef
// (cryptoutils.UnmarshalPEMToPublicKey, a single pem.Decode) uses only the first block, so an image
// signed by the second key is denied there. sigguard does the same and warns, naming the authority
// and the ignored blocks; two keys are trusted with two authorities.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { cosignLegacySignature, generateKeyPair, simpleSigningPayload, type KeyPair } from '@sigguard/test-vectors';
import { parsePolicyDocuments } from '@sigguard/policy';
import { parseRepositoryName } from '@sigguard/oci';
import { verifyImage } from 'sigguard';
import { useSignedRegistry } from './support/signed-registry.ts';
import { pushImage, pushLegacy } from '../../oci/test/support/artifacts.ts';

const reg = useSignedRegistry();
const indent = (s: string, n: number) => s.trim().split('\n').map((l) => ' '.repeat(n) + l).join('\n');

let first: KeyPair;
let second: KeyPair;
before(async () => {
  first = await generateKeyPair('ecdsa-p256');
  second = await generateKeyPair('ecdsa-p256');
});

const authority = (name: string, pem: string) => `    - name: ${name}
      key:
        data: |
${indent(pem, 10)}
      ctlog: { url: "${reg.ts.rekor.baseUrl}" }`;

const policies = (authorities: string[]) =>
  parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: keyed }
spec:
  images: [{ glob: "${reg.host}/**" }]
  authorities:
${authorities.join('\n')}
`).policies;

/** An image with a cosign legacy `.sig` (Rekor entry included) signed by `key`. */
async function signedBy(name: string, key: KeyPair): Promise<string> {
  const repo = parseRepositoryName(`${reg.host}/keyblocks/${name}`);
  const img = await pushImage(reg.client, repo, `keyblocks-${name}`);
  const layer = await cosignLegacySignature(reg.ts, simpleSigningPayload(`${reg.host}/keyblocks/${name}`, img.digest), { signer: { key } });
  await pushLegacy(reg.client, repo, img.digest, 'sig', [{ bytes: layer.payload, annotations: layer.annotations }]);
  return `${reg.host}/keyblocks/${name}@${img.digest}`;
}

const verify = (ref: string, p: ReturnType<typeof policies>) => verifyImage(ref, { policies: p, defaultTrustRoot: reg.root, registry: reg.client });
const WARNING =
  'policy keyed authority both-keys: key.data holds 2 PEM blocks; only the first is used, as in policy-controller; ' +
  'ignored: block #2 (PUBLIC KEY). To trust several keys, give each key its own authority';

test('an image signed by the second key of key.data is denied, with a warning naming the authority and the ignored block', async () => {
  const both = policies([authority('both-keys', first.publicKeyPEM + second.publicKeyPEM)]);
  const bySecond = await verify(await signedBy('second', second), both);
  assert.equal(bySecond.allowed, false, bySecond.summary);
  assert.match(bySecond.summary, /failed policy keyed: no authority passed: both-keys: .*no matching signatures/);
  assert.deepEqual(bySecond.warnings, [WARNING]);

  const byFirst = await verify(await signedBy('first', first), both);
  assert.equal(byFirst.allowed, true, byFirst.summary);
  assert.deepEqual(byFirst.warnings, [WARNING]);
});

test('two keys are trusted with two authorities (no warning)', async () => {
  const two = policies([authority('first-key', first.publicKeyPEM), authority('second-key', second.publicKeyPEM)]);
  const d = await verify(await signedBy('two-authorities', second), two);
  assert.equal(d.allowed, true, d.summary);
  assert.match(d.summary, /keyed/);
  assert.deepEqual(d.warnings, []);
  assert.deepEqual(
    d.policies[0]?.children.map((c) => [c.name, c.status]),
    [['first-key', 'fail'], ['second-key', 'pass']],
  );
});
