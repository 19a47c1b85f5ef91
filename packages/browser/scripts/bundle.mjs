// Builds dist/sigguard.browser.js: an ESM entry for browsers with the synchronous shims
// aliased in for `crypto` and `util`, and `Buffer` injected as a module-local import (the
// page's globals are never touched). Code behind a dynamic import() (the RE2 engine) is split
// into dist/chunks/, loaded only when used. Fails if any Node builtin is left unresolved or any
// dynamic require() survives, and prints the sizes (docs/browser.md states them;
// test/docs-figures.test.ts checks the doc against a fresh build).
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join, relative, resolve } from 'node:path';

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
      return {
        errors: [
          { text: `Node builtin "${args.path}" imported by ${relative(pkgDir, args.importer)} has no browser shim` },
        ],
      };
    });
  },
};

// The @peculiar/asn1-* packages (and their helpers) declare no `sideEffects`, so a bundler keeps every
// module of them: all X.509 extension, CRL and PKCS#1 private-key schemas, ~10 KB gzip that sigguard never
// uses. Their only module-level effect is registering a class's ASN.1 schema when the class is defined,
// which nothing can observe unless it imports that class (and then the module is kept), so dropping
// unused modules is safe. The Chromium test's identity and key tables run on this build.
const UNUSED_MODULES_DROPPABLE = /[\\/]node_modules[\\/](?:@peculiar[\\/][^\\/]+|pvtsutils|pvutils)[\\/]/;
const asn1SchemasWithoutSideEffects = {
  name: 'sigguard-asn1-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /^(?:@peculiar\/|pvtsutils$|pvutils$|\.\.?\/)/ }, async (args) => {
      if (
        args.pluginData === 'resolving' ||
        !(args.path.startsWith('@') || args.path.startsWith('pv') || UNUSED_MODULES_DROPPABLE.test(args.importer))
      )
        return undefined;
      const { pluginData: _ignored, path, ...rest } = args;
      const r = await b.resolve(path, { ...rest, pluginData: 'resolving' });
      if (r.errors.length > 0 || !UNUSED_MODULES_DROPPABLE.test(r.path)) return undefined;
      return { ...r, sideEffects: false };
    });
  },
};

/** esbuild options shared by the browser bundle and the scenario size test (test/scenario-sizes.test.ts). */
export function browserBuildOptions({ minify = true, logLevel = 'warning' } = {}) {
  return {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Workspace packages are bundled from their TypeScript sources.
    conditions: ['@sigguard/source'],
    minify,
    metafile: true,
    inject: [shim('buffer-global.ts')],
    define: { 'globalThis.Buffer': 'Buffer', global: 'globalThis' },
    plugins: [nodeBuiltins, asn1SchemasWithoutSideEffects],
    logLevel,
  };
}

/**
 * Bundles a page's entry points (`{ name: path }`) for browsers exactly as dist/sigguard.browser.js is built
 * (the shims, code splitting into `chunks/`, minified) into `outdir`; returns esbuild's result (with metafile).
 * The scenario size test, the Chromium verifyImage test and examples/browser-offline bundle through here.
 */
export async function bundleForBrowser(entryPoints, outdir, { minify = true } = {}) {
  mkdirSync(outdir, { recursive: true });
  return build({
    ...browserBuildOptions({ minify }),
    entryPoints,
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    absWorkingDir: outdir,
  });
}

// Each output's size as a browser fetches it (files compressed one by one). Brotli 11 only where a size is
// reported with it (it takes seconds on the multi-megabyte CUE chunk): 0 otherwise.
function fileSizes(path, brotli) {
  const code = readFileSync(path);
  return {
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotli ? brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length : 0,
  };
}

function packageOf(file) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.replace(/.*node_modules\/\.pnpm\/[^/]+\//, ''));
  const ws = /(?:^|\/)packages\/([^/]+)\/src\/|^\.\.\/([^/]+)\/src\//.exec(file);
  return m ? m[1] : file.includes('src/shims/') ? 'shims' : ws ? `@sigguard/${ws[1] ?? ws[2]}` : file;
}

/**
 * The outputs an entry loads up front (itself and the chunks it imports statically) and each chunk
 * behind a dynamic import(), from esbuild's metafile. `cwd` is where the metafile paths are relative to.
 * Sizes in bytes and gzip -9; the up-front files' brotli 11 too when `brotli` (on-demand chunks' never).
 */
