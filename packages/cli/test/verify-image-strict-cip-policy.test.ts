// `sigguard verify-image --strict-cip-policy`, a sigguard extension: a CIP-level CUE policy that
// requires a second signer by referring to its authority denies when that authority failed.
// policy-controller (and sigguard by default) leave a failed authority out of authorityMatches,
// and Validate() ignores the then incomplete reference (sigstore/policy-controller#130).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { bundleSignature } from '@sigguard/test-vectors/support';
import { runCliInProcess as runCli } from './support/run-cli-in-process.ts';

const DIGEST = `sha256:${'5e'.repeat(32)}`;
const ISSUER = 'https://issuer.example.com';
let dir: string;

before(async () => {
  const ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-strict-cip-'));
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  writeFileSync(
    join(dir, 'policy.yaml'),
    `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: ci-and-release }
spec:
  images: [{ glob: "registry.example.com/acme/**" }]
  authorities:
    - name: ci
      keyless: { url: https://fulcio.sigguard.test, identities: [{ issuer: "${ISSUER}", subject: ci@example.com }] }
    - name: release
      keyless: { url: https://fulcio.sigguard.test, identities: [{ issuer: "${ISSUER}", subject: release@example.com }] }
  policy:
    type: cue
    data: |
      import "list"
      authorityMatches: release: signatures: list.MinItems(1)
`,
  );
  writeFileSync(join(dir, 'ci.json'), JSON.stringify((await bundleSignature(ts, DIGEST)).bundle));
  writeFileSync(
    join(dir, 'release.json'),
    JSON.stringify((await bundleSignature(ts, DIGEST, { subject: 'release@example.com', issuer: ISSUER })).bundle),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

const args = (...bundles: string[]) => [
  'verify-image',
  `registry.example.com/acme/app@${DIGEST}`,
  '--policy',
  join(dir, 'policy.yaml'),
  '--trusted-root',
  join(dir, 'trusted_root.json'),
  ...bundles.flatMap((b) => ['--bundle', join(dir, b)]),
];

test('only the ci signature: admitted by default (as policy-controller), denied with --strict-cip-policy', async () => {
  const lenient = await runCli(args('ci.json'));
  assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr);
  const strict = await runCli([...args('ci.json'), '--strict-cip-policy']);
  assert.equal(strict.code, 1, strict.stdout + strict.stderr);
  assert.match(strict.stdout, /release.*strict CUE mode, a sigguard extension/);
});

test('ci and release signatures: admitted with --strict-cip-policy', async () => {
  const r = await runCli([...args('ci.json', 'release.json'), '--strict-cip-policy', '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).allowed, true);
});
