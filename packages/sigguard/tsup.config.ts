import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

// The library entries (dependencies external). The CLI is bundled by @sigguard/cli (packages/cli).
export default defineConfig(
  libraryBuild({
    entry: ['src/index.ts', 'src/index-node.ts', 'src/otel.ts'],
    platform: 'node',
  }),
);
