import { defineConfig } from 'tsup';

export default defineConfig({
  // `node/index` is the Node-only adapter entry (@sigguard/trust-root/node); it imports
  // the core by package name, so that stays external and classes are shared. `browser/index` likewise
  // (@sigguard/trust-root/browser: the IndexedDB TUF cache).
  entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts', 'browser/index': 'src/browser/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['@sigguard/trust-root', /^node:/],
});
