// Integration: the built package (ESM and CJS, runtime-agnostic index, Node layout adapter)
// works, and the README example runs as written over a layout made at test time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { LayoutWriter, legacySignatureLayer, pushImage, pushLegacy } from '@sigguard/test-vectors/support';

const DIST = new URL('../dist/', import.meta.url);
const skip = existsSync(new URL('index.js', DIST))
  ? false
  : 'packages/oci/dist not built (pnpm --filter @sigguard/oci build)';

test('the index entry has no node: imports (runtime-agnostic); the node entry is separate', { skip }, () => {
  for (const f of ['index.js', 'index.cjs']) {
    assert.doesNotMatch(
      readFileSync(new URL(f, DIST), 'utf8'),
      /from ['"](?:node:|fs|path)|require\(['"](?:node:|fs|path)/,
      f,
    );
  }
  assert.match(readFileSync(new URL('node.js', DIST), 'utf8'), /from ['"](?:node:)?fs\/promises['"]/);
});

test('ESM and CJS builds parse references and manifests alike', { skip }, async () => {
  const esm = await import(new URL('index.js', DIST).href);
  const cjs = createRequire(import.meta.url)('../dist/index.cjs');
  for (const m of [esm, cjs]) {
    assert.deepEqual(m.parseImageReference('ubuntu:22.04'), {
      registry: 'index.docker.io',
      repository: 'library/ubuntu',
      tag: '22.04',
    });
    assert.throws(
      () => m.parseDigest('sha256:xyz'),
      (e) => e.code === 'REFERENCE_INVALID',
    );
  }
});

test('README example runs against the built package', { skip }, async () => {
  const example = fileURLToPath(new URL('../example.mjs', import.meta.url));
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README shows example.mjs verbatim');
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-oci-readme-'));
  try {
    const layoutDir = join(dir, 'oci-layout');
    const w = new LayoutWriter(layoutDir);
    const repo = { registry: 'registry.example.com', repository: 'acme/app' };
    const img = await pushImage(w, repo, 'readme', 'v1');
    const ts = await sharedTestSigstore();
    await pushLegacy(w, repo, img.digest, 'sig', [
      await legacySignatureLayer(ts, 'registry.example.com/acme/app', img.digest),
    ]);
    // Plain node: the example imports @sigguard/oci by name, which resolves to the built dist/.
    const run = spawnSync(process.execPath, [example, layoutDir, 'registry.example.com/acme/app:v1'], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^manifest ${img.digest}\\n`));
    assert.match(
      run.stdout,
      /signature legacy-sig .*\.sig layer 0: binding pass, legacy-layer=pass rekor-signature=pass rekor-public-key=pass rekor-body-hash=pass/,
    );
    assert.match(run.stdout, /skip no .*\.att in OCI layout/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
