// sigguard's own YAML cases: run on a fresh clone (no ../shared needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { parsePolicyDocuments } from './parse.ts';
import { PolicyError } from './errors.ts';

const read = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

test('own multi-document file: policies defaulted, TrustRoot kept raw', () => {
  const docs = parsePolicyDocuments(read('policies.yaml'), { source: 'policies.yaml' });
  assert.deepEqual(
    docs.policies.map((p) => p.name),
    ['acme-signed', 'acme-attested', 'two-of-three', 'block-latest'],
  );
  assert.equal(docs.trustRoots.length, 1);
  assert.equal(docs.trustRoots[0]!.name, 'my-trust-root');
  assert.deepEqual(docs.trustRoots[0]!.raw.kind, 'TrustRoot');

  const [signed, attested, twoOfThree, block] = docs.policies;
  assert.equal(signed!.mode, 'enforce');
  assert.equal(signed!.authorities[0]!.key!.hashAlgorithm, 'sha256'); // "SHA256" lower-cased
  assert.equal(signed!.authorities[1]!.keyless!.trustRootRef, 'my-trust-root');
  assert.equal(signed!.authorities[1]!.keyless!.url, 'https://fulcio.sigstore.dev'); // defaulted
  assert.equal(attested!.mode, 'warn');
  assert.equal(attested!.authorities[0]!.name, 'authority-0'); // defaulted
  assert.deepEqual(
    attested!.authorities[0]!.attestations.map((a) => a.predicateType),
    ['https://slsa.dev/provenance/v1', 'vuln'],
  );
  assert.equal(attested!.policy!.includeSpec, true);
  assert.equal(twoOfThree!.requiredAuthorities, 2);
  assert.equal(twoOfThree!.authorities[0]!.keyless!.url, 'https://fulcio.example.com');
  assert.deepEqual(twoOfThree!.match[0]!.selector, { matchLabels: { tier: 'critical' } });
  assert.deepEqual(block!.authorities[0]!.static, {
    action: 'fail',
    message: 'Docker Hub official images are not allowed here',
  });
  // Short predicate names are accepted with policy-controller's deprecation warning.
  assert.ok(docs.warnings.some((w) => w.includes('deprecated value') && w.includes('acme-attested')));
});

test('own invalid documents: each rejected with its # EXPECT: message', () => {
  const chunks = read('invalid-policies.yaml').split(/^---$/m);
  let checked = 0;
  for (const chunk of chunks) {
    const expect = /^# EXPECT: (.+)$/m.exec(chunk)?.[1];
    if (!expect) continue;
    assert.throws(
      () => parsePolicyDocuments(chunk, { source: 'invalid-policies.yaml' }),
      (e: unknown) => e instanceof PolicyError && e.code === 'POLICY_INVALID' && e.message.includes(expect),
      `expected ${JSON.stringify(expect)}`,
    );
    checked++;
  }
  assert.equal(checked, 13);
});

test('all problems of all documents are reported together; nothing valid is returned', () => {
  const text = read('policies.yaml') + '\n---\n' + read('invalid-policies.yaml');
  try {
    parsePolicyDocuments(text, { source: 'combined' });
    assert.fail('accepted');
  } catch (e) {
    assert.ok(e instanceof PolicyError);
    assert.ok(e.problems.length >= 13, `${e.problems.length} problems`);
    assert.match(e.message, /^validation failed: \d+ problems:/);
    assert.ok(
      e.problems.every((p) => /\(in combined document \d+/.test(p)),
      e.problems.join('\n'),
    );
  }
});

test('YAML syntax errors, duplicate keys, duplicate names and non-objects fail closed', () => {
  const bad: [string, RegExp][] = [
    ['spec: [unclosed', /YAML/],
    ['a: 1\na: 2\n', /YAML/],
    ['- just\n- a list\n', /expected a Kubernetes object/],
    [
      'apiVersion: policy.sigstore.dev/v1alpha1\nkind: ClusterImagePolicy\nmetadata: {name: x}\nspec: {images: [{glob: "**"}], authorities: [{static: {action: pass}}]}\n---\n'.repeat(
        2,
      ),
      /ClusterImagePolicy\/x is defined 2 times/,
    ],
    ['kind: ClusterImagePolicy\n', /apiVersion/],
  ];
  for (const [text, re] of bad) {
    assert.throws(
      () => parsePolicyDocuments(text),
      (e: unknown) => e instanceof PolicyError && re.test(e.message),
      text,
    );
  }
  // Only comments: nothing to do, not an error.
  assert.deepEqual(parsePolicyDocuments('# nothing\n---\n# here\n'), { policies: [], trustRoots: [], warnings: [] });
});

test('a key that does not parse, or a weak RSA key, is a policy error quoting @sigguard/identity', () => {
  const cip = (data: string) => `apiVersion: policy.sigstore.dev/v1alpha1
kind: ClusterImagePolicy
metadata: {name: k}
spec:
  images: [{glob: "**"}]
  authorities:
  - key:
      data: ${JSON.stringify(data)}
`;
  assert.throws(
    () => parsePolicyDocuments(cip('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')),
    /invalid value: -----BEGIN PUBLIC KEY-----…: spec\.authorities\[0\]\.key\.data \(.*PEM public key/,
  );
  assert.throws(
    () => parsePolicyDocuments(cip('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')),
    /found a CERTIFICATE/,
  );
  const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  assert.throws(() => parsePolicyDocuments(cip(weak)), /spec\.authorities\[0\]\.key\.data \(.*2048/);
  const good = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.equal(parsePolicyDocuments(cip(good)).policies[0]!.authorities[0]!.key!.data, good);
});

test('validateClusterImagePolicy: one parsed object (e.g. JSON), problems as lines', async () => {
  const { validateClusterImagePolicy } = await import('./validate.ts');
  const ok = validateClusterImagePolicy({
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name: 'json' },
    spec: { images: [{ glob: '**' }], authorities: [{ static: { action: 'pass' } }] },
  });
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.policy!.authorities[0]!.name, 'authority-0');
  const bad = validateClusterImagePolicy({
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name: 'x' },
    spec: { images: [] },
  });
  assert.equal(bad.policy, undefined);
  assert.deepEqual(bad.problems, ['missing field(s): spec.images', 'missing field(s): spec.authorities']);
});

