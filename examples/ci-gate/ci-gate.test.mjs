// Runs ci-gate.sh on OCI layouts made at test time: signed by the policy's identity (exit 0),
// unsigned (exit 1), signed by someone else (exit 1), and bad input (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { LayoutWriter, pushImage, pushLegacy, legacySignatureLayer } from '@sigguard/test-vectors/support';

const here = fileURLToPath(new URL('.', import.meta.url));
const script = join(here, 'ci-gate.sh');
// The built CLI, as the gate's users have it.
const cli = fileURLToPath(new URL('../../packages/cli/bin/sigguard.mjs', import.meta.url));
const SIGGUARD = `${process.execPath} ${cli}`;
const repo = { registry: 'registry.example.com', repository: 'acme/app' };
let dir;
let ts;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sigguard-ci-gate-'));
  ts = await sharedTestSigstore();
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  // As `kubectl get ... -o yaml` writes it: a List with server-side metadata.
  writeFileSync(
    join(dir, 'cluster-policies.yaml'),
    `apiVersion: v1
kind: List
items:
  - apiVersion: policy.sigstore.dev/v1beta1
    kind: ClusterImagePolicy
    metadata:
      name: acme-signed
      uid: 0b6f9c1e-8f4e-4a57-9a0e-0d1d2a3b4c5d
      resourceVersion: "4242"
      creationTimestamp: "2026-01-01T00:00:00Z"
    spec:
      images:
        - glob: registry.example.com/acme/**
      authorities:
        - name: release-pipeline
          keyless:
            url: https://fulcio.sigguard.test
            identities:
              - issuer: https://issuer.example.com
                subjectRegExp: ^release@acme\\.example$
metadata:
  resourceVersion: ""
`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function layout(name, signer) {
  const w = new LayoutWriter(join(dir, name));
  const img = await pushImage(w, repo, name, 'v1');
  if (signer) {
    const layer = await legacySignatureLayer(ts, 'registry.example.com/acme/app', img.digest, {
      signer: { subject: signer, issuer: 'https://issuer.example.com' },
    });
    await pushLegacy(w, repo, img.digest, 'sig', [layer]);
  }
  return { dir: join(dir, name), ref: `registry.example.com/acme/app@${img.digest}` };
}

function gate(...args) {
  return spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...process.env, SIGGUARD } });
}

test('a correctly signed image passes the gate', async () => {
  const l = await layout('signed', 'release@acme.example');
  const r = gate(l.ref, l.dir, join(dir, 'cluster-policies.yaml'), join(dir, 'trusted_root.json'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /would be admitted/);
});

test('unsigned and wrongly signed images are stopped with the reason', async () => {
  const unsigned = await layout('unsigned');
  const r1 = gate(unsigned.ref, unsigned.dir, join(dir, 'cluster-policies.yaml'), join(dir, 'trusted_root.json'));
  assert.equal(r1.status, 1, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /no signatures found/);
  const dev = await layout('dev-signed', 'dev@acme.example');
  const r2 = gate(dev.ref, dev.dir, join(dir, 'cluster-policies.yaml'), join(dir, 'trusted_root.json'));
  assert.equal(r2.status, 1, r2.stdout + r2.stderr);
  assert.match(r2.stdout, /dev@acme\.example/);
  assert.match(r2.stderr, /would be DENIED/);
});

test('bad input exits 2', async () => {
  const r = gate('registry.example.com/acme/app:v1', join(dir, 'no-such-layout'), join(dir, 'cluster-policies.yaml'));
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(gate('only-one-arg').status, 2);
});
