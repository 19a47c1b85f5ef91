// Every workspace package's publishable output (its tarball as `npm run pack` writes it: pnpm's pack, built
// dist included, finished for users; the tarballs the other packed-project tests install, packed once while
// nothing they are made from changed) passes publint with no errors and no warnings.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const packagesDir = resolve(import.meta.dirname, '../..');
const repo = resolve(packagesDir, '..');
const manifest = (d: string) => JSON.parse(readFileSync(join(packagesDir, d, 'package.json'), 'utf8'));
const packages = readdirSync(packagesDir)
  .filter((d) => existsSync(join(packagesDir, d, 'package.json')))
  .filter((d) => manifest(d).private !== true)
  .sort();
const built = packages.every((d) => existsSync(join(packagesDir, d, 'dist')));

let work = '';
let tarballs: string[] = [];
before(async () => {
  if (!built) return;
  work = mkdtempSync(join(tmpdir(), 'sigguard-publint-pack-'));
  type Pack = { packAllCached(out: string, cache: string): string[] };
  const { packAllCached } = (await import(join(repo, 'scripts/pack.mjs'))) as Pack;
  tarballs = packAllCached(work, join(repo, 'node_modules/.cache/sigguard-pack'));
});
after(() => work && rmSync(work, { recursive: true, force: true }));

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
    assert.ok(built, `packages/${dir} is not built (npm test builds first)`);
    const name = `${manifest(dir).name.replace(/^@/, '').replace('/', '-')}-${manifest(dir).version}.tgz`;
    const tarball = tarballs.find((t) => t.endsWith(`/${name}`));
    assert.ok(tarball, `npm run pack wrote no ${name}`);
    // strict: warnings count as errors. The tarball exactly as it would be published.
    const pack = { tarball: new Uint8Array(readFileSync(tarball)).buffer };
    const { messages, pkg } = await publint({ pack, level: 'suggestion', strict: true });
    const problems = messages.filter((m) => m.type !== 'suggestion').map((m) => `${m.type}: ${formatMessage(m, pkg)}`);
    for (const m of messages.filter((x) => x.type === 'suggestion'))
      t.diagnostic(`suggestion: ${formatMessage(m, pkg)}`);
    assert.deepEqual(problems, []);
  });
}
