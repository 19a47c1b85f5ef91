// Hostile CUE policies through the Node paths: `sigguard eval-predicate`, `sigguard verify-image`
// and verifyImage() imported in Node evaluate in a bounded worker by default, so the policy is
// denied with ENGINE_LIMIT at its budget instead of running for minutes (issue 11 item 2).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { verifyImage } from 'sigguard';
import { bundleSignature, sigguardSample } from '@sigguard/test-vectors/support';
import { runCliInProcess } from './support/run-cli-in-process.ts';
import { runCli } from './support/run-sigguard-cli.ts';

const DIGEST = `sha256:${'e1'.repeat(32)}`;
const IMAGE = `registry.example.com/acme/app@${DIGEST}`;
const ISSUER = 'https://issuer.example.com';
// Runs for minutes on the calling thread (9 million elements in CUE v0.4.3).
const COMPREHENSION =
  'import "list"\nproducts: [for x in list.Range(0, 3000, 1) for y in list.Range(0, 3000, 1) {x*y}]';
const HUGE_RANGE = 'import "list"\nnumbers: list.Range(0, 5e7, 1)';
const SAMPLE_ATTESTATION = sigguardSample('a.txt.intoto.sigstore.json');

let ts: TestSigstore;
let dir: string;

function cipWithPolicy(cue: string): string {
  return `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: hostile-policy }
spec:
  images: [{ glob: "registry.example.com/acme/**" }]
  authorities:
    - name: ci
      keyless: { url: https://fulcio.sigguard.test, identities: [{ issuer: "${ISSUER}", subject: ci@example.com }] }
  policy:
    type: cue
    data: |
${cue
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;
}

before(async () => {
  ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-engine-limits-'));
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  writeFileSync(join(dir, 'policy.yaml'), cipWithPolicy(COMPREHENSION));
  writeFileSync(join(dir, 'huge-range.cue'), HUGE_RANGE);
  writeFileSync(join(dir, 'ci.json'), JSON.stringify((await bundleSignature(ts, DIGEST)).bundle));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("eval-predicate: list.Range(0, 5e7) is an ENGINE_LIMIT error (exit 2), Go's crash trace stays in the worker", {
  timeout: 180_000,
}, async () => {
  const r = await runCli(['eval-predicate', '--policy', join(dir, 'huge-range.cue'), '--input', SAMPLE_ATTESTATION]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^ERROR ENGINE_LIMIT \(cue\): cue policy for \S+ was stopped at an engine limit \((memory|time)\)/,
  );
  assert.doesNotMatch(r.stdout + r.stderr, /goroutine|fatal error/);
});

test('verify-image: a CIP-level CUE policy that runs for minutes is denied with ENGINE_LIMIT (time) at the 10 s budget', {
  timeout: 180_000,
}, async () => {
  const r = await runCliInProcess([
    'verify-image',
    IMAGE,
    '--policy',
    join(dir, 'policy.yaml'),
    '--trusted-root',
    join(dir, 'trusted_root.json'),
    '--bundle',
    join(dir, 'ci.json'),
    '--json',
  ]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const decision = JSON.parse(r.stdout);
  assert.equal(decision.allowed, false);
  assert.match(r.stdout, /"code": "ENGINE_LIMIT"/);
  assert.match(
    r.stdout,
    /cue policy for ClusterImagePolicy was stopped at an engine limit \(time\): the evaluation exceeded its time limit of 10000 ms/,
  );
});

test('verifyImage() in Node stops the engine at the budget by default (on the calling thread it would run for minutes)', {
  timeout: 120_000,
}, async () => {
  const decision = await verifyImage(IMAGE, {
    policies: cipWithPolicy(COMPREHENSION),
    defaultTrustRoot: ts.trustedRoot(),
    evidence: { bundles: [JSON.stringify((await bundleSignature(ts, DIGEST)).bundle)] },
    predicate: { limits: { timeoutMs: 2_000 } },
  });
  assert.equal(decision.allowed, false);
  const text = JSON.stringify(decision);
  assert.match(text, /"code":"ENGINE_LIMIT"/);
  assert.match(
    text,
    /cue policy for ClusterImagePolicy was stopped at an engine limit \(time\): the evaluation exceeded its time limit of 2000 ms/,
  );
});
