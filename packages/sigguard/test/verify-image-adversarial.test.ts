// Adversarial cases for verifyImage(): evidence an attacker could present, and policies whose
// semantics must not be weakened. Real signatures from the private Sigstore instance, real
// verification; offline bundle files unless a registry is needed.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { generateKeyPair, sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { parseTrustedRoot, type TrustRoot } from '@sigguard/trust-root';
import { parsePolicyDocuments } from '@sigguard/policy';
import { verifyImage } from 'sigguard';
import { bundleAttestation, bundleSignature, COSIGN_SIGN_PREDICATE } from '@sigguard/test-vectors/support';

const REPO = 'registry.sigguard.test/adv/app';
const DIGEST_A = `sha256:${'a1'.repeat(32)}`;
const DIGEST_B = `sha256:${'b2'.repeat(32)}`;

let ts: TestSigstore;
let root: TrustRoot;

before(async () => {
  ts = await sharedTestSigstore();
  root = parseTrustedRoot(ts.trustedRoot(), { name: 'test' });
});

const ALICE = { subject: 'alice@example.com', issuer: 'https://issuer.example.com' };
const BOB = { subject: 'bob@example.com', issuer: 'https://issuer.example.com' };

function cip(authorities: string, annotations = ''): string {
  return `
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata:
  name: adv
${annotations}
spec:
  images: [{ glob: "registry.sigguard.test/**" }]
  authorities:
${authorities}`;
}

const keyless = (name: string, identity: string) => `
    - name: ${name}
      keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, ${identity} }]`;

async function decide(policyYaml: string, digest: string, bundles: object[]) {
  return verifyImage(`${REPO}@${digest}`, {
    policies: parsePolicyDocuments(policyYaml).policies,
    defaultTrustRoot: root,
    evidence: { bundles },
  });
}

test('N-of-M: one signer matched by two overlapping authorities does not count twice', async () => {
  const two = cip(
    keyless('exact', 'subject: alice@example.com') + keyless('domain', 'subjectRegExp: "^.*@example[.]com$"'),
    `  annotations: { sigguard.dev/required-authorities: "2" }`,
  );
  const aliceOnly = [(await bundleSignature(ts, DIGEST_A, ALICE)).bundle];
  const d = await decide(two, DIGEST_A, aliceOnly);
  assert.equal(d.allowed, false, d.summary);
  assert.match(d.summary, /distinct/);
  // Two different signers, one per authority, satisfy it.
  const both = [...aliceOnly, (await bundleSignature(ts, DIGEST_A, BOB)).bundle];
  const ok = await decide(two, DIGEST_A, both);
  assert.equal(ok.allowed, true, ok.summary);
});

test('N-of-M: the same key listed twice is one signer, however many times it signs', async () => {
  const key = await generateKeyPair('ecdsa-p256');
  const other = await generateKeyPair('ecdsa-p256');
  const keyAuthority = (name: string, pem: string) => `
    - name: ${name}
      key:
        data: |
${pem
  .trim()
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}`;
  const signWith = async (k: typeof key) =>
    (
      await ts.signWithKey({
        key: k,
        dsseStatement: {
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
          predicateType: COSIGN_SIGN_PREDICATE,
          predicate: {},
        },
      })
    ).bundle;
  const annotations = `  annotations: { sigguard.dev/required-authorities: "2" }`;
  const sameKeyTwice = cip(keyAuthority('k1', key.publicKeyPEM) + keyAuthority('k2', key.publicKeyPEM), annotations);
  const d = await decide(sameKeyTwice, DIGEST_A, [await signWith(key), await signWith(key)]);
  assert.equal(d.allowed, false, d.summary);
  assert.match(d.summary, /only 1 with distinct signers/);
  const twoKeys = cip(keyAuthority('k1', key.publicKeyPEM) + keyAuthority('k2', other.publicKeyPEM), annotations);
  const ok = await decide(twoKeys, DIGEST_A, [await signWith(key), await signWith(other)]);
  assert.equal(ok.allowed, true, ok.summary);
});

test('evidence for image A never admits image B (DSSE signature and attestation)', async () => {
  const sig = (await bundleSignature(ts, DIGEST_A, ALICE)).bundle;
  const d = await decide(cip(keyless('a', 'subject: alice@example.com')), DIGEST_B, [sig]);
  assert.equal(d.allowed, false);
  const att = (await bundleAttestation(ts, REPO, DIGEST_A, 'https://slsa.dev/provenance/v1', {}, ALICE)).bundle;
  const attPolicy = cip(`${keyless('a', 'subject: alice@example.com')}
      attestations: [{ name: prov, predicateType: "https://slsa.dev/provenance/v1" }]`);
  assert.equal((await decide(attPolicy, DIGEST_A, [att])).allowed, true);
  assert.equal((await decide(attPolicy, DIGEST_B, [att])).allowed, false);
});

test('rfc3161timestamp.trustRootRef requires a signed timestamp: a log entry alone does not stand in for it', async () => {
  const policy = cip(`
    - name: tsa
      keyless:
        trustRootRef: test
        identities: [{ issuer: https://issuer.example.com, subject: alice@example.com }]
      rfc3161timestamp: { trustRootRef: test }`);
  const run = (bundle: object) =>
    verifyImage(`${REPO}@${DIGEST_A}`, {
      policies: parsePolicyDocuments(policy).policies,
      trustRoots: [root],
      evidence: { bundles: [bundle] },
    });
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  };
  const setOnly = (await ts.signKeyless({ ...ALICE, dsseStatement: statement })).bundle;
  const d = await run(setOnly);
  assert.equal(d.allowed, false, d.summary);
  assert.match(JSON.stringify(d.policies), /RFC ?3161 timestamp/);
  const withTsa = (await ts.signKeyless({ ...ALICE, dsseStatement: statement, withTimestamp: true })).bundle;
  const ok = await run(withTsa);
  assert.equal(ok.allowed, true, ok.summary);
});

