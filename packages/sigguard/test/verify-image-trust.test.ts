// verifyImage() trust selection: key authorities, TrustRoot documents selected by trustRootRef
// (keyless + ctlog), unknown trustRootRef, and cosign legacy key-signed layers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { certPEM, generateKeyPair, type KeyPair, type TestSigstore } from '@sigguard/test-vectors';
import { loadTrustRootResource, parseTrustRootResource, TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import { parsePolicyDocuments } from '@sigguard/policy';
import { type RegistryClient, parseRepositoryName } from '@sigguard/oci';
import { loadPolicies, verifyImage } from 'sigguard';
import { stringify, parse } from 'yaml';
import {
  CI,
  clusterImagePolicy,
  type OciTestServer,
  pushImage,
  pushLegacy,
  legacySignatureLayer,
} from '@sigguard/test-vectors/support';
import { startSignedRegistry } from './support/signed-registry.ts';

let server: OciTestServer;
let host: string;
let ts: TestSigstore;
let root: TrustRoot;
let client: RegistryClient;
let key: KeyPair;

before(async () => {
  ({ server, host, ts, root, client } = await startSignedRegistry());
  key = await generateKeyPair('ecdsa-p256');
});
after(() => server.stop());

const b64 = (s: string) => Buffer.from(s).toString('base64');
const indent = (s: string, n: number) =>
  s
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');

/** The test instance as a policy-controller TrustRoot document (spec.sigstoreKeys). */
function trustRootDoc(name: string): string {
  return `apiVersion: policy.sigstore.dev/v1alpha1
kind: TrustRoot
metadata: { name: ${name} }
spec:
  sigstoreKeys:
    certificateAuthorities:
      - subject: { organization: sigguard, commonName: sigguard-test }
        uri: https://fulcio.sigguard.test
        certChain: ${b64(ts.fulcio.chain.map(certPEM).join(''))}
    tLogs:
      - baseURL: ${ts.rekor.baseUrl}
        hashAlgorithm: sha-256
        publicKey: ${b64(ts.rekor.key.publicKeyPEM)}
    ctLogs:
      - baseURL: ${ts.ctlog.baseUrl}
        hashAlgorithm: sha-256
        publicKey: ${b64(ts.ctlog.key.publicKeyPEM)}
`;
}

function cip(authority: string): string {
  return clusterImagePolicy('p', `${host}/**`, `${indent(authority, 4)}\n`);
}

async function signedImage(name: string, withKey: boolean) {
  const repo = parseRepositoryName(`${host}/trust/${name}`);
  const img = await pushImage(client, repo, `trust-${name}`);
  const layer = await legacySignatureLayer(ts, `${host}/trust/${name}`, img.digest, withKey ? { key: true } : {});
  await pushLegacy(client, repo, img.digest, 'sig', [layer]);
  return { ref: `${host}/trust/${name}@${img.digest}`, layer };
}

test('key authority: the signing key admits (tlog checked with ctlog), another key denies', async () => {
  const { ref, layer } = await signedImage('keyed', true);
  const pem = layer.signed.publicKeyPEM;
  const withTlog = parsePolicyDocuments(
    cip(`- key:\n    data: |\n${indent(pem.trim(), 6)}\n  ctlog: { url: "${ts.rekor.baseUrl}" }`),
  ).policies;
  const ok = await verifyImage(ref, { policies: withTlog, defaultTrustRoot: root, registry: client });
  assert.equal(ok.allowed, true, ok.summary);
  const checks = JSON.stringify(ok.policies);
  assert.match(
    checks,
    /rekor-public-key","status":"pass","reason":"public key in the Rekor entry is the authority key/,
  );
  const other = parsePolicyDocuments(cip(`- key:\n    data: |\n${indent(key.publicKeyPEM.trim(), 6)}`)).policies;
  const denied = await verifyImage(ref, { policies: other, defaultTrustRoot: root, registry: client });
  assert.equal(denied.allowed, false);
  assert.match(denied.summary, /no matching signatures/);
});

test('TrustRoot documents next to the policy: trustRootRef selects the instance; unknown refs deny', async () => {
  const { ref } = await signedImage('keyless-ref', false);
  const docs = parsePolicyDocuments(
    trustRootDoc('private') +
      '---\n' +
      cip(
        `- keyless:\n    trustRootRef: private\n    identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]\n  ctlog: { trustRootRef: private }`,
      ),
  );
  assert.equal(docs.trustRoots.length, 1);
  const named = new TrustRootSet([await loadTrustRootResource(parseTrustRootResource(docs.trustRoots[0]!.raw))]);
  // The default (public-good) root cannot verify this signature: only the named one can.
  const ok = await verifyImage(ref, { policies: docs.policies, trustRoots: named, registry: client });
  assert.equal(ok.allowed, true, ok.summary);
  const viaDefault = parsePolicyDocuments(
    cip(`- keyless:\n    identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]`),
  ).policies;
  const denied = await verifyImage(ref, { policies: viaDefault, trustRoots: named, registry: client });
  assert.equal(denied.allowed, false);
  const unknown = parsePolicyDocuments(
    cip(
      `- keyless:\n    trustRootRef: nope\n    identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]`,
    ),
  ).policies;
  const missing = await verifyImage(ref, { policies: unknown, trustRoots: named, registry: client });
  assert.equal(missing.allowed, false);
  assert.match(missing.summary, /trustRootRef "?nope"? not found/);
});

test('policy text as kubectl -o yaml writes it (kind: List): verifyImage() and loadPolicies() read the TrustRoot and the policy', async () => {
  const { ref } = await signedImage('keyless-list', false);
  const policy = cip(
    `- keyless:\n    trustRootRef: private\n    identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]\n  ctlog: { trustRootRef: private }`,
  );
  const list = stringify({
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: [parse(trustRootDoc('private')), parse(policy)],
  });
  const loaded = await loadPolicies(list, { source: 'kubectl.yaml' });
  assert.deepEqual(
    loaded.policies.map((p) => p.name),
    ['p'],
  );
  assert.deepEqual(
    loaded.trustRoots.map((t) => t.name),
    ['private'],
  );
  // Only the List's TrustRoot can verify this signature (the default root is public-good).
  const ok = await verifyImage(ref, { policies: list, registry: client });
  assert.equal(ok.allowed, true, ok.summary);
  const withoutRoot = stringify({ apiVersion: 'v1', kind: 'List', items: [parse(policy)] });
  const denied = await verifyImage(ref, { policies: withoutRoot, registry: client });
  assert.equal(denied.allowed, false);
  assert.match(denied.summary, /trustRootRef "?private"? not found/);
});

test('a Fulcio certificate from a CA outside the trust root is refused', async () => {
  const repo = parseRepositoryName(`${host}/trust/rogue`);
  const img = await pushImage(client, repo, 'trust-rogue');
  const rogueCA = await ts.createOtherCA();
  // A legacy .sig layer signed as cosign signs, but by a certificate of the rogue CA.
  const layer = await legacySignatureLayer(ts, `${host}/trust/rogue`, img.digest, { signer: { ...CI, ca: rogueCA } });
  await pushLegacy(client, repo, img.digest, 'sig', [layer]);
  const policies = parsePolicyDocuments(
    cip(`- keyless:\n    identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]`),
  ).policies;
  const d = await verifyImage(`${host}/trust/rogue@${img.digest}`, {
    policies,
    defaultTrustRoot: root,
    registry: client,
  });
  assert.equal(d.allowed, false);
  assert.match(JSON.stringify(d.policies), /signing-key","status":"fail"/);
});
