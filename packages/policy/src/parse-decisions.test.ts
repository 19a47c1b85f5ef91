// parsePolicyDocuments' own decisions (mutation testing): the TrustRoot envelope, YAML limits,
// how problems and warnings name their document, and the one-problem / many-problems message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PolicyError } from './errors.ts';
import { parsePolicyDocuments } from './parse.ts';

const trustRoot = (spec: string, apiVersion = 'policy.sigstore.dev/v1alpha1', name = 'tr') =>
  `apiVersion: ${apiVersion}\nkind: TrustRoot\nmetadata: {name: ${name}}\n${spec}\n`;
const cip = (name: string, extra = '') =>
  `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: ${name}}\n` +
  `spec:\n  images: [{glob: "**"}]\n  authorities:\n  - static: {action: pass}\n${extra}`;

/** The PolicyError parsePolicyDocuments throws for `text`. */
function refusal(text: string, opts: Parameters<typeof parsePolicyDocuments>[1] = {}): PolicyError {
  try {
    parsePolicyDocuments(text, { source: 'in.yaml', ...opts });
  } catch (e) {
    assert.ok(e instanceof PolicyError, String(e));
    return e;
  }
  assert.fail(`accepted: ${text}`);
}

test('a TrustRoot envelope: exactly one of repository, remote, sigstoreKeys (null counts as absent)', () => {
  for (const spec of [
    'spec: {repository: {mirrorFS: x}}',
    'spec: {remote: {mirror: "https://m"}}',
    'spec: {sigstoreKeys: {}}',
  ]) {
    const docs = parsePolicyDocuments(trustRoot(spec));
    assert.equal(docs.trustRoots.length, 1, spec);
    assert.deepEqual(docs.trustRoots[0]!.metadata, { name: 'tr' });
    assert.equal(docs.trustRoots[0]!.apiVersion, 'policy.sigstore.dev/v1alpha1');
    assert.equal(docs.trustRoots[0]!.kind, 'TrustRoot');
  }
  const both = refusal(trustRoot('spec: {remote: {mirror: "https://m"}, sigstoreKeys: {}}'));
  assert.deepEqual(both.problems, [
    'expected exactly one, got both: spec.repository, spec.remote, spec.sigstoreKeys (in in.yaml document 1)',
  ]);
  assert.match(refusal(trustRoot('spec: {sigstoreKeys: null, remote: null}')).message, /got neither/);
  assert.ok(parsePolicyDocuments(trustRoot('spec: {sigstoreKeys: {}, remote: null}')).trustRoots[0]);
});

test('a TrustRoot envelope that is wrong is refused with what is wrong, naming the document only', () => {
  const cases: [string, string][] = [
    [
      trustRoot('spec: {sigstoreKeys: {}}', 'policy.sigstore.dev/v1beta1'),
      'invalid value: policy.sigstore.dev/v1beta1: apiVersion',
    ],
    [trustRoot(''), 'missing field(s): spec'],
    [trustRoot('spec: {sigstoreKeys: {}, mirror: 1}'), 'unknown field'],
    ['apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nspec: {sigstoreKeys: {}}\n', 'metadata'],
  ];
  for (const [text, want] of cases) {
    const e = refusal(text);
    assert.equal(e.problems.length, 1, e.message);
    assert.ok(e.problems[0]!.includes(want), e.problems[0]);
    assert.match(e.problems[0]!, /\(in in\.yaml document 1\)$/, 'no TrustRoot name for an invalid envelope');
  }
});

