// Integration: the built package (ESM and CJS) works, and the README example runs as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DIST = new URL('../dist/', import.meta.url);
const skip = existsSync(new URL('index.js', DIST))
  ? false
  : 'packages/policy/dist not built (pnpm --filter @sigguard/policy build)';

test('dist has no node: imports (runtime-agnostic)', { skip }, () => {
  for (const f of ['index.js', 'index.cjs']) {
    assert.doesNotMatch(readFileSync(new URL(f, DIST), 'utf8'), /from ['"]node:|require\(['"]node:/, f);
  }
});

for (const [kind, load] of [
  ['ESM', () => import(new URL('index.js', DIST).href)],
  ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs')],
]) {
  test(`${kind} build: parse, match, evaluate`, { skip }, async () => {
    const p = await load();
    const { policies } = p.parsePolicyDocuments(
      readFileSync(new URL('../src/testdata/policies.yaml', import.meta.url), 'utf8'),
    );
    assert.equal(policies.length, 4);
    assert.equal(p.matchGlob('index.docker.io/library/*', 'nginx'), true);
    const d = await p.evaluatePolicies('nginx', policies, { signatures: async () => [], attestations: async () => [] });
    assert.equal(d.allowed, false);
    assert.match(d.summary, /Docker Hub official images are not allowed here/);
    assert.throws(
      () => p.parsePolicyDocuments('kind: ClusterImagePolicy\n'),
      (e) => e.code === 'POLICY_INVALID',
    );
  });
}

test('README example runs against the built package and prints an allowed decision', { skip }, () => {
  const example = fileURLToPath(new URL('../example.mjs', import.meta.url));
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README shows example.mjs verbatim');
  // Plain node: the example imports @sigguard/policy by name, which resolves to the built dist/.
  const run = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^ALLOWED ghcr\.io\/acme\/app@sha256:(ab){32}\n/);
  assert.match(run.stdout, /✓ policy signed-by-ci: authority ci passed/);
  assert.match(run.stdout, /\ntrue\n$/);
});
