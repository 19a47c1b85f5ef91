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
  : 'packages/audit/dist not built (pnpm --filter @sigguard/audit build)';

test('dist has no node: imports (runtime-agnostic)', { skip }, () => {
  for (const f of ['index.js', 'index.cjs']) {
    assert.doesNotMatch(readFileSync(new URL(f, DIST), 'utf8'), /from ['"]node:|require\(['"]node:/, f);
  }
});

for (const [kind, load] of [
  ['ESM', () => import(new URL('index.js', DIST).href)],
  ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs')],
]) {
  test(`${kind} build: an audit without sources is refused, a report renders`, { skip }, async () => {
    const audit = await load();
    await assert.rejects(audit.auditSigners({ policies: [], sources: {} }), (e) => e.code === 'USAGE');
    assert.equal(audit.AUDIT_SCHEMA, 'https://sigguard.dev/audit/v1');
  });
}

test('README example runs against the built package and prints the unexpected signer', { skip }, () => {
  const example = fileURLToPath(new URL('../example.mjs', import.meta.url));
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README shows example.mjs verbatim');
  // Plain node: the example imports @sigguard/audit by name, which resolves to the built dist/.
  const run = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^audited 1 image\(s\), 1 verified signature\(s\) from 1 signer\(s\)\n/);
  assert.match(run.stdout, /\nUNAUTHORIZED +alice@example\.com /);
  assert.match(run.stdout, /\n1\n$/);
});
