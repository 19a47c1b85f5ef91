// Integration: the built package (ESM and CJS) loads without Node built-ins, and the README example runs as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DIST = new URL('../dist/', import.meta.url);
const skip = existsSync(new URL('index.js', DIST))
  ? false
  : 'packages/image/dist not built (pnpm --filter @sigguard/image build)';

test('dist has no node: imports (runtime-agnostic)', { skip }, () => {
  for (const f of ['index.js', 'index.cjs']) {
    assert.doesNotMatch(readFileSync(new URL(f, DIST), 'utf8'), /from ['"]node:|require\(['"]node:/, f);
  }
});

for (const [kind, load] of [
  ['ESM', () => import(new URL('index.js', DIST).href)],
  ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs')],
]) {
  test(`${kind} build: bad input is a VerifyImageError naming it`, { skip }, async () => {
    const image = await load();
    assert.throws(
      () => image.readBundleDocument('{"mediaType": "text/plain"}', 'b.json'),
      (e) =>
        e instanceof image.VerifyImageError &&
        e.code === 'INPUT_INVALID' &&
        /b\.json is not a Sigstore/.test(e.message),
    );
    assert.throws(
      () => image.checkOptions({}),
      (e) => e.code === 'USAGE',
    );
  });
}

test('README example runs against the built package and prints an admission', { skip }, () => {
  const example = fileURLToPath(new URL('../example.mjs', import.meta.url));
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README shows example.mjs verbatim');
  // Plain node: the example imports @sigguard/image by name, which resolves to the built dist/.
  const run = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^allowed: ghcr\.io\/acme\/app@sha256:ec0e5e69\S+ satisfies 1 policy \(signed-by-alice\)\n/);
  assert.match(run.stdout, /\ntrue\n$/);
});
