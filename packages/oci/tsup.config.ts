import { defineConfig } from 'tsup';

export default defineConfig({
  // index: runtime-agnostic; node: the fs adapter for OCI layout directories; reference: the
  // image-reference parser alone (what @sigguard/policy imports, without the registry client).
  entry: ['src/index.ts', 'src/node.ts', 'src/reference.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/],
});
