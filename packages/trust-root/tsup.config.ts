import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

export default defineConfig(
  libraryBuild({
    // `node/index` is the Node-only adapter entry (@sigguard/trust-root/node); it imports
    // the core by package name, so that stays external and classes are shared. `indexeddb/index` likewise
    // (@sigguard/trust-root/browser: the IndexedDB TUF cache; not dist/browser/, which holds the browser build of `.`).
    entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts', 'indexeddb/index': 'src/browser/index.ts' },
    external: ['@sigguard/trust-root', /^node:/],
  }),
);
