// The locators of @sigguard/test-vectors/support/locations point at files that exist (a move of the data they
// name fails here, not as a confusing error in another package's test), and an absent ../shared vector gives
// a skip reason that names it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  OPA_TEST_DOUBLE_WASM,
  PUBLIC_GOOD_TRUSTED_ROOT,
  packageDir,
  publicSample,
  REPO_DIR,
  sharedDir,
  sharedVectors,
  sigguardSample,
} from '../src/support/locations.ts';

test('every in-repository locator names an existing file', () => {
  assert.ok(existsSync(join(REPO_DIR, 'pnpm-workspace.yaml')), REPO_DIR);
  for (const file of [
    sigguardSample('policy.yaml'),
    publicSample('happy-path-v0.3.sigstore.json'),
    PUBLIC_GOOD_TRUSTED_ROOT,
    OPA_TEST_DOUBLE_WASM,
    join(packageDir('identity'), 'package.json'),
  ])
    assert.ok(existsSync(file), file);
});

test('a vector that is not there: its path and a skip reason naming it', () => {
  const v = sharedVectors('no-such-vectors/here');
  assert.equal(v.path, join(REPO_DIR, '..', 'shared', 'vectors', 'no-such-vectors/here'));
  const why = sharedDir() ? 'not in ../shared' : 'no ../shared';
  assert.equal(v.skip, `no-such-vectors/here not found at ${v.path} (${why})`);
});

test('a vector that is there: no skip', { skip: sharedDir() ? false : 'no ../shared beside the repository' }, () => {
  assert.deepEqual(sharedVectors('policy-controller').skip, false);
});
