// The README example is example.ts (minus its two header comment lines) and it runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const pkg = join(import.meta.dirname, '..');

test('README example matches example.ts and verifies the DSSE sample by digest', () => {
  const code = readFileSync(join(pkg, 'example.ts'), 'utf8').split('\n').slice(2).join('\n').trimEnd();
  assert.ok(readFileSync(join(pkg, 'README.md'), 'utf8').includes('```ts\n' + code + '\n```'), 'README example is out of date');
  const r = spawnSync(process.execPath, ['--conditions=@sigguard/source', join(pkg, 'example.ts')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^true https:\/\/slsa\.dev\/provenance\/v1\n/);
  assert.match(r.stdout, /pass identity identity 0 matched/);
});
