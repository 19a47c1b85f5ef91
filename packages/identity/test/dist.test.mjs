// Integration: the built package (ESM and CJS) works and stays runtime-agnostic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const DIST = new URL('../dist/', import.meta.url);
const skip = existsSync(new URL('index.js', DIST))
  ? false
  : 'packages/identity/dist not built (pnpm --filter @sigguard/identity build)';
const table = JSON.parse(readFileSync(new URL('../src/testdata/go-regexp-cases.json', import.meta.url), 'utf8'));

test('dist has no node: imports and no Reflect polyfill requirement', { skip }, () => {
  for (const f of ['index.js', 'index.cjs', 'index-node.js', 'index-node.cjs']) {
    const src = readFileSync(new URL(f, DIST), 'utf8');
    assert.doesNotMatch(src, /from ['"]node:|require\(['"]node:/, f);
    assert.doesNotMatch(src, /tsyringe|reflect-metadata/, f);
  }
});

// index.*: the runtime-agnostic entry, re2js behind a dynamic import (loaded by loadGoRegExpEngine);
// index-node.*: what Node resolves (export condition "node"), re2js loaded synchronously on the first regexp.
for (const [kind, load, lazy] of [
  ['ESM', () => import(new URL('index.js', DIST).href), true],
  ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs'), true],
  ['ESM node', () => import(new URL('index-node.js', DIST).href), false],
  ['CJS node', async () => createRequire(import.meta.url)('../dist/index-node.cjs'), false],
]) {
  test(`${kind} build: Go regexp table and identity matching`, { skip }, async () => {
    const id = await load();
    if (lazy) {
      // The lazy entries run first (tests run in order) and import nothing that loads re2js.
      assert.equal(id.goRegExpEngineLoaded(), false, 'the runtime-agnostic entry must not load re2js by itself');
      assert.throws(
        () => id.compileGoRegExp('^a$', 'spec.subjectRegExp'),
        (e) => e.code === 'REGEXP_ENGINE_NOT_LOADED' && /spec\.subjectRegExp/.test(e.message),
      );
      await id.loadGoRegExpEngine();
    }
    assert.equal(id.goRegExpEngineLoaded(), true);
    for (const c of table.cases) {
      let got;
      try {
        got = id.compileGoRegExp(c.pattern).test(c.input) ? 'match' : 'no-match';
      } catch (e) {
        assert.equal(e.code, 'POLICY_INVALID');
        got = 'error';
      }
      assert.equal(got, c.expect, `${c.pattern} vs ${JSON.stringify(c.input).slice(0, 40)}`);
    }
    const vectors = new URL(
      '../../../test-vectors/bundles/keyless-github-workflow/bundle.sigstore.json',
      import.meta.url,
    );
    // committed in the repository: never skipped
    const vm = JSON.parse(readFileSync(vectors, 'utf8')).verificationMaterial;
    const check = id.checkBundleIdentity(
      vm,
      id.compileIdentities([
        { issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github\\.com/sigguard/' },
      ]),
    );
    assert.equal(check.status, 'pass', check.reason);
    const other = id.checkBundleIdentity(
      vm,
      id.compileIdentities([
        { issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github\\.com/someone-else/' },
      ]),
    );
    assert.equal(other.status, 'fail', 'a non-matching identity must fail on the built package');
    assert.throws(
      () => id.parsePublicKey('awskms:///alias/x'),
      (e) => e.code === 'KMS_UNAVAILABLE',
    );
  });
}
