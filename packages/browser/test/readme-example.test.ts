// The README example is example.mjs verbatim, and it prints what its last comment says
// (it imports the built dist/sigguard.browser.js, as a page would).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const example = fileURLToPath(new URL('../example.mjs', import.meta.url));
const built = existsSync(new URL('../dist/sigguard.browser.js', import.meta.url));

test('README shows example.mjs verbatim', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README example is out of date');
});

test('example.mjs verifies the sample and prints the documented checks', {
  skip: !built && 'build @sigguard/browser first',
}, () => {
  const expected = /^\/\/ (true .*)$/m.exec(readFileSync(example, 'utf8'))?.[1];
  assert.ok(expected, 'example.mjs documents its output');
  const r = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), expected);
});
