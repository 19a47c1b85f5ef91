// Against a real registry: Debian's docker-registry (distribution 2.8, no referrers API, so
// bundles are found through the sha256-<hex> fallback tag) started on loopback by the test.
// Images, cosign legacy signatures/attestations and bundles come from the private Sigstore
// instance; the CLI decides with exit codes. One case per exit code (0, 1, 2) runs the real CLI process; the
// others run the same command through the CLI's main() in this process (the decision is their subject).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestSigstore } from '@sigguard/test-vectors';
import { RegistryClient, discoverEvidence, parseRepositoryName } from '@sigguard/oci';
import {
  pushBundleReferrer,
  pushImage,
  pushLegacy,
  bundleSignature,
  legacyAttestationLayer,
  legacySignatureLayer,
  SLSA_PROVENANCE,
  DOCKER_REGISTRY_SKIP,
  useRegistryWithSigstore,
  type RunningRegistry,
} from '@sigguard/test-vectors/support';
import { runCliInProcess } from './support/run-cli-in-process.ts';
import { runCli } from './support/run-sigguard-cli.ts';

const skip = DOCKER_REGISTRY_SKIP;
let registry: RunningRegistry;
let ts: TestSigstore;
let dir: string;
let trustedRoot: string;
const client = new RegistryClient();
useRegistryWithSigstore('sigguard-registry-test-', (f) => ({ registry, ts, dir, trustedRoot } = f));

function policyFile(name: string, subject: string, extra = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata:
  name: ${name}
spec:
  images:
    - glob: "${registry.host}/**"
  authorities:
    - name: ci
      keyless:
        url: https://fulcio.sigguard.test
        identities:
          - issuer: https://issuer.example.com
            subject: ${subject}
${extra}`,
  );
  return file;
}

test('cosign legacy signature in docker-registry: admitted, wrong identity denied, unsigned denied (CLI exit codes)', {
  skip,
}, async () => {
  const repo = parseRepositoryName(`${registry.host}/e2e/app`);
  const signed = await pushImage(client, repo, 'e2e-signed', 'v1');
  const unsigned = await pushImage(client, repo, 'e2e-unsigned', 'v2');
  await pushLegacy(client, repo, signed.digest, 'sig', [
    await legacySignatureLayer(ts, `${registry.host}/e2e/app`, signed.digest),
  ]);
  const good = policyFile('ci-signed', 'ci@example.com');
  const wrong = policyFile('other-signer', 'release@example.com');

  const admit = await runCli([
    'verify-image',
    `${registry.host}/e2e/app:v1`,
    '--policy',
    good,
    '--trusted-root',
    trustedRoot,
    '--json',
  ]);
  assert.equal(admit.code, 0, admit.stderr + admit.stdout);
  const decision = JSON.parse(admit.stdout);
  assert.equal(decision.allowed, true);
  assert.deepEqual(decision.warnings, []);
  assert.equal(decision.subject.digest, signed.digest);
  assert.equal(decision.subject.resolvedFromTag, 'v1');

  const denyIdentity = await runCli([
    'verify-image',
    `${registry.host}/e2e/app@${signed.digest}`,
    '--policy',
    wrong,
    '--trusted-root',
    trustedRoot,
  ]);
  assert.equal(denyIdentity.code, 1, denyIdentity.stderr);
  assert.match(denyIdentity.stdout, /DENIED/);
  assert.match(denyIdentity.stdout, /release@example\.com/);

  const denyUnsigned = await runCliInProcess([
    'verify-image',
    `${registry.host}/e2e/app@${unsigned.digest}`,
    '--policy',
    good,
    '--trusted-root',
    trustedRoot,
    '--json',
  ]);
  assert.equal(denyUnsigned.code, 1, denyUnsigned.stderr);
  const d = JSON.parse(denyUnsigned.stdout);
  assert.equal(d.allowed, false);
  assert.match(d.summary, /no signatures found/);
});

test('bundles through the fallback tag (no referrers API) and cosign .att attestations', { skip }, async () => {
  const repo = parseRepositoryName(`${registry.host}/e2e/bundled`);
  const img = await pushImage(client, repo, 'e2e-bundled');
  // distribution 2.8 has no referrers API: the referrer is found through sha256-<hex>.
  assert.equal(await client.referrers(repo, img.digest), undefined);
  await pushBundleReferrer(client, repo, img, (await bundleSignature(ts, img.digest)).bundle, {
    fallbackTag: { existing: [] },
  });
  await pushLegacy(client, repo, img.digest, 'att', [
    await legacyAttestationLayer(ts, `${registry.host}/e2e/bundled`, img.digest, SLSA_PROVENANCE, {
      buildDefinition: { buildType: 'ci' },
    }),
  ]);
  const found = await discoverEvidence(client, { ...repo, digest: img.digest });
  assert.deepEqual(found.evidence.map((e) => `${e.origin}/${e.kind}`).sort(), [
    'legacy-att/attestation',
    'referrers-tag/signature',
  ]);

  const withAttestation = policyFile(
    'provenance',
    'ci@example.com',
    `      attestations:
        - name: provenance
          predicateType: ${SLSA_PROVENANCE}
          policy:
            type: cue
            data: |
              predicate: buildDefinition: buildType: "ci"
`,
  );
  const r = await runCliInProcess([
    'verify-image',
    `${registry.host}/e2e/bundled@${img.digest}`,
    '--policy',
    withAttestation,
    '--trusted-root',
    trustedRoot,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const sig = await runCliInProcess([
    'verify-image',
    `${registry.host}/e2e/bundled@${img.digest}`,
    '--policy',
    policyFile('sig', 'ci@example.com'),
    '--trusted-root',
    trustedRoot,
  ]);
  assert.equal(sig.code, 0, sig.stderr + sig.stdout);
  assert.match(sig.stdout, /ALLOWED/);
});

test('CLI usage and input errors exit 2', { skip }, async () => {
  const good = policyFile('usage', 'ci@example.com');
  const noPolicy = await runCli(['verify-image', `${registry.host}/e2e/app@sha256:${'a'.repeat(64)}`]);
  assert.equal(noPolicy.code, 2);
  assert.match(noPolicy.stderr, /--policy/);
  const badRef = await runCliInProcess(['verify-image', 'Not A Ref', '--policy', good]);
  assert.equal(badRef.code, 2);
  assert.match(badRef.stderr, /invalid image reference/);
  const tagOffline = await runCliInProcess([
    'verify-image',
    `${registry.host}/e2e/app:v1`,
    '--policy',
    good,
    '--bundle',
    good,
  ]);
  assert.equal(tagOffline.code, 2);
  const badPolicy = join(dir, 'bad.yaml');
  writeFileSync(
    badPolicy,
    'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\n' +
      'metadata: {name: x}\nspec: {images: [{glob: "*"}], nope: 1}\n',
  );
  const invalid = await runCliInProcess([
    'verify-image',
    `${registry.host}/e2e/app@sha256:${'a'.repeat(64)}`,
    '--policy',
    badPolicy,
  ]);
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /nope/);
});
