import { defineConfig } from 'tsup';

// The library entries (dependencies external). The CLI is bundled by @sigguard/cli (packages/cli).
export default defineConfig({
  entry: ['src/index.ts', 'src/index-node.ts', 'src/otel.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
});
