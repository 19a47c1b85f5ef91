// The README's verifyBundle() example is example.mjs verbatim, and it runs
// against the built package with the answer it shows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const pkg = join(import.meta.dirname, '..');
const example = join(pkg, 'example.mjs');

test('README shows example.mjs verbatim', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  assert.ok(
    readme.includes('```js\n' + readFileSync(example, 'utf8').trimEnd() + '\n```'),
    'README example is out of date',
  );
});

test('the example verifies the sample bundle with the built package', () => {
  // Plain node, no "@sigguard/source" condition: the example resolves `sigguard` to dist/, as users get it.
  const r = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^verified: signed by https:\/\/github\.com\/sigstore-conformance\//);
  assert.match(r.stdout, /pass identity: identity 0 matched/);
});