test('trustRootParser: its result is kept; what it throws is a problem of that TrustRoot', () => {
  const seen: string[] = [];
  const docs = parsePolicyDocuments(trustRoot('spec: {sigstoreKeys: {}}'), {
    source: 'in.yaml',
    trustRootParser: (doc, where) => (seen.push(where), { parsed: (doc as { kind: string }).kind }),
  });
  assert.deepEqual(docs.trustRoots[0]!.resource, { parsed: 'TrustRoot' });
  assert.deepEqual(seen, ['in.yaml document 1']);
  const e = refusal(trustRoot('spec: {sigstoreKeys: {}}'), {
    trustRootParser: () => {
      throw new Error('no certificate authorities');
    },
  });
  assert.deepEqual(e.problems, ['no certificate authorities (in in.yaml document 1 (TrustRoot tr))']);
  // The parser is not asked about an envelope that is already wrong.
  let asked = false;
  refusal(trustRoot('spec: {}'), { trustRootParser: () => ((asked = true), {}) });
  assert.equal(asked, false);
});

test('one problem is the message itself; several are counted and listed', () => {
  const one = refusal(cip('a', 'bogus: 1\n'));
  assert.equal(one.code, 'POLICY_INVALID');
  assert.equal(one.message, `validation failed: ${one.problems[0]}`);
  const two = refusal(`${cip('a', 'bogus: 1\n')}---\n${cip('b', 'bogus: 2\n')}`);
  assert.equal(two.problems.length, 2);
  assert.equal(two.message, `validation failed: 2 problems:\n${two.problems.join('\n')}`);
  assert.match(two.problems[1]!, /\(in in\.yaml document 2\)$/);
});

test('a name defined twice in one input is a problem; once per kind is not', () => {
  assert.equal(
    parsePolicyDocuments(`${cip('same')}---\n${trustRoot('spec: {sigstoreKeys: {}}', undefined, 'same')}`).policies
      .length,
    1,
  );
  const e = refusal(`${cip('same')}---\n${cip('same')}---\n${cip('same')}`);
  assert.deepEqual(e.problems, ['ClusterImagePolicy/same is defined 3 times (in in.yaml)']);
  const tr = refusal(`${trustRoot('spec: {sigstoreKeys: {}}')}---\n${trustRoot('spec: {sigstoreKeys: {}}')}`);
  assert.deepEqual(tr.problems, ['TrustRoot/tr is defined 2 times (in in.yaml)']);
});

test('warnings name the document and the policy; a document that is a scalar is refused by its type', () => {
  const docs = parsePolicyDocuments(
    cip('warned', '').replace(
      '  - static: {action: pass}\n',
      '  - keyless: {identities: [{issuer: i, subject: s}]}\n    attestations: [{name: a, predicateType: vuln}]\n',
    ),
    { source: 'in.yaml' },
  );
  assert.equal(docs.warnings.length, 1);
  assert.match(docs.warnings[0]!, /^in\.yaml document 1 \(ClusterImagePolicy warned\): deprecated value/);
  assert.match(
    refusal('42\n').message,
    /expected a Kubernetes object \(mapping\), got number \(in in\.yaml document 1\)/,
  );
  assert.match(refusal('"text"\n').message, /got string/);
});

test('YAML limits: over one is a POLICY_PARSE error naming the source; the source defaults to "input"', () => {
  assert.throws(
    () => parsePolicyDocuments(cip('big'), { source: 'big.yaml', yamlLimits: { maxBytes: 16 } }),
    (e: unknown) =>
      e instanceof PolicyError &&
      e.code === 'POLICY_PARSE' &&
      /^big\.yaml: YAML text is \d+ bytes, over the 16-byte limit$/.test(e.message),
  );
  assert.throws(
    () => parsePolicyDocuments(cip('deep'), { yamlLimits: { maxDepth: 2 } }),
    (e: unknown) => e instanceof PolicyError && e.code === 'POLICY_PARSE' && /^input: /.test(e.message),
  );
  assert.throws(
    () => parsePolicyDocuments(42 as unknown as string),
    (e: unknown) => e instanceof PolicyError && e.code === 'POLICY_PARSE' && e.message === 'input: expected YAML text',
  );
  assert.match(refusal(cip('x', 'bogus: 1\n'), { source: undefined }).message, /\(in input document 1\)/);
});
