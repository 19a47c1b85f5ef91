// Every workspace package's publishable output (what `pnpm pack` would ship, built dist
// included) passes publint with no errors and no warnings.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const packagesDir = resolve(import.meta.dirname, '../..');
const packages = readdirSync(packagesDir)
  .filter((d) => existsSync(join(packagesDir, d, 'package.json')))
  .filter((d) => JSON.parse(readFileSync(join(packagesDir, d, 'package.json'), 'utf8')).private !== true)
  .sort();

test('there are packages to lint', () => {
  assert.ok(packages.includes('sigguard') && packages.includes('verify'), packages.join(', '));
});

test('the check catches a broken package (exports pointing at a missing file)', async () => {
  const pkgDir = mkdtempSync(join(tmpdir(), 'sigguard-publint-'));
  try {
    writeFileSync(
      join(pkgDir, 'package.json'),
      JSON.stringify({ name: 'broken', version: '1.0.0', type: 'module', exports: { '.': './dist/missing.js' } }),
    );
    const { messages } = await publint({ pkgDir, pack: false, strict: true });
    assert.ok(
      messages.some((m) => m.type === 'error' && m.code === 'FILE_DOES_NOT_EXIST'),
      JSON.stringify(messages),
    );
  } finally {
    rmSync(pkgDir, { recursive: true, force: true });
  }
});

for (const dir of packages) {
  test(`publint: packages/${dir}`, async (t) => {
    const pkgDir = join(packagesDir, dir);
    assert.ok(existsSync(join(pkgDir, 'dist')), `packages/${dir} is not built (npm test builds first)`);
    // strict: warnings count as errors. pnpm packs the package exactly as it would be published.
    const { messages, pkg } = await publint({ pkgDir, pack: 'pnpm', level: 'suggestion', strict: true });
    const problems = messages.filter((m) => m.type !== 'suggestion').map((m) => `${m.type}: ${formatMessage(m, pkg)}`);
    for (const m of messages.filter((x) => x.type === 'suggestion'))
      t.diagnostic(`suggestion: ${formatMessage(m, pkg)}`);
    assert.deepEqual(problems, []);
  });
}
