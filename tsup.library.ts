// The build every library package shares: ES module + CommonJS + declarations, ES2022, runtime-neutral.
// A package's tsup.config.ts names its entries and what differs (platform, externals).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Plugin } from 'esbuild';
import type { Options } from 'tsup';

// A package's src/deps/*.ts files load a third-party module on first use in Node (types/src/require-on-first-use.ts),
// and each has a `.bundled.ts` twin that imports it statically. Both are built as files of their own
// (dist/deps/), and the package's other files import them through the package's own "./deps/<name>" export,
// whose `browser` and `worker` conditions name the twin: a browser or worker bundler, reading this ES module build,
// takes the static import; Node, Deno and Bun the load on first use. (Bundles made from the sources, the browser
// builds and the CLI, map the file itself: package.json "browser", the CLI's bundled-dependencies plugin.)
const DEPS = 'src/deps';
const depsFiles = (): string[] =>
  existsSync(DEPS) ? readdirSync(DEPS).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')) : [];

function depsThroughOwnExports(packageName: string): Plugin {
  return {
    name: 'deps-through-own-exports',
    setup(build) {
      build.onResolve({ filter: /(^|[\\/])deps[\\/][^\\/]+\.ts$/ }, (args) =>
        args.kind === 'entry-point'
          ? undefined
          : { path: `${packageName}/deps/${basename(args.path, '.ts')}`, external: true },
      );
    },
  };
}

function withDeps(entry: Options['entry']): Options['entry'] {
  const deps = depsFiles();
  if (deps.length === 0 || entry === undefined) return entry;
  if (Array.isArray(entry)) return [...entry, ...deps.map((f) => `${DEPS}/${f}`)];
  return { ...entry, ...Object.fromEntries(deps.map((f) => [`deps/${basename(f, '.ts')}`, `${DEPS}/${f}`])) };
}

export const libraryBuild = (options: Options): Options => {
  const packageName = JSON.parse(readFileSync('package.json', 'utf8')).name as string;
  return {
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    // A deps/*.ts file reads import.meta.url in the ES module build and __filename in the CommonJS one:
    // esbuild's warning that import.meta is empty in CommonJS does not apply.
    esbuildOptions(o) {
      o.logOverride = { ...o.logOverride, 'empty-import-meta': 'silent' };
    },
    ...options,
    entry: withDeps(options.entry),
    esbuildPlugins: [...(options.esbuildPlugins ?? []), depsThroughOwnExports(packageName)],
  };
};
