import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { main } from './main.ts';
import { colorAllowed, type CliIO } from './io.ts';

function capture(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), isTTY: false };
}

test('unknown subcommand is a usage error (exit 2)', async () => {
  const io = capture();
  assert.equal(await main(['no-such-command'], io), 2);
  assert.match(io.lines.join('\n'), /unknown command 'no-such-command'/);
});

test('no arguments prints help and exits 2', async () => {
  const io = capture();
  assert.equal(await main([], io), 2);
  assert.match(io.lines.join('\n'), /usage: sigguard/);
});

test('--version and -v print the package version and exit 0', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  for (const flag of ['--version', '-v']) {
    const io = capture();
    assert.equal(await main([flag], io), 0);
    assert.deepEqual(io.lines, [`sigguard ${version}`]);
  }
});

test('colours only on a terminal without NO_COLOR', () => {
  assert.equal(colorAllowed(true, {}), true);
  assert.equal(colorAllowed(true, { NO_COLOR: '1' }), false);
  assert.equal(colorAllowed(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(colorAllowed(false, {}), false);
  assert.equal(colorAllowed(undefined, {}), false);
});
