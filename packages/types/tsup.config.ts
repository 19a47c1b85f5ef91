import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

export default defineConfig(
  libraryBuild({
    entry: ['src/index.ts', 'src/errors.ts', 'src/require-on-first-use.ts'],
  }),
);
