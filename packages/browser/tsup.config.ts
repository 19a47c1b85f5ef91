import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

// The shims are also published on their own (./shims/crypto, ./shims/util) for projects that
// bundle @sigstore/verify themselves. The browser bundle itself is built by scripts/bundle.mjs.
export default defineConfig([
  libraryBuild({ entry: { 'shims/crypto': 'src/shims/crypto.ts', 'shims/util': 'src/shims/util.ts' } }),
  {
    entry: { index: 'src/index.ts' },
    dts: { only: true },
    format: ['esm'],
    target: 'es2022',
  },
]);
