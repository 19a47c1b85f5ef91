// The build every library package shares: ES module + CommonJS + declarations, ES2022, runtime-neutral.
// A package's tsup.config.ts names its entries and what differs (platform, externals).
import type { Options } from 'tsup';

export const libraryBuild = (options: Options): Options => ({
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  ...options,
});
