// The browser build's guard rails: a Node builtin without a shim fails the build (naming the
// importer), shimmed builtins resolve to the shims, and Buffer is injected, not global.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../scripts/bundle.mjs';

function withEntry(source: string, fn: (entry: string, outfile: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-browser-'));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, source);
  return fn(entry, join(dir, 'out.js')).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('a Node builtin without a browser shim fails the build', async () => {
  for (const mod of ['fs', 'node:child_process', 'os']) {
    await withEntry(`import * as m from '${mod}';\nexport const x = m;\n`, async (entry, outfile) => {
      await assert.rejects(bundle({ entry, outfile, minify: false, logLevel: 'silent' }), (err: Error) => {
        assert.match(err.message, new RegExp(`Node builtin "${mod}" imported by .*entry\\.mjs has no browser shim`));
        return true;
      });
    });
  }
});

test('crypto and util (bare or node:) resolve to the shims; Buffer is a module-local import', async () => {
  const source = [
    "import { createHash } from 'node:crypto';",
    "import { isDeepStrictEqual } from 'util';",
    "export const digest = () => createHash('sha256').update('abc').digest('hex');",
    'export const eq = isDeepStrictEqual;',
    'export const hasBuffer = () => typeof Buffer.from === "function";',
  ].join('\n');
  await withEntry(source, async (entry, outfile) => {
    const report = await bundle({ entry, outfile, minify: false, logLevel: 'silent' });
    assert.ok(report.gzip > 0);
    const code = readFileSync(outfile, 'utf8');
    assert.match(code, /src\/shims\/crypto\.ts/);
    assert.doesNotMatch(code, /globalThis\.Buffer\s*=/);
    const mod = await import(outfile);
    assert.equal(mod.digest(), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(mod.eq({ a: [1] }, { a: [1] }), true);
    assert.equal(mod.hasBuffer(), true);
  });
});
