import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';
import {
  builtinsWithoutFacade,
  bundledDependencies,
  lazyCurves,
  lazyFunctionModules,
  nodeSha256,
} from './build/start-up-plugins.ts';

const fflateWithoutWorkers: Plugin = {
  name: 'fflate-without-workers',
  setup(build) {
    // resolved where it is imported (pnpm: fflate is a dependency of input-limits and predicate, not of the CLI)
    build.onResolve({ filter: /^fflate$/ }, (args) =>
      build.resolve('fflate/browser', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

// Every workspace package from its sources (export condition "@sigguard/source"), not from its dist:
// esbuild assigns whole files to chunks, and a package's dist is one file, so reaching one export of it
// loads everything its other exports import (verify-bundle loaded the YAML parser and the ASN.1 readers
// behind trust-root's TrustRoot YAML and PEM readers). From the sources a command loads only the files
// it reaches.
const WORKSPACE_SOURCE = '@sigguard/source';
// The universal source entry of the packages that also have a Node one. identity's Node entry installs
// re2js (274 KB) at import for synchronous callers; the CLI's commands are asynchronous and load it only
// when a regexp identity needs it (withGoRegExpEngine, the facade's async functions). The facade's Node
// entry imports the worker evaluator, which the CLI chooses itself.
const UNIVERSAL_ENTRY = /^(sigguard|@sigguard\/identity)$/;
const requireHere = createRequire(import.meta.url);
const universalSource: Plugin = {
  name: 'universal-source',
  setup(build) {
    build.onResolve({ filter: UNIVERSAL_ENTRY }, (args) => {
      const dir = dirname(requireHere.resolve(`${args.path}/package.json`));
      const exports = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports;
      // sideEffects as the package.json says (a path a plugin returns is not looked up there)
      return { path: join(dir, exports['.'][WORKSPACE_SOURCE].default), sideEffects: false };
    });
  },
};

// A workspace package's index.ts re-exports its public names (`export { a, type B } from './x.ts'`). esbuild
// treats such a named re-export as code of the index file, so any command that imports one name through
// the index reaches the whole file, and with it every module the index names (with code splitting,
// esbuild puts whole files in the chunks an entry reaches): verify-bundle loaded the YAML parser and the
// ASN.1 readers because trust-root's index also re-exports the TrustRoot YAML reader. `export * from`
// is resolved at link time and leaves the index out, so the build reads such an index with its named
// re-exports turned into star re-exports. Only inside this bundle: the CLI's sources are type-checked
// against the real index, so they cannot use a name it does not export; an ambiguous name (exported by
// two starred modules) fails the build rather than resolving silently.
const NAMED_REEXPORT = /export\s+(type\s+)?\{[^}]*\}\s*from\s*('[^']+'|"[^"]+")\s*;/g;
const ONLY_REEXPORTS =
  /^(\s|\/\/[^\n]*\n|export\s+(type\s+)?\{[^}]*\}\s*from\s*('[^']+'|"[^"]+")\s*;|export\s*\*\s*from\s*('[^']+'|"[^"]+")\s*;)*$/;
const starBarrels: Plugin = {
  name: 'star-barrels',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/](.+[\\/])?index\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!ONLY_REEXPORTS.test(text)) return undefined; // an index with code of its own is read as it is
      const contents = text.replace(NAMED_REEXPORT, (_, typeOnly: string | undefined, from: string) =>
        typeOnly ? '' : `export * from ${from};`,
      );
      return { contents, loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
};

export default defineConfig({
  // The CLI is one bundle (workspace packages and third-party code inlined, tree-shaken; a lazy
  // chunk per subcommand and per dynamic import): a cold start reads a handful of files instead
  // of ~300, which is most of a short command's time (docs/architecture.md).
  entry: { cli: 'src/bin.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
  // cue-wasm (6 MB) stays out: the CLI evaluates policies in a worker thread that loads the
  // installed @sigguard/predicate, never the bundled engine.
  noExternal: [/^(?!cue-wasm$)/],
  external: ['cue-wasm'],
  // Inlined CommonJS packages (@sigstore/*, tuf-js) require() Node built-ins: give the ES module a require.
  // (not through `import 'node:module'`, whose ES module facade would load Node's source map support)
  banner: {
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  // fflate's Node build differs from its browser build only in running the async API on
  // worker_threads, which sigguard never calls (it uses the synchronous Gunzip): skip loading them.
  esbuildPlugins: [
    universalSource,
    starBarrels,
    bundledDependencies,
    fflateWithoutWorkers,
    builtinsWithoutFacade,
    lazyCurves,
    lazyFunctionModules,
    nodeSha256,
  ],
  // tsup's own plugin would make every `node:` import external before builtinsWithoutFacade sees it
  removeNodeProtocol: false,
  esbuildOptions(options) {
    options.conditions = [WORKSPACE_SOURCE];
  },
  metafile: Boolean(process.env.SIGGUARD_METAFILE),
});
