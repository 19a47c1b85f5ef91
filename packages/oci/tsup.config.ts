import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

export default defineConfig(
  libraryBuild({
    // index: runtime-agnostic; node: the fs adapter for OCI layout directories; reference: the
    // image-reference parser alone (what @sigguard/policy imports, without the registry client).
    entry: ['src/index.ts', 'src/node.ts', 'src/reference.ts'],
    external: [/^node:/],
  }),
);
