// Decisions that need no evidence need no network (issue 10 item 6): no matching policy, or only
// `static` authorities, with a digest-pinned reference, decide without reading the registry, as
// policy-controller does. The registry here is unreachable: a closed loopback port, a host that
// cannot resolve (RFC 6761 .invalid), and a fetch that counts and refuses every request.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parsePolicyDocuments } from '@sigguard/policy';
import { runCliInProcess as runCli } from './support/run-cli-in-process.ts';
import { verifyImage } from 'sigguard';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const POLICIES = `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: allow-base }
spec:
  images: [{ glob: "**/base/**" }]
  authorities: [{ static: { action: pass } }]
---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: block-legacy }
spec:
  images: [{ glob: "**/legacy/**" }]
  authorities: [{ static: { action: fail } }]
---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed }
spec:
  images: [{ glob: "**/signed/**" }]
  authorities:
    - key:
        data: |
          -----BEGIN PUBLIC KEY-----
          MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7l2R6iZQbhYOEL1pJxZ4OR5PdyGN
          b7qUwaS3XMr8KFSnPCl9w4n05yrn2eZVfWqNmRuQOzY8aSXfjXGkNWkfpg==
          -----END PUBLIC KEY-----
`;

let dir: string;
let policyFile: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigguard-no-network-'));
  policyFile = join(dir, 'policies.yaml');
  writeFileSync(policyFile, POLICIES);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fetch that records what was asked and refuses (as an unplugged network would). */
function unplugged(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const f = (async (input: string | URL | Request) => {
    urls.push(String(input instanceof Request ? input.url : input));
    throw new TypeError('fetch failed (network unreachable)');
  }) as typeof fetch;
  return { fetch: f, urls };
}

for (const host of ['127.0.0.1:1', 'registry.invalid']) {
  test(`CLI: static pass, static fail and no match decide without ${host}`, async () => {
    const pass = await runCli(['verify-image', `${host}/base/app@${DIGEST}`, '--policy', policyFile, '--json']);
    assert.equal(pass.code, 0, pass.stdout + pass.stderr);
    const d = JSON.parse(pass.stdout);
    assert.equal(d.allowed, true);
    assert.deepEqual(d.matchedPolicies, ['allow-base']);
    assert.equal(d.subject.kind, 'unknown'); // not read
    assert.deepEqual(d.evidence.notes, []);

    const fail = await runCli(['verify-image', `${host}/legacy/app@${DIGEST}`, '--policy', policyFile]);
    assert.equal(fail.code, 1);
    assert.match(fail.stdout, /disallowed by static policy/);
    assert.doesNotMatch(fail.stdout + fail.stderr, /cannot resolve|fetch failed|ENOTFOUND/);

    const none = await runCli(['verify-image', `${host}/other/app@${DIGEST}`, '--policy', policyFile]);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /no matching policies/);
    assert.doesNotMatch(none.stdout + none.stderr, /cannot resolve|fetch failed|ENOTFOUND/);
    const other = `${host}/other/app@${DIGEST}`;
    const allowed = await runCli(['verify-image', other, '--policy', policyFile, '--no-match-policy', 'allow']);
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  });
}

test('verifyImage(): no request at all unless an authority needs evidence', async () => {
  const { policies } = parsePolicyDocuments(POLICIES);
  const net = unplugged();
  const run = (image: string, noMatchPolicy?: 'allow') =>
    verifyImage(image, {
      policies,
      registry: { fetch: net.fetch, retries: 0 },
      ...(noMatchPolicy ? { noMatchPolicy } : {}),
    });

  const pass = await run(`registry.invalid/base/app:v1@${DIGEST}`);
  assert.equal(pass.allowed, true, pass.summary);
  assert.equal(pass.image.name, `registry.invalid/base/app@${DIGEST}`);
  assert.equal(pass.image.input, `registry.invalid/base/app:v1@${DIGEST}`);
  assert.equal((await run(`registry.invalid/legacy/app@${DIGEST}`)).allowed, false);
  const none = await run(`registry.invalid/other/app@${DIGEST}`);
  assert.equal(none.summary, `denied: no matching policies: registry.invalid/other/app@${DIGEST}`);
  assert.equal((await run(`registry.invalid/other/app@${DIGEST}`, 'allow')).allowed, true);
  assert.deepEqual(net.urls, []);

  // A key authority needs evidence: now the registry is read, and being unreachable denies.
  const signed = await run(`registry.invalid/signed/app@${DIGEST}`);
  assert.equal(signed.allowed, false);
  assert.match(signed.summary, /failed policy signed: .*cannot resolve registry\.invalid\/signed\/app@sha256:d+ in/);
  assert.match(signed.summary, /network unreachable/);
  assert.deepEqual(net.urls, [`https://registry.invalid/v2/signed/app/manifests/${DIGEST}`]);

  // A tag must be resolved before policies can match (policy-controller resolves it first).
  const tagged = await run('registry.invalid/base/app:v1');
  assert.equal(tagged.allowed, false);
  assert.match(tagged.summary, /cannot resolve registry\.invalid\/base\/app:v1/);
});
