// Runs verify-image.mjs with bundles signed at test time by the private Sigstore instance.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { bundleAttestation, bundleSignature, SLSA_PROVENANCE } from '@sigguard/test-vectors/support';

const script = fileURLToPath(new URL('verify-image.mjs', import.meta.url));
const digest = (s) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
const image = digest('the image manifest');
const other = digest('another image');
let dir;
let ts;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sigguard-node-api-'));
  ts = await sharedTestSigstore();
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  writeFileSync(
    join(dir, 'policy.yaml'),
    `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed-by-ci }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - name: ci
      keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]
---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: has-provenance }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - name: provenance
      keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]
      attestations:
        - name: slsa
          predicateType: ${SLSA_PROVENANCE}
`,
  );
  writeFileSync(join(dir, 'sig.json'), JSON.stringify((await bundleSignature(ts, image)).bundle));
  writeFileSync(join(dir, 'other.json'), JSON.stringify((await bundleSignature(ts, other)).bundle));
  writeFileSync(
    join(dir, 'att.json'),
    JSON.stringify((await bundleAttestation(ts, 'ghcr.io/acme/app', image, SLSA_PROVENANCE, {})).bundle),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

// The example imports the built package, as its readers' projects do (no in-repo source condition).
const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

test('admits an image whose bundles verify', () => {
  const r = run(
    `ghcr.io/acme/app@${image}`,
    join(dir, 'policy.yaml'),
    join(dir, 'trusted_root.json'),
    join(dir, 'sig.json'),
    join(dir, 'att.json'),
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^allowed/);
});

test('denies without the provenance attestation: every matching policy must pass', () => {
  const r = run(
    `ghcr.io/acme/app@${image}`,
    join(dir, 'policy.yaml'),
    join(dir, 'trusted_root.json'),
    join(dir, 'sig.json'),
  );
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /has-provenance/);
});

test('denies when the only signature is for another image, saying so', () => {
  const r = run(
    `ghcr.io/acme/app@${image}`,
    join(dir, 'policy.yaml'),
    join(dir, 'trusted_root.json'),
    join(dir, 'other.json'),
  );
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^denied/);
  assert.match(r.stdout, /no in-toto subject has digest/);
});

test('README: the in-repo sample command runs as written from the repository root', () => {
  const readme = readFileSync(new URL('README.md', import.meta.url), 'utf8');
  const command = readme.split('On the in-repo samples')[1]?.match(/```sh\n([\s\S]*?)\n# (allowed: .*)\n```/);
  assert.ok(command, 'README has the in-repo sample command and its first output line');
  // `node` as the reader's PATH would give it after setup: this Node first.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
  const r = spawnSync('bash', ['-euc', command[1]], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    encoding: 'utf8',
    env,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout.split('\n')[0].replace(/@sha256:[0-9a-f]{64}/, '@sha256:a0cf…'), command[2]);
});
