import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { identityMatcherOf, parsePolicyDocuments, publicKeysOf } from './index.ts';

const keyPem = readFileSync(new URL('../../../test-vectors/keys/ecdsa-p256.pub.pem', import.meta.url), 'utf8');
const yaml = `
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: p }
spec:
  images: [{ glob: "**" }]
  authorities:
    - keyless:
        url: https://fulcio.sigstore.dev
        identities: [{ issuer: https://issuer.example, subjectRegExp: "github.com/acme/" }]
    - key:
        data: |
${keyPem
  .trim()
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
`;

test('the identity matcher validation compiled is the one verification uses', () => {
  const { policies } = parsePolicyDocuments(yaml);
  const identities = policies[0]!.authorities[0]!.keyless!.identities;
  const m = identityMatcherOf(identities);
  assert.equal(identityMatcherOf(identities), m, 'compiled once');
  // Validation compiled it with the document's field path (a fresh compile would say `identities[0]`).
  assert.match(
    m.warnings[0] ?? '',
    /^spec\.authorities\[0\]\.keyless\.identities\[0\]: regexp "github.com\/acme\/" is not anchored/,
  );
});

test('keys are parsed once per key reference, for its hashAlgorithm', () => {
  const { policies } = parsePolicyDocuments(yaml);
  const key = policies[0]!.authorities[1]!.key!;
  const parsed = publicKeysOf(key);
  assert.equal(publicKeysOf(key), parsed);
  assert.equal(parsed[0]!.hashAlgorithm, 'sha256');
  assert.throws(() => publicKeysOf({ ...key, hashAlgorithm: 'sha224' }), /sha224 is not supported/);
});

test('a policy object changed after use is compiled again: what it said before is not trusted any more', () => {
  const { policies } = parsePolicyDocuments(yaml);
  const identities = structuredClone(policies[0]!.authorities[0]!.keyless!.identities);
  const before = identityMatcherOf(identities);
  identities[0]!.subjectRegExp = '^https://github.com/other/.*$';
  const after = identityMatcherOf(identities);
  assert.notEqual(after, before);
  assert.equal(after.identities[0]!.subjectRegExp?.source, '^https://github.com/other/.*$');
  const key = { ...policies[0]!.authorities[1]!.key! };
  const first = publicKeysOf(key);
  key.hashAlgorithm = 'sha384';
  assert.equal(publicKeysOf(key)[0]!.hashAlgorithm, 'sha384');
  assert.notEqual(publicKeysOf(key), first);
});
