// `sigguard verify-image` with a ClusterImagePolicy carrying inline Rego (policy-controller's e2e
// `cip-keyless-with-attestations-rego.yaml` policy): compiled with `opa` from PATH or `--opa`, as
// eval-predicate does. No real opa exists on the build machines, so the compiler is a stand-in
// script that hands out the bundle a real OPA 0.70.0 built from exactly this source
// (../shared/vectors/opa-wasm/e2e-custom-data) and refuses any other source; the evaluation of
// that bundle is real.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { bundleAttestation, sharedVectors } from '@sigguard/test-vectors/support';
import { runCliInProcess as runCli } from './support/run-cli-in-process.ts';
import { runCli as spawnCli } from './support/run-sigguard-cli.ts';

const { path: OPA_VECTOR, skip } = sharedVectors('opa-wasm/e2e-custom-data');

const CUSTOM = 'https://cosign.sigstore.dev/attestation/v1';
const DIGEST = `sha256:${'6c'.repeat(32)}`;
const IMAGE = `registry.example.com/knative/demo@${DIGEST}`;

let ts: TestSigstore;
let dir: string;
let root: string;
let log: string;
let fakeOpa: string;

function cip(policyType: 'rego' | 'cue', source: string): string {
  const indented = source
    .trimEnd()
    .split('\n')
    .map((l) => `              ${l}`)
    .join('\n');
  return `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: image-policy-keyless-with-attestations-${policyType} }
spec:
  images: [{ glob: "**demo**" }]
  authorities:
    - name: attestation
      keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]
      attestations:
        - name: custom-match-predicate
          predicateType: "${CUSTOM}"
          policy:
            type: ${policyType}
            data: |
${indented}
`;
}

before(async () => {
  if (skip) return;
  ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-vi-rego-'));
  root = join(dir, 'trusted_root.json');
  writeFileSync(root, JSON.stringify(ts.trustedRoot()));
  writeFileSync(join(dir, 'rego.yaml'), cip('rego', readFileSync(join(OPA_VECTOR, 'policy.rego'), 'utf8')));
  writeFileSync(join(dir, 'cue.yaml'), cip('cue', 'predicate: Data: "foobar e2e test"'));
  for (const data of ['foobar e2e test', 'foobar other']) {
    const signed = await bundleAttestation(ts, 'registry.example.com/knative/demo', DIGEST, CUSTOM, {
      Data: data,
      Timestamp: '2022-04-07T19:22:25Z',
    });
    writeFileSync(join(dir, `${data.replace(' ', '-').replace(' ', '-')}.json`), JSON.stringify(signed.bundle));
  }
  // The stand-in compiler: OPA 0.70.0's `version` and `build -o OUT SRC`, for the one source
  // the recorded bundle was built from.
  log = join(dir, 'opa-calls.log');
  mkdirSync(join(dir, 'bin'));
  fakeOpa = join(dir, 'bin', 'opa');
  writeFileSync(
    fakeOpa,
    `#!/bin/sh
echo "$@" >> '${log}'
if [ "$1" = version ]; then echo "Version: 0.70.0"; exit 0; fi
out=; src=
while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift ;; *.rego) src="$1" ;; esac; shift; done
if ! cmp -s "$src" '${join(OPA_VECTOR, 'policy.rego')}'; then echo "stand-in opa: no real build recorded for this source" >&2; exit 1; fi
cp '${join(OPA_VECTOR, 'bundle.tar.gz')}' "$out"
`,
  );
  chmodSync(fakeOpa, 0o755);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const args = (policy: string, bundle: string) => [
  'verify-image',
  IMAGE,
  '--policy',
  join(dir, policy),
  '--bundle',
  join(dir, bundle),
  '--trusted-root',
  root,
];

test('inline Rego with --opa: the attestation the policy accepts is admitted, another is denied', {
  skip,
}, async () => {
  const ok = await runCli([...args('rego.yaml', 'foobar-e2e-test.json'), '--opa', fakeOpa, '--json']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal(JSON.parse(ok.stdout).allowed, true);
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(calls[0], 'version');
  assert.match(calls[1]!, /^build -t wasm -e sigstore\/isCompliant -o \S+bundle\.tar\.gz \S+policy\.rego$/);

  const bad = await runCli([...args('rego.yaml', 'foobar-other.json'), '--opa', fakeOpa]);
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /policy is not compliant for query 'isCompliant = data\.sigstore\.isCompliant'/);
});

test('inline Rego with opa found on PATH (a real process, the stand-in first on PATH)', { skip }, async () => {
  const PATH = [join(dir, 'bin'), process.env.PATH].join(':');
  const r = await spawnCli([...args('rego.yaml', 'foobar-e2e-test.json'), '--json'], { env: { ...process.env, PATH } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).allowed, true);
});

test('inline Rego without opa: denied, saying no opa was found and how to precompile', { skip }, async () => {
  const r = await runCli([...args('rego.yaml', 'foobar-e2e-test.json'), '--opa', join(dir, 'no-such-opa')]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /no `opa` executable found .*no-such-opa/);
  assert.match(r.stdout, /opa build -t wasm -e sigstore\/isCompliant/);
});

test('a CUE policy never runs opa', { skip }, async () => {
  rmSync(log, { force: true });
  const r = await runCli([...args('cue.yaml', 'foobar-e2e-test.json'), '--opa', fakeOpa]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(existsSync(log), false, 'opa was run for a CUE policy');
});
