// Every remote key reference cosign accepts is recognised (and refused offline), however it is
// written; anything else is not mistaken for one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kmsScheme, KmsUnavailableError, refuseKmsReference } from './index-node.ts';

test("each of cosign's remote key schemes is recognised, also in capitals or after spaces", () => {
  const refs: Array<[string, string]> = [
    ['awskms:///arn:aws:kms:us-east-1:123456789012:alias/release', 'awskms://'],
    ['gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k', 'gcpkms://'],
    ['azurekms://vault.vault.azure.net/release', 'azurekms://'],
    ['hashivault://release', 'hashivault://'],
    ['k8s://cosign-system/signing-key', 'k8s://'],
    ['gitlab://acme/app', 'gitlab://'],
    ['pkcs11:token=release;slot-id=0', 'pkcs11:'],
    ['  GitLab://acme/app', 'gitlab://'],
  ];
  for (const [ref, scheme] of refs) {
    assert.equal(kmsScheme(ref), scheme, ref);
    assert.throws(
      () => refuseKmsReference(ref),
      (e: unknown) =>
        e instanceof KmsUnavailableError &&
        e.code === 'KMS_UNAVAILABLE' &&
        e.reference === ref &&
        e.message.includes(`uses ${scheme}`),
      ref,
    );
  }
});

test('file paths, PEM text and non-strings are not KMS references', () => {
  for (const ref of ['cosign.pub', '/keys/gitlab.pub', '-----BEGIN PUBLIC KEY-----', 'pkcs11', 42, null]) {
    assert.equal(kmsScheme(ref as never), undefined, String(ref));
    assert.doesNotThrow(() => refuseKmsReference(ref as never));
  }
});
