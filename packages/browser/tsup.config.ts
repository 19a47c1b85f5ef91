import { defineConfig } from 'tsup';

// The shims are also published on their own (./shims/crypto, ./shims/util) for projects that
// bundle @sigstore/verify themselves. The browser bundle itself is built by scripts/bundle.mjs.
export default defineConfig([
  {
    entry: { 'shims/crypto': 'src/shims/crypto.ts', 'shims/util': 'src/shims/util.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
  },
  {
    entry: { index: 'src/index.ts' },
    dts: { only: true },
    format: ['esm'],
    target: 'es2022',
  },
]);
