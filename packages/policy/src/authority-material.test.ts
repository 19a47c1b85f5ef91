import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { keptPublicKeys } from './authority-material.ts';
import { identityMatcherOf, parsePolicyDocuments, publicKeysOf } from './index.ts';

const keyPem = readFileSync(new URL('../../../test-vectors/keys/ecdsa-p256.pub.pem', import.meta.url), 'utf8');
const indented = (pem: string) =>
  pem
    .trim()
    .split('\n')
    .map((l) => `          ${l}`)
    .join('\n');
const keyPolicy = (pem: string, hashAlgorithm?: string) => `
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: k }
spec:
  images: [{ glob: "**" }]
  authorities:
    - key:${hashAlgorithm ? `\n        hashAlgorithm: ${hashAlgorithm}` : ''}
        data: |
${indented(pem)}
`;
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

test('validation parses a key once, for its hashAlgorithm, and verification uses that parse', () => {
  for (const hash of [undefined, 'sha384', 'SHA512']) {
    const key = parsePolicyDocuments(keyPolicy(keyPem, hash)).policies[0]!.authorities[0]!.key!;
    const kept = keptPublicKeys(key);
    assert.ok(kept, `${hash}: validation kept its parse`);
    assert.equal(publicKeysOf(key), kept, `${hash}: verification got the parse validation made`);
    assert.equal(kept[0]!.hashAlgorithm, hash?.toLowerCase() ?? 'sha256');
  }
});

test('a key valid as policy but refusing its hashAlgorithm is kept for verification to refuse', () => {
  // sha224: policy-controller accepts it, WebCrypto cannot verify with it.
  const sha224 = parsePolicyDocuments(keyPolicy(keyPem, 'sha224')).policies[0]!.authorities[0]!.key!;
  assert.equal(keptPublicKeys(sha224), undefined);
  assert.throws(() => publicKeysOf(sha224), /sha224 is not supported/);
  // An RSASSA-PSS key (node:crypto writes its parameters) bound to sha384, under the default sha256.
  const { publicKey: pss } = generateKeyPairSync('rsa-pss', {
    modulusLength: 2048,
    hashAlgorithm: 'sha384',
    mgf1HashAlgorithm: 'sha384',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const bound = parsePolicyDocuments(keyPolicy(pss)).policies[0]!.authorities[0]!.key!;
  assert.equal(keptPublicKeys(bound), undefined);
  assert.throws(() => publicKeysOf(bound), /RSASSA-PSS key is bound to sha384, but hashAlgorithm is sha256/);
  const matching = parsePolicyDocuments(keyPolicy(pss, 'sha384')).policies[0]!.authorities[0]!.key!;
  assert.equal(keptPublicKeys(matching)?.[0]?.rsaScheme, 'pss');
});
