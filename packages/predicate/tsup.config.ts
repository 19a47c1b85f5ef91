import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

export default defineConfig([
  libraryBuild({ entry: { index: 'src/index.ts' } }),
  {
    // Node-only adapter: files and the `opa` compiler.
    entry: { node: 'src/node/index.ts' },
    // Shares the main entry (one PredicateError class) instead of bundling a copy.
    external: ['@sigguard/predicate'],
    format: ['esm', 'cjs'],
    // worker-evaluator.ts reads import.meta only in ESM and uses require.resolve in CJS, where
    // esbuild's warning that import.meta is empty is expected.
    esbuildOptions(options) {
      options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' };
    },
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
  },
  {
    // The script of the browser Web Worker that createWebWorkerEvaluator() starts (a module worker).
    entry: { 'engine-worker': 'src/web-worker-entry.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
  },
]);
