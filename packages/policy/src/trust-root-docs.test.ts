// TrustRoot documents next to ClusterImagePolicies: envelope checked here, full validation by
// @sigguard/trust-root's parser when the caller injects it (as the sigguard facade does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTrustRootResource, type TrustRootResource } from '@sigguard/trust-root';
import { parsePolicyDocuments } from './parse.ts';
import { PolicyError } from './errors.ts';
import { readShared, skipWithoutShared } from './testdata/shared.ts';

const own = readFileSync(new URL('./testdata/policies.yaml', import.meta.url), 'utf8');

test('policy-controller valid-sigstore-keys TrustRoot + a CIP in one input, validated by trust-root', {
  skip: skipWithoutShared,
}, () => {
  const text =
    readShared('test/testdata/trustroot/valid/valid-sigstore-keys.yaml') +
    '\n---\n' +
    own.split(/^---$/m).slice(1).join('---');
  const docs = parsePolicyDocuments(text, { trustRootParser: parseTrustRootResource });
  assert.equal(docs.trustRoots.length, 1);
  const resource = docs.trustRoots[0]!.resource as TrustRootResource;
  assert.equal(resource.name, docs.trustRoots[0]!.name);
  assert.ok(resource.spec.sigstoreKeys);
  assert.equal(docs.policies.length, 4);
});

test('a TrustRoot the trust-root parser rejects fails the whole input, with its message', () => {
  // Our own file's TrustRoot has an empty sigstoreKeys: envelope-valid, content-invalid.
  assert.equal(parsePolicyDocuments(own).trustRoots.length, 1);
  assert.throws(
    () => parsePolicyDocuments(own, { trustRootParser: parseTrustRootResource }),
    (e: unknown) =>
      e instanceof PolicyError && /TrustRoot my-trust-root/.test(e.message) && /certificateAuthorities/.test(e.message),
  );
});
