import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

export default defineConfig(
  libraryBuild({
    entry: ['src/index.ts', 'src/index-node.ts', 'src/der-reading.ts'],
  }),
);
