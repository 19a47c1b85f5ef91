// Every package's code and tests reach another package only through its name (`@sigguard/x`, `sigguard`):
// no import or file read by a relative path into another package's folder (`../../cli/src/main.ts`,
// `../../sigguard/samples/`) and no path spelled from the repository root (`packages/identity/src/...`).
// Data another package owns is located once, in @sigguard/test-vectors/support/locations.
import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { REPO_DIR } from '@sigguard/test-vectors/support/locations';

const ignored = (f: string) =>
  /(^|\/)(node_modules|dist)\//.test(f) ||
  // A package's README example runs in the repository on the user-facing samples (packages/sigguard/samples).
  /^packages\/[\w-]+\/example\.mjs$/.test(f) ||
  // This file: its scan's own test names crossings on purpose.
  f === 'packages/sigguard/test/package-boundaries.test.ts';
const isPackage = (name: string) => existsSync(join(REPO_DIR, 'packages', name, 'package.json'));

/** The code of a file without its comments (line comments and JSDoc/block comment lines). */
function codeLines(text: string): [number, string][] {
  return text
    .split('\n')
    .map((line, i): [number, string] => [i + 1, line.replace(/(^|\s)\/\/.*$/, '')])
    .filter(([, line]) => !/^\s*(\/\*|\*)/.test(line));
}

/** Where `file` (a path from the repository root) reaches into a package other than its own. */
export function crossings(file: string, text: string): string[] {
  const own = file.split('/')[1];
  const found: string[] = [];
  for (const [n, line] of codeLines(text)) {
    for (const m of line.matchAll(/['"`]((?:\.\.?\/)+[^'"`$]*)/g)) {
      const [top, pkg] = normalize(join(dirname(file), m[1]!)).split('/');
      if (top === 'packages' && pkg && pkg !== own && isPackage(pkg))
        found.push(`${file}:${n}: '${m[1]}' is in packages/${pkg}`);
    }
    for (const m of line.matchAll(/['"`/]packages\/([\w-]+)/g))
      if (m[1] !== own && isPackage(m[1]!)) found.push(`${file}:${n}: names packages/${m[1]} by path`);
  }
  return found;
}

test('the scan finds a relative import, a relative read and a root-relative path into another package', () => {
  const text = [
    "import { main } from '../../cli/src/main.ts';",
    "const S = new URL('../../sigguard/samples/', import.meta.url);",
    "const T = join(REPO, 'packages/identity/src/testdata');",
    '// a comment naming ../../cli/src/main.ts is no crossing',
    "import { own } from '../test/own.ts';",
    "const hostile = '../../etc/passwd';",
  ].join('\n');
  assert.deepEqual(
    crossings('packages/fuzz/src/y.ts', text).map((c) => c.replace(/:.*?: /, ': ')),
    [
      "packages/fuzz/src/y.ts: '../../cli/src/main.ts' is in packages/cli",
      "packages/fuzz/src/y.ts: '../../sigguard/samples/' is in packages/sigguard",
      'packages/fuzz/src/y.ts: names packages/identity by path',
    ],
  );
});

test('no file under packages/ imports or reads another package by path', () => {
  const files = globSync('packages/*/**/*.{ts,mts,cts,js,mjs,cjs}', { cwd: REPO_DIR }).filter((f) => !ignored(f));
  assert.ok(files.length > 300, `only ${files.length} files found`);
  const found = files.flatMap((f) => crossings(f, readFileSync(join(REPO_DIR, f), 'utf8')));
  assert.deepEqual(found, [], 'use the package name, or a locator of @sigguard/test-vectors/support/locations');
});