test('source.oci is a repository under ggcr StrictValidation, read by the one reference parser', () => {
  const cip = (oci: string) => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: s}
spec:
  images: [{glob: "**"}]
  authorities:
  - keyless: {url: "https://fulcio.sigstore.dev", identities: [{issuer: "https://i", subject: "s"}]}
    source: [{oci: ${JSON.stringify(oci)}}]
`;
  for (const ok of [
    'ghcr.io/org/sigs',
    'registry-1.docker.io/org/sigs',
    'localhost:5000/sigs',
    'docker.io/library/sigs',
  ]) {
    assert.equal(parsePolicyDocuments(cip(ok)).policies[0]!.authorities[0]!.source[0]!.oci, ok);
  }
  const problems: [string, RegExp][] = [
    ['org/sigs', /registry to be specified/],
    ['localhost/sigs', /registry to be specified/], // no '.' or ':': not a registry
    ['docker.io/sigs', /missing 'library'/],
    ['ghcr.io/org/sigs:v1', /repository 'org\/sigs:v1'/],
    ['ghcr.io/Org/sigs', /repository 'Org\/sigs'/],
    ['gcr.io:port/sigs', /registry 'gcr.io:port'/],
  ];
  for (const [oci, why] of problems) assert.throws(() => parsePolicyDocuments(cip(oci)), why, oci);
});

test('kubectl -o yaml output: the objects of a kind: List are read as documents of their own', () => {
  const docs = parsePolicyDocuments(read('kubectl-list.yaml'), { source: 'list.yaml' });
  assert.deepEqual(
    docs.policies.map((p) => p.name),
    ['acme-keyless'],
  );
  assert.equal(docs.policies[0]!.authorities[0]!.keyless!.trustRootRef, 'acme-root');
  assert.deepEqual(
    docs.trustRoots.map((t) => t.name),
    ['acme-root'],
  );
  // A List beside plain documents, and the same policy twice (once in a List) is a duplicate.
  const cip =
    'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: other}\n' +
    'spec:\n  images: [{glob: "**"}]\n  authorities: [{static: {action: pass}}]\n';
  const mixed = parsePolicyDocuments(`${cip}---\n${read('kubectl-list.yaml')}`, { source: 'mixed.yaml' });
  assert.deepEqual(
    mixed.policies.map((p) => p.name),
    ['other', 'acme-keyless'],
  );
  assert.throws(
    () =>
      parsePolicyDocuments(
        `${cip}---\napiVersion: v1\nkind: List\nitems:\n- ${cip.trimEnd().replace(/\n/g, '\n  ')}\n`,
      ),
    (e: unknown) => e instanceof PolicyError && /ClusterImagePolicy\/other is defined 2 times/.test(e.message),
  );
});

test('a kind: List that is not one, or holds something else, is refused naming the document and item', () => {
  const cases: [string, RegExp][] = [
    [
      'apiVersion: v2\nkind: List\nitems: []\n',
      /kind List: invalid value: v2: apiVersion \(expected v1\) \(in l\.yaml document 1\)/,
    ],
    [
      'apiVersion: v1\nkind: List\nitems: {a: 1}\n',
      /kind List: items must be a list of objects \(in l\.yaml document 1\)/,
    ],
    ['apiVersion: v1\nkind: List\n', /kind List: items must be a list of objects/],
    ['apiVersion: v1\nkind: List\nitems: [null]\n', /got null \(in l\.yaml document 1 item 0\)/],
    ['apiVersion: v1\nkind: List\nitems: [[1]]\n', /got a list \(in l\.yaml document 1 item 0\)/],
    ['apiVersion: v1\nkind: List\nitems: [{kind: Pod}]\n', /unsupported kind "Pod".*\(in l\.yaml document 1 item 0\)/],
    [
      'apiVersion: v1\nkind: List\nitems:\n- kind: ClusterImagePolicy\n' +
        '  apiVersion: policy.sigstore.dev/v1beta1\n  metadata: {name: x}\n  spec: {bogus: 1}\n',
      /bogus.*\(in l\.yaml document 1 item 0/,
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parsePolicyDocuments(text, { source: 'l.yaml' }),
      (e: unknown) => e instanceof PolicyError && message.test(e.message),
      text,
    );
  }
});
