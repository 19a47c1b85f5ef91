import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

const fflateWithoutWorkers: Plugin = {
  name: 'fflate-without-workers',
  setup(build) {
    // resolved where it is imported (pnpm: fflate is a dependency of input-limits and predicate, not of the CLI)
    build.onResolve({ filter: /^fflate$/ }, (args) =>
      build.resolve('fflate/browser', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

// The facade from its sources, not from its one-file dist: esbuild splits chunks by file, so a
// command reaches only the facade files it uses (verify-bundle does not load verify-image, audit
// or the predicate engines). Its universal entry, not the Node one: the CLI chooses the worker
// evaluator itself, and the Node entry's import of it would be loaded by every command.
// The other packages come from their dist.
const facadeDir = dirname(createRequire(import.meta.url).resolve('sigguard/package.json'));
const facadeEntry = JSON.parse(readFileSync(join(facadeDir, 'package.json'), 'utf8')).exports['.']['@sigguard/source']
  .default;
const facadeFromSource: Plugin = {
  name: 'facade-from-source',
  setup(build) {
    // sideEffects as the facade's package.json says (a path a plugin returns is not looked up there)
    build.onResolve({ filter: /^sigguard$/ }, () => ({ path: join(facadeDir, facadeEntry), sideEffects: false }));
  },
};

export default defineConfig({
  // The CLI is one bundle (workspace packages and third-party code inlined, tree-shaken; a lazy
  // chunk per subcommand and per dynamic import): a cold start reads a handful of files instead
  // of ~300, which is most of a short command's time (docs/architecture.md).
  entry: { cli: 'src/bin.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
  // cue-wasm (6 MB) stays out: the CLI evaluates policies in a worker thread that loads the
  // installed @sigguard/predicate, never the bundled engine.
  noExternal: [/^(?!cue-wasm$)/],
  external: ['cue-wasm'],
  // Inlined CommonJS packages (@sigstore/*, tuf-js) require() Node built-ins: give the ES module a require.
  banner: {
    js:
      "import { createRequire as __sigguardCreateRequire } from 'node:module';\n" +
      'const require = __sigguardCreateRequire(import.meta.url);',
  },
  // fflate's Node build differs from its browser build only in running the async API on
  // worker_threads, which sigguard never calls (it uses the synchronous Gunzip): skip loading them.
  esbuildPlugins: [facadeFromSource, fflateWithoutWorkers],
  metafile: Boolean(process.env.SIGGUARD_METAFILE),
});
