// requireOnFirstUse: nothing is evaluated until the first call, the module is evaluated once, it is resolved from
// the base given (a package's own node_modules), and a failed load names the module and is retried.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { requireOnFirstUse } from './require-on-first-use.ts';

// A package directory with `node_modules/<name>/index.js` that counts its evaluations on globalThis.
function packageWith(t: test.TestContext, name: string, ...dependencies: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-require-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const dep of dependencies) addDependency(dir, dep);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name }));
  return dir;
}

function addDependency(dir: string, dep: string): void {
  mkdirSync(join(dir, 'node_modules', dep), { recursive: true });
  writeFileSync(
    join(dir, 'node_modules', dep, 'index.js'),
    `globalThis.__evaluated = (globalThis.__evaluated ?? 0) + 1; exports.answer = ${JSON.stringify(dep)};`,
  );
}

const evaluations = () => (globalThis as { __evaluated?: number }).__evaluated ?? 0;

test('the module is evaluated on the first call, once, and resolved from the base file', (t) => {
  const dir = packageWith(t, 'consumer', 'lazy-dependency-a');
  const before = evaluations();
  const load = requireOnFirstUse<{ answer: string }>(pathToFileURL(join(dir, 'index.js')).href, 'lazy-dependency-a');
  assert.equal(evaluations(), before, 'not evaluated when the loader is made');
  assert.equal(load().answer, 'lazy-dependency-a');
  assert.equal(evaluations(), before + 1);
  assert.equal(load(), load(), 'the same module object every time');
  assert.equal(evaluations(), before + 1, 'evaluated once');
  // a plain path (the CommonJS builds pass __filename) works as well as a file URL
  assert.equal(
    requireOnFirstUse<{ answer: string }>(join(dir, 'index.cjs'), 'lazy-dependency-a')().answer,
    'lazy-dependency-a',
  );
});

test('a module that cannot be found is an error naming it, and the next call tries again', (t) => {
  const dir = packageWith(t, 'consumer');
  const load = requireOnFirstUse<{ answer: string }>(join(dir, 'index.js'), 'lazy-dependency-b');
  assert.throws(load, (e: Error) => /^cannot load lazy-dependency-b: /.test(e.message) && e.cause !== undefined);
  addDependency(dir, 'lazy-dependency-b');
  assert.equal(load().answer, 'lazy-dependency-b');
});

test('a runtime without require() gets an error naming the module, not a crash elsewhere', (t) => {
  const dir = packageWith(t, 'consumer', 'lazy-dependency-c');
  const load = requireOnFirstUse<{ answer: string }>(join(dir, 'index.js'), 'lazy-dependency-c');
  const original = process.getBuiltinModule;
  t.after(() => {
    process.getBuiltinModule = original;
  });
  (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  assert.throws(load, /^Error: cannot load lazy-dependency-c: this runtime has no require\(\)/);
  process.getBuiltinModule = original;
  assert.equal(load().answer, 'lazy-dependency-c');
});
