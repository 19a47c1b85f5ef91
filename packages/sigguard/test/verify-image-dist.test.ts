// The built facade: verifyImage() from dist (ESM and CJS) decides the same way as the sources,
// offline (the built CLI: packages/cli/test/cli-dist.test.ts).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, test } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { bundleSignature, keylessImagePolicy } from '@sigguard/test-vectors/support';

const DIST = new URL('../dist/', import.meta.url);
const skip = existsSync(new URL('index.js', DIST)) ? false : 'packages/sigguard/dist not built (pnpm -r build)';
const digest = `sha256:${createHash('sha256').update('dist test image').digest('hex')}`;
const POLICY = keylessImagePolicy({ name: 'signed', glob: 'ghcr.io/acme/**' });
let ts: TestSigstore;
let bundle: string;

before(async () => {
  if (skip) return;
  ts = await sharedTestSigstore();
  bundle = JSON.stringify((await bundleSignature(ts, digest)).bundle);
});

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
