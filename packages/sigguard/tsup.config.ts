import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

const fflateWithoutWorkers: Plugin = {
  name: 'fflate-without-workers',
  setup(build) {
    // resolved where it is imported (pnpm: fflate is a dependency of input-limits and predicate, not of sigguard)
    build.onResolve({ filter: /^fflate$/ }, (args) =>
      build.resolve('fflate/browser', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/index-node.ts', 'src/otel.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
  },
  {
    // The CLI is one bundle (workspace packages and third-party code inlined from their built
    // dist/, tree-shaken; a lazy chunk per subcommand and per dynamic import): a cold start reads
    // a handful of files instead of ~300, which is most of a short command's time (docs/architecture.md).
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    // cue-wasm (6 MB) stays out: the CLI evaluates policies in a worker thread that loads the
    // installed @sigguard/predicate, never the bundled engine.
    noExternal: [/^(?!cue-wasm$)/],
    external: ['cue-wasm'],
    // Inlined CommonJS packages (@sigstore/*, tuf-js) require() Node built-ins: give the ES module a require.
    banner: {
      js: "import { createRequire as __sigguardCreateRequire } from 'node:module';\n" +
        'const require = __sigguardCreateRequire(import.meta.url);',
    },
    // fflate's Node build differs from its browser build only in running the async API on
    // worker_threads, which sigguard never calls (it uses the synchronous Gunzip): skip loading them.
    esbuildPlugins: [fflateWithoutWorkers],
    metafile: Boolean(process.env.SIGGUARD_METAFILE),
  },
]);
