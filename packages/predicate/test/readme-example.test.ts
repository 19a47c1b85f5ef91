// The README example is example.mjs verbatim, and it prints what its comments say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const example = fileURLToPath(new URL('../example.mjs', import.meta.url));

test('README shows example.mjs verbatim', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + readFileSync(example, 'utf8') + '```'), 'README example is out of date');
});

test('example.mjs: the attestation policy passes, the CIP-level policy fails with the CUE reason', () => {
  const r = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [first, second] = r.stdout.trim().split('\n');
  assert.equal(first, 'true cue policy for custom passed');
  assert.match(
    second!,
    /^false .*authorityMatches\.signed\.signatures: invalid value \[\] \(does not satisfy list\.MinItems\(1\)\)$/,
  );
});