export function entryClosure(metafile, entryOutput, cwd = process.cwd(), { brotli = true } = {}) {
  const outputs = metafile.outputs;
  const staticClosure = (start) => {
    const seen = new Set();
    const visit = (o) => {
      if (seen.has(o)) return;
      seen.add(o);
      for (const imp of outputs[o]?.imports ?? [])
        if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    };
    visit(start);
    return seen;
  };
  const initial = staticClosure(entryOutput);
  const lazy = new Map();
  const queue = [...initial];
  while (queue.length > 0) {
    for (const imp of outputs[queue.shift()]?.imports ?? []) {
      if (imp.kind !== 'dynamic-import' || imp.external || initial.has(imp.path) || lazy.has(imp.path)) continue;
      const files = [...staticClosure(imp.path)].filter((f) => !initial.has(f));
      lazy.set(imp.path, files);
      queue.push(imp.path);
    }
  }
  const sum = (files, withBrotli) =>
    files
      .map((f) => fileSizes(join(cwd, f), withBrotli))
      .reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), {
        bytes: 0,
        gzip: 0,
        brotli: 0,
      });
  const inputsOf = (files) => files.flatMap((f) => Object.keys(outputs[f]?.inputs ?? {}));
  return {
    initial: { files: [...initial], inputs: inputsOf([...initial]), ...sum([...initial], brotli) },
    // `entryPoint`: the module the import() names; `inputs`: what the chunk and its static imports hold.
    lazy: [...lazy].map(([chunk, files]) => ({
      chunk,
      entryPoint: outputs[chunk]?.entryPoint ?? '',
      files,
      inputs: inputsOf(files),
      ...sum(files, false),
    })),
  };
}

// `external`: bare imports left to the user's bundler (a package too large to ship twice, e.g. cue-wasm).
export async function bundle({
  entry = join(pkgDir, 'src/index.ts'),
  outfile = join(pkgDir, 'dist/sigguard.browser.js'),
  minify = true,
  logLevel = 'warning',
  external = [],
} = {}) {
  const outdir = dirname(outfile);
  mkdirSync(outdir, { recursive: true });
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true }); // chunk names carry hashes: drop old ones
  const result = await build({
    ...browserBuildOptions({ minify, logLevel }),
    external,
    entryPoints: { [basename(outfile, '.js')]: entry },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    legalComments: 'linked',
    absWorkingDir: outdir,
  });
  const inputs = Object.keys(result.metafile.inputs);
  const leaked = inputs.filter((p) => BUILTINS.has(p) || p.startsWith('node:') || p.startsWith('(disabled)'));
  if (leaked.length > 0) throw new Error(`browser bundle still references Node builtins: ${leaked.join(', ')}`);
  const jsOutputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
  for (const f of jsOutputs) {
    if (readFileSync(join(outdir, f), 'utf8').includes('Dynamic require of')) {
      throw new Error(`browser bundle contains a require() esbuild could not resolve (${f})`);
    }
  }
  const { initial, lazy } = entryClosure(result.metafile, basename(outfile), outdir);
  const byPackage = {};
  for (const f of initial.files) {
    for (const [file, info] of Object.entries(result.metafile.outputs[f].inputs)) {
      // Absolute: metafile paths are relative to the output folder, which may sit anywhere (dist/ or a test's).
      const key = packageOf(resolve(outdir, file));
      byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
    }
  }
  const report = {
    file: relative(pkgDir, outfile),
    minify,
    // What a page loads up front: the entry and the chunks it imports statically.
    bytes: initial.bytes,
    gzip: initial.gzip,
    brotli: initial.brotli,
    byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])),
    // Loaded on first use (dynamic import), with what each holds.
    lazy: lazy.map((l) => ({
      chunk: l.chunk,
      bytes: l.bytes,
      gzip: l.gzip,
      packages: [...new Set(l.inputs.map((f) => packageOf(resolve(outdir, f))))],
    })),
  };
  writeFileSync(outfile.replace(/\.js$/, '') + '.report.json', JSON.stringify(report, null, 2) + '\n');
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await bundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${r.file}: ${kb(r.bytes)} min, ${kb(r.gzip)} gzip -9, ${kb(r.brotli)} brotli`);
  for (const l of r.lazy) console.log(`  on demand: ${l.chunk} ${kb(l.gzip)} gzip -9 (${l.packages.join(', ')})`);
}
