import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from './main.ts';
import type { CliIO } from './io.ts';

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
