// The README example is example.mjs verbatim, and it runs from the repository root printing what
// its comments say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = fileURLToPath(new URL('../example.mjs', import.meta.url));

test('README shows example.mjs verbatim', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README example is out of date');
});

test('example.mjs runs from the repository root', () => {
  const r = spawnSync(process.execPath, [example], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'public-good 2 tlogs');
  assert.equal(lines[1], "[ 'trusted-root', 'legacy-targets', 'inline-keys' ]");
  assert.match(lines[2]!, /^[0-9a-f]{64} sigguard-tuf\/sigguard-tuf-intermediate$/);
  assert.equal(lines[3], '1 CA');
  assert.match(lines[4]!, /^TUF_EXPIRED TUF role timestamp expired at 2021-01-01T00:00:00Z/);
  assert.match(lines[5]!, /^legacy-targets \S+$/);
});
