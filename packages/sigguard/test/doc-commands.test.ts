// The contributor commands the docs show work right after setup: `npm run X` names a root
// script; `pnpm --filter P [run] S` names a package P that has script S; pnpm itself is in
// node_modules/.bin (a root devDependency), so npm scripts and `npx pnpm` find it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = (dir: string) => JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8'));

function docs(): { file: string; text: string }[] {
  const files = ['README.md', ...readdirSync(join(repo, 'docs')).map((f) => `docs/${f}`)];
  for (const dir of ['packages', 'examples']) {
    for (const p of readdirSync(join(repo, dir)))
      if (existsSync(join(repo, dir, p, 'README.md'))) files.push(`${dir}/${p}/README.md`);
  }
  files.push('test-vectors/README.md');
  return files.filter((f) => f.endsWith('.md')).map((file) => ({ file, text: readFileSync(join(repo, file), 'utf8') }));
}

function workspacePackages(): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const dir of ['packages', 'examples']) {
    for (const p of readdirSync(join(repo, dir))) {
      if (existsSync(join(repo, dir, p, 'package.json'))) {
        const m = manifest(`${dir}/${p}`);
        out.set(m.name, m.scripts ?? {});
      }
    }
  }
  const tv = manifest('test-vectors');
  out.set(tv.name, tv.scripts ?? {});
  return out;
}

test('pnpm is a root devDependency: node_modules/.bin/pnpm runs', () => {
  const root = manifest('.');
  assert.ok(root.devDependencies.pnpm, 'root devDependencies has pnpm');
  assert.equal(
    root.packageManager,
    `pnpm@${root.devDependencies.pnpm}`,
    'the devDependency is the packageManager version',
  );
  const bin = join(repo, 'node_modules/.bin/pnpm');
  assert.ok(existsSync(bin), 'run npm run setup (or pnpm install) first');
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), root.devDependencies.pnpm);
});

test('every `npm run X` and `pnpm --filter P run S` in the docs names a script that exists', () => {
  const rootScripts = manifest('.').scripts as Record<string, string>;
  const packages = workspacePackages();
  let seen = 0;
  for (const { file, text } of docs()) {
    for (const [, script] of text.matchAll(/npm run ([\w:-]*[\w-])/g)) {
      seen++;
      assert.ok(rootScripts[script!], `${file}: npm run ${script}: no such root script`);
    }
    for (const [, pkg, script] of text.matchAll(/pnpm --filter (\S+) (?:run )?([\w:-]+)/g)) {
      seen++;
      if (pkg === '<package>') continue;
      assert.ok(packages.has(pkg!), `${file}: pnpm --filter ${pkg}: no such workspace package`);
      assert.ok(
        packages.get(pkg!)![script!],
        `${file}: pnpm --filter ${pkg} run ${script}: the package has no such script`,
      );
    }
  }
  assert.ok(seen >= 10, `the docs show commands (${seen} found)`);
});
