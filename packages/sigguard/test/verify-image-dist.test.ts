// The built facade and CLI: verifyImage() from dist (ESM and CJS) and `bin/sigguard.mjs
// verify-image` decide the same way as the sources, offline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { bundleSignature } from '../../oci/test/support/cosign.ts';

const DIST = new URL('../dist/', import.meta.url);
const BIN = fileURLToPath(new URL('../bin/sigguard.mjs', import.meta.url));
const skip = existsSync(new URL('cli.js', DIST)) ? false : 'packages/sigguard/dist not built (pnpm -r build)';
const digest = `sha256:${createHash('sha256').update('dist test image').digest('hex')}`;
const POLICY = `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]
`;
let ts: TestSigstore;
let dir: string;
let bundle: string;

before(async () => {
  if (skip) return;
  ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-dist-'));
  bundle = JSON.stringify((await bundleSignature(ts, digest)).bundle);
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  writeFileSync(join(dir, 'sig.json'), bundle);
  writeFileSync(join(dir, 'other.json'), JSON.stringify((await bundleSignature(ts, `sha256:${'0'.repeat(64)}`)).bundle));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

for (const [kind, load] of [
  ['ESM', () => import(new URL('index.js', DIST).href)],
  ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs')],
] as const) {
  test(`${kind} build: verifyImage admits with the bundle and denies without`, { skip }, async () => {
    const { verifyImage } = await load();
    const options = { policies: POLICY, defaultTrustRoot: JSON.stringify(ts.trustedRoot()) };
    const ok = await verifyImage(`ghcr.io/acme/app@${digest}`, { ...options, evidence: { bundles: [bundle] } });
    assert.equal(ok.allowed, true, ok.summary);
    const none = await verifyImage(`ghcr.io/acme/app@${digest}`, { ...options, evidence: { bundles: [] } });
    assert.equal(none.allowed, false);
  });
}

test('built CLI: exit 0 admitted, 1 denied, 2 usage', { skip }, () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'verify-image', ...args], { encoding: 'utf8' });
  const base = [`ghcr.io/acme/app@${digest}`, '--policy', join(dir, 'policy.yaml'), '--trusted-root', join(dir, 'trusted_root.json')];
  const ok = run(...base, '--bundle', join(dir, 'sig.json'), '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).allowed, true);
  const denied = run(...base, '--bundle', join(dir, 'other.json'));
  assert.equal(denied.status, 1, denied.stderr + denied.stdout);
  const notABundle = run(...base, '--bundle', join(dir, 'trusted_root.json'));
  assert.equal(notABundle.status, 2, notABundle.stderr);
  assert.match(notABundle.stderr, /trusted_root\.json is not a Sigstore bundle/);
  assert.equal(run('ghcr.io/acme/app:latest', '--policy', join(dir, 'policy.yaml'), '--bundle', join(dir, 'sig.json')).status, 2);
});
