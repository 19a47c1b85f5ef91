// The top-level README's CLI examples run as written, from the repository root, with the built
// CLI on PATH (as `npm run setup` leaves it), and exit as their `# exit N` comments say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const built = existsSync(new URL('../dist/cli.js', import.meta.url));

function readmeCommands() {
  const readme = readFileSync(new URL('README.md', `file://${root}`), 'utf8');
  const block = readme.split('## The CLI')[1]?.match(/```sh\n([\s\S]*?)```/)?.[1];
  assert.ok(block, 'README has a sh block under "## The CLI"');
  const lines = block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const setup = lines.filter((l) => !l.startsWith('sigguard '));
  const commands = lines
    .filter((l) => l.startsWith('sigguard '))
    .map((l) => {
      const m = /^(.*?)\s+# exit (\d)\b/.exec(l);
      assert.ok(m, `every README command says its exit code: ${l}`);
      return { command: m[1]!, exit: Number(m[2]) };
    });
  return { setup, commands };
}

test('README: one example per subcommand, each exits as documented', {
  skip: !built && 'build the @sigguard/cli package first',
}, () => {
  const { setup, commands } = readmeCommands();
  const subcommands = new Set(commands.map((c) => c.command.split(/\s+/)[1]));
  assert.deepEqual([...subcommands].sort(), ['audit', 'eval-predicate', 'trust-root', 'verify-bundle', 'verify-image']);
  for (const { command, exit } of commands) {
    const r = spawnSync('bash', ['-euc', `${setup.join('\n')}\n${command}`], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, exit, `${command}\n${r.stdout}\n${r.stderr}`);
    assert.ok(r.stdout.length > 0, `${command} prints its result on stdout`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${command}: no stack trace`);
    if (command.startsWith('sigguard verify-image') && exit === 1) {
      // The denial says why: no attestation among the evidence found.
      assert.match(r.stdout, /^DENIED /);
      assert.match(r.stdout, /no matching attestations for authority beacon/);
      assert.match(r.stdout, /evidence from 1 bundle file\(s\): 1 signature, 0 attestations/);
      const json = spawnSync('bash', ['-euc', `${setup.join('\n')}\n${command} --json`], {
        cwd: root,
        encoding: 'utf8',
      });
      assert.equal(json.status, 1);
      assert.equal(JSON.parse(json.stdout).allowed, false);
    }
  }
});
