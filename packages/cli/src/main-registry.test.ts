import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from './main.ts';
import type { CliIO } from './io.ts';

// The help text is written in main.ts (so --help loads no command); it must stay true.
test('every listed command loads, and its name and summary match the command module', async () => {
  const lines: string[] = [];
  const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), isTTY: false };
  assert.equal(await main(['--help'], io), 0);
  const listed = lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/));
  assert.equal(listed.length, 5);
  const modules = await Promise.all([
    import('./commands/verify-bundle.ts').then((m) => m.verifyBundleCommand),
    import('./commands/verify-image.ts').then((m) => m.verifyImageCommand),
    import('./commands/trust-root.ts').then((m) => m.trustRootCommand),
    import('./commands/eval-predicate.ts').then((m) => m.evalPredicateCommand),
    import('./commands/audit.ts').then((m) => m.auditCommand),
  ]);
  for (const [name, summary] of listed) {
    const cmd = modules.find((c) => c.name === name);
    assert.ok(cmd, `listed command ${name} has a module`);
    assert.equal(summary, cmd.summary, `summary of ${name}`);
  }
});
