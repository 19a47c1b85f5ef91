// `sigguard … | head`: when stdout is closed early the CLI stops writing without an EPIPE
// stack trace, and the exit code is still the command's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The built CLI (what users run; bin.ts's EPIPE handling is bundled into it).
const BIN = fileURLToPath(new URL('../bin/sigguard.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../test-vectors/trusted_root.json', import.meta.url));

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone before the first line is written
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

test('a closed stdout is not a crash: no EPIPE trace, exit code kept', async () => {
  const ok = await runWithClosedStdout(['trust-root', 'inspect', ROOT]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stderr, /EPIPE|\n\s+at /);
  const usage = await runWithClosedStdout(['trust-root', 'inspect', '/nonexistent/trusted_root.json']);
  assert.equal(usage.code, 2, usage.stderr);
  assert.match(usage.stderr, /no such file or directory|ENOENT/);
});
