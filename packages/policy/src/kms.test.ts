// key.kms at admission (policy-controller-semantics.md, KeyRef): one of cosign's KMS schemes,
// and AWS references only as key or alias ARNs. Checked without contacting any KMS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocuments } from './parse.ts';
import { PolicyError } from './errors.ts';

const cip = (kms: string) => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: kms}
spec:
  images: [{glob: "**"}]
  authorities: [{key: {kms: ${JSON.stringify(kms)}}}]
`;

function problems(kms: string): string[] {
  try {
    parsePolicyDocuments(cip(kms));
    return [];
  } catch (e) {
    assert.ok(e instanceof PolicyError, String(e));
    return e.problems;
  }
}

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('references in every KMS scheme policy-controller knows are accepted', () => {
  for (const kms of [
    `awskms:///${KEY_ARN}`,
    `awskms://kms.example.com:4566/${KEY_ARN}`,
    'awskms:///arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/release',
    'gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k',
    'azurekms://vault.vault.azure.net/release',
    'hashivault://release',
  ]) {
    assert.deepEqual(problems(kms), [], kms);
    assert.equal(parsePolicyDocuments(cip(kms)).policies[0]!.authorities[0]!.key!.kms, kms);
  }
});

test('an unknown scheme, a scheme without a key, and AWS key ids or alias names are refused', () => {
  const at = 'spec.authorities[0].key.kms';
  assert.deepEqual(problems('file:///cosign.pub'), [
    `invalid value: file:///cosign.pub: ${at} (kms reference must start with one of awskms://, azurekms://, hashivault://, gcpkms://) (in input document 1)`,
  ]);
  assert.deepEqual(problems('gcpkms://'), [
    `invalid value: gcpkms://: ${at} (kms reference names no key) (in input document 1)`,
  ]);
  for (const aws of ['awskms:///1234abcd-12ab-34cd-56ef-1234567890ab', 'awskms:///alias/release', 'awskms://']) {
    assert.match(problems(aws).join('\n'), /malformed AWS KMS reference/, aws);
  }
});