/** Alice's attestation of predicate type `pt` must say `approved: true` (CUE). */
const approvedReviewPolicy = (pt: string) =>
  cip(`${keyless('a', 'subject: alice@example.com')}
      attestations:
        - name: review
          predicateType: "${pt}"
          policy:
            type: cue
            data: |
              predicate: approved: true`);

test('an attestation policy judges the verified statement, not a statement embedded in one of its fields', async () => {
  const PT = 'https://example.com/review/v1';
  const inner = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
    predicateType: PT,
    predicate: { approved: true },
  };
  // What was signed says approved: false; a top-level `payload` field carries a different statement.
  const signed = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
    predicateType: PT,
    predicate: { approved: false },
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(JSON.stringify(inner)).toString('base64'),
  };
  const att = (await ts.signKeyless({ ...ALICE, dsseStatement: signed })).bundle;
  const policy = approvedReviewPolicy(PT);
  const d = await decide(policy, DIGEST_A, [att]);
  assert.equal(d.allowed, false, d.summary);
  assert.match(JSON.stringify(d.policies), /approved/);
  // The plain statement saying approved: true passes the same policy.
  const good = (await ts.signKeyless({ ...ALICE, dsseStatement: inner })).bundle;
  const ok = await decide(policy, DIGEST_A, [good]);
  assert.equal(ok.allowed, true, ok.summary);
});

test('a DSSE payload changed after signing is denied: the policy never judges the unsigned statement', async () => {
  const PT = 'https://example.com/review/v1';
  const statement = (approved: boolean) => ({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
    predicateType: PT,
    predicate: { approved },
  });
  const policy = approvedReviewPolicy(PT);
  const signed = (await ts.signKeyless({ ...ALICE, dsseStatement: statement(false) })).bundle as {
    dsseEnvelope: { payload: string };
  };
  // The signed statement says approved: false; the attacker swaps in one that says true (same subject).
  const tampered = structuredClone(signed);
  tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement(true))).toString('base64');
  for (const bundle of [tampered, JSON.stringify(tampered)]) {
    const d = await decide(policy, DIGEST_A, [bundle as object]);
    assert.equal(d.allowed, false, d.summary);
    const tree = JSON.stringify(d.policies);
    assert.match(tree, /"kind":"check","name":"[a-z-]+","status":"fail"/, tree);
    // The CUE policy was not run on the unsigned statement (it would have passed it).
    assert.doesNotMatch(tree, /cue policy for review passed/);
  }
  // The untouched bundle is judged on what was signed: approved: false is denied by the policy itself.
  const d = await decide(policy, DIGEST_A, [signed]);
  assert.equal(d.allowed, false, d.summary);
  assert.match(JSON.stringify(d.policies), /failed evaluating cue policy for review/);
});

test('a key authority refuses a certificate-signed bundle and a keyless authority a key-signed one', async () => {
  const key = await generateKeyPair('ecdsa-p256');
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  };
  const keyed = (await ts.signWithKey({ key, dsseStatement: statement })).bundle;
  const certified = (await ts.signKeyless({ ...ALICE, dsseStatement: statement })).bundle;
  const keyPolicy = cip(`
    - name: k
      key:
        data: |
${key.publicKeyPEM
  .trim()
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}`);
  const keylessPolicy = cip(keyless('a', 'subject: alice@example.com'));
  assert.equal((await decide(keyPolicy, DIGEST_A, [keyed])).allowed, true);
  assert.equal((await decide(keylessPolicy, DIGEST_A, [certified])).allowed, true);
  const a = await decide(keyPolicy, DIGEST_A, [certified]);
  assert.equal(a.allowed, false);
  assert.match(JSON.stringify(a.policies), /signed with a certificate/);
  const b = await decide(keylessPolicy, DIGEST_A, [keyed]);
  assert.equal(b.allowed, false);
  assert.match(JSON.stringify(b.policies), /signed with a public key/);
});

test('a certificate whose extended key usage excludes code signing does not sign images (as cosign)', async () => {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: DIGEST_A.slice(7) } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  };
  const policy = cip(keyless('a', 'subject: alice@example.com'));
  const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
  const smime = (await ts.signKeyless({ ...ALICE, dsseStatement: statement, extendedKeyUsages: [EMAIL_PROTECTION] }))
    .bundle;
  const d = await decide(policy, DIGEST_A, [smime]);
  assert.equal(d.allowed, false, d.summary);
  assert.match(JSON.stringify(d.policies), /code signing/);
  // No EKU extension at all means any usage (Go's x509 and cosign accept it); code signing passes.
  assert.equal(
    (
      await decide(policy, DIGEST_A, [
        (await ts.signKeyless({ ...ALICE, dsseStatement: statement, extendedKeyUsages: [] })).bundle,
      ])
    ).allowed,
    true,
  );
  assert.equal(
    (await decide(policy, DIGEST_A, [(await ts.signKeyless({ ...ALICE, dsseStatement: statement })).bundle])).allowed,
    true,
  );
});
