// Builds dist/sigguard.browser.js: one ESM file for browsers with the synchronous shims
// aliased in for `crypto` and `util`, and `Buffer` injected as a module-local import (the
// page's globals are never touched). Fails if any Node builtin is left unresolved or any
// dynamic require() survives, and prints the sizes (docs/browser.md states them;
// test/docs-figures.test.ts checks the doc against a fresh build).
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const shim = (name) => join(pkgDir, 'src/shims', name);
const SHIMMED = { crypto: shim('crypto.ts'), util: shim('util.ts') };
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

// Resolve shimmed builtins (bare or node:-prefixed) to the shims; refuse every other builtin
// with a message naming who imported it.
const nodeBuiltins = {
  name: 'sigguard-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!BUILTINS.has(args.path)) return undefined;
      const bare = args.path.replace(/^node:/, '');
      if (bare in SHIMMED) return { path: SHIMMED[bare] };
      // The npm `buffer` package shadows the builtin name on purpose.
      if (args.path === 'buffer') return undefined;
      return { errors: [{ text: `Node builtin "${args.path}" imported by ${relative(pkgDir, args.importer)} has no browser shim` }] };
    });
  },
};

export async function bundle({ entry = join(pkgDir, 'src/index.ts'), outfile = join(pkgDir, 'dist/sigguard.browser.js'), minify = true, logLevel = 'warning' } = {}) {
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Workspace packages are bundled from their TypeScript sources.
    conditions: ['@sigguard/source'],
    minify,
    sourcemap: true,
    metafile: true,
    legalComments: 'linked',
    inject: [shim('buffer-global.ts')],
    define: { 'globalThis.Buffer': 'Buffer', global: 'globalThis' },
    plugins: [nodeBuiltins],
    logLevel,
  });
  const inputs = Object.keys(result.metafile.inputs);
  const leaked = inputs.filter((p) => BUILTINS.has(p) || p.startsWith('node:') || p.startsWith('(disabled)'));
  if (leaked.length > 0) throw new Error(`browser bundle still references Node builtins: ${leaked.join(', ')}`);
  const code = readFileSync(outfile, 'utf8');
  if (code.includes('Dynamic require of')) throw new Error('browser bundle contains a require() esbuild could not resolve');
  const bytes = Buffer.byteLength(code);
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const byPackage = {};
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1];
  for (const [file, info] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.replace(/.*node_modules\/\.pnpm\/[^/]+\//, ''));
    const ws = /(?:^|\/)packages\/([^/]+)\/src\/|^\.\.\/([^/]+)\/src\//.exec(file);
    const key = m ? m[1] : file.includes('src/shims/') ? 'shims' : ws ? `@sigguard/${ws[1] ?? ws[2]}` : file;
    byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
  }
  const report = { file: relative(pkgDir, outfile), minify, bytes, gzip, brotli, byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])) };
  writeFileSync(outfile.replace(/\.js$/, '') + '.report.json', JSON.stringify(report, null, 2) + '\n');
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await bundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${r.file}: ${kb(r.bytes)} min, ${kb(r.gzip)} gzip -9, ${kb(r.brotli)} brotli`);
}
