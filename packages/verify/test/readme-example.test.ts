// The README example is example.mjs verbatim, and it runs against the built packages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const pkg = join(import.meta.dirname, '..');

test('README example is example.mjs verbatim and verifies the DSSE sample by digest', () => {
  const code = readFileSync(join(pkg, 'example.mjs'), 'utf8');
  assert.ok(
    readFileSync(join(pkg, 'README.md'), 'utf8').includes('```js\n' + code + '```'),
    'README example is out of date',
  );
  const r = spawnSync(process.execPath, [join(pkg, 'example.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^true https:\/\/slsa\.dev\/provenance\/v1\n/);
  assert.match(r.stdout, /pass identity identity 0 matched/);
});
