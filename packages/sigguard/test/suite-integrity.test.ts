// The test suite itself: every test file in the repository is one `npm test` runs, a failing test
// makes the runner exit non-zero with node's closing summary, and no test code calls
// process.exit (node's runner cannot tell a file that exits 0 early from one that finished: the
// tests after the exit would vanish from the run, which would still pass).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without type declarations
import { findTestFiles } from '../../../scripts/test-files.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const runner = join(repo, 'scripts', 'run-tests.mjs');
const ignored = (f: string) => /(^|\/)(node_modules|dist|\.tools|\.git)\//.test(f);

test('every *.test.* file in the repository is run by npm test', () => {
  const run = new Set<string>(findTestFiles(repo));
  assert.ok(run.size > 50, `only ${run.size} test files found`);
  const all = globSync('**/*.test.{ts,mts,cts,js,mjs,cjs}', { cwd: repo }).filter((f) => !ignored(f));
  assert.deepEqual(
    all.filter((f) => !run.has(f)).sort(),
    [],
    'test files outside scripts/test-files.mjs patterns never run',
  );
});

test('no test file or test helper calls process.exit', () => {
  const self = fileURLToPath(import.meta.url);
  const files = [
    ...findTestFiles(repo),
    ...globSync('packages/*/test/**/*.{ts,mjs,js}', { cwd: repo }),
    ...globSync('packages/*/src/**/testdata/**/*.{ts,mjs,js}', { cwd: repo }),
    ...globSync('test-vectors/src/support/**/*.ts', { cwd: repo }),
  ].filter((f) => !ignored(f) && join(repo, f) !== self);
  assert.ok(files.length > 50);
  const offenders = [...new Set(files)].filter((f) => /\bprocess\.exit\s*\(/.test(readFileSync(join(repo, f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the runner exits non-zero on a failing test and zero on a passing one, printing the summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-runner-'));
  try {
    mkdirSync(join(dir, 'test-vectors', 'test'), { recursive: true });
    const file = join(dir, 'test-vectors', 'test', 'probe.test.ts');
    const run = () =>
      spawnSync(process.execPath, [runner], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      });

    writeFileSync(
      file,
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n" +
        "test('probe', () => assert.equal(1, 2));\n",
    );
    const failing = run();
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /fail 1/);

    writeFileSync(file, "throw new Error('cannot load');\n");
    const broken = run();
    assert.equal(broken.status, 1, 'a file that does not load fails the run');

    writeFileSync(file, "import { test } from 'node:test';\ntest('probe', () => {});\n");
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /pass 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
