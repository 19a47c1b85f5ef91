// esbuild plugins that keep work out of a CLI start: what Node or a library would do when a module is
// evaluated, but the command may never need (docs/architecture.md, "How the CLI is built and loaded").
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

// Paths in the bundle's comments are relative to the package, never this machine's.
// (import.meta.url: tsup's config loader gives each bundled file its own; it does not rewrite import.meta.dirname)
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

// `import { readFileSync } from 'node:fs'` in an ES module goes through Node's ES module facade of the
// built-in, which reads every export once, lazy ones included: node:fs's load the streams and fs/promises,
// node:util's its diff, colours and worker threads. The bundle instead reads the export it uses from
// process.getBuiltinModule(), when its module is evaluated; the other reads are pure and tree-shaken.
const requireBuiltin = createRequire(import.meta.url);
const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
export const builtinsWithoutFacade: Plugin = {
  name: 'builtins-without-facade',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import'
        ? // one module per importing file: a module shared by chunks would be a chunk (a file to load) of its own
          {
            path: `${args.path.replace(/^node:/, '')}?${relative(PACKAGE_DIR, args.importer)}`,
            namespace: 'node-builtin',
          }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => {
      const name = `node:${args.path.split('?')[0]}`;
      const module = requireBuiltin(name) as Record<string, unknown>;
      const keys = Object.keys(module).filter((k) => k !== 'default');
      const lazy = LAZY_BUILTINS.has(name);
      const exported = (k: string) => {
        const value = module[k];
        if (!lazy || typeof value !== 'function') return `/* @__PURE__ */ read(${JSON.stringify(k)})`;
        // registered symbols on the function (util.promisify.custom of execFile) are read through too
        const symbols = Object.getOwnPropertySymbols(value).flatMap((s) => Symbol.keyFor(s) ?? []);
        return `/* @__PURE__ */ lazyFunction(${JSON.stringify(k)}, ${JSON.stringify(symbols)})`;
      };
      return {
        loader: 'js',
        contents: [
          lazy
            ? `let loaded; const builtin = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(name)}));`
            : `const loaded = process.getBuiltinModule(${JSON.stringify(name)}); const builtin = () => loaded;`,
          'const read = (key) => builtin()[key];',
          LAZY_FUNCTION,
          'export default /* @__PURE__ */ builtin();',
          ...keys.map((k, i) => `const e${i} = ${exported(k)}; export { e${i} as ${JSON.stringify(k)} };`),
        ].join('\n'),
      };
    });
  },
};

// Built-ins that load more of Node than their name (child_process: net, dgram and the socket list) and that
// the bundle uses only as functions to call, or a class to construct (new Worker()), at the time a command
// needs them: their functions become stand-ins that load the built-in on first call. (A stand-in is not
// the function itself: `instanceof Worker` would be false; nothing in sigguard asks.)
const LAZY_BUILTINS = new Set(['node:child_process', 'node:fs/promises', 'node:worker_threads']);
const LAZY_FUNCTION = `function lazyFunction(key, symbols) {
  const stand_in = function (...args) {
    const real = builtin()[key];
    return new.target ? Reflect.construct(real, args) : Reflect.apply(real, this, args);
  };
  for (const s of symbols) Object.defineProperty(stand_in, Symbol.for(s), { get: () => builtin()[key][Symbol.for(s)] });
  return stand_in;
}`;

// @noble/curves builds its curves when its module is evaluated (field tables, a probe of
// crypto.getRandomValues that loads Node's WebCrypto): most of a verify-bundle start, for code that only
// digest-only ECDSA and the Ed25519ph diagnosis of @sigguard/verify use. There the bundle takes each curve
// through a stand-in that loads the module on first use (esbuild evaluates a require()d ES module then).
const LAZY_CURVES = /^@noble\/curves\/(nist|ed25519)\.js$/;
export const lazyCurves: Plugin = {
  name: 'lazy-curves',
  setup(build) {
    build.onResolve({ filter: LAZY_CURVES }, (args) =>
      args.namespace === 'lazy-curves' || !/[\\/]packages[\\/]verify[\\/]src[\\/]/.test(args.importer)
        ? undefined
        : { path: args.path, namespace: 'lazy-curves', pluginData: args.resolveDir },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-curves' }, (args) => ({
      resolveDir: args.pluginData as string,
      loader: 'js',
      contents: `let curves;
const load = () => (curves ??= require(${JSON.stringify(args.path)}));
// every use is a call of a method (curve.verify(...)): forward property reads to the real curve
const lazy = (name) => new Proxy({}, { get: (_, key) => load()[name][key], has: (_, key) => key in load()[name] });
${(args.path.includes('nist') ? ['p256', 'p384', 'p521'] : ['ed25519', 'ed25519ph']).map((n) => `export const ${n} = /* @__PURE__ */ lazy(${JSON.stringify(n)});`).join('\n')}
`,
    }));
  },
};

// trust-root's PEM readers (pem.ts: asn1js and @peculiar, ~270 KB, whose modules encode ASN.1 defaults when
// they are evaluated) are needed by verify-image only for a policy or TrustRoot with PEM material, and
// they are synchronous functions. The file that imports them gets functions that evaluate pem.ts on first call.
const LAZY_FUNCTION_MODULES = [{ importer: /[\\/]trust-root[\\/]src[\\/]material\.ts$/, path: './pem.ts' }];
export const lazyFunctionModules: Plugin = {
  name: 'lazy-function-modules',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.namespace === 'lazy-functions') return undefined;
      if (!LAZY_FUNCTION_MODULES.some((l) => l.path === args.path && l.importer.test(args.importer))) return undefined;
      return { path: relative(PACKAGE_DIR, join(args.resolveDir, args.path)), namespace: 'lazy-functions' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-functions' }, (args) => {
      const path = join(PACKAGE_DIR, args.path);
      // the functions it exports, read from the module itself
      const names = [...readFileSync(path, 'utf8').matchAll(/^export function (\w+)/gm)].map((m) => m[1]!);
      return {
        resolveDir: dirname(path),
        loader: 'js',
        contents: [
          'let module;',
          `const load = () => (module ??= require(${JSON.stringify(`./${basename(path)}`)}));`,
          ...names.map((n) => `export function ${n}(...args) { return load().${n}(...args); }`),
        ].join('\n'),
      };
    });
  },
};

// trust-root and oci hash with @noble/hashes' sha256 (one-shot, over bytes): the trusted root's digest,
// log IDs, OCI digests. In Node that is node:crypto's SHA-256 (OpenSSL), not JavaScript that starts cold, and
// the sha2 module (which computes the SHA-512 constants when evaluated) is left to @noble/curves, on first use.
// The stand-in exports sha256 only: a package importing anything else from it fails the build.
const NOBLE_SHA2 = /^@noble\/hashes\/sha2(\.js)?$/;
const SHA256_IMPORTERS = /[\\/]packages[\\/](trust-root|oci)[\\/]src[\\/]/;
export const nodeSha256: Plugin = {
  name: 'node-sha256',
  setup(build) {
    build.onResolve({ filter: NOBLE_SHA2 }, (args) =>
      SHA256_IMPORTERS.test(args.importer)
        ? // one module per importing file, as for the built-ins: no chunk of its own
          { path: `sha256?${relative(PACKAGE_DIR, args.importer)}`, namespace: 'node-sha256' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-sha256' }, () => ({
      loader: 'js',
      contents: `const { createHash } = process.getBuiltinModule('node:crypto');
// as @noble/hashes: bytes in (anything else is refused), a plain Uint8Array out
export function sha256(message) {
  if (!(message instanceof Uint8Array)) throw new TypeError('sha256: expected a Uint8Array');
  return new Uint8Array(createHash('sha256').update(message).digest());
}
`,
    }));
  },
};

// A package's deps/*.ts file loads a third-party module on first use through Node's require(), resolved from
// the package's own directory (types/src/require-on-first-use.ts): in the one-file CLI, whose dependencies are
// inlined and not installed beside it, that would find nothing. The bundle takes the file's `.bundled.ts` twin
// (a static import, which the plugins above may still make lazy). A deps file without a twin fails the build.
export const bundledDependencies: Plugin = {
  name: 'bundled-dependencies',
  setup(build) {
    build.onResolve({ filter: /[\\/]deps[\\/][^\\/]+\.ts$/ }, (args) => {
      if (args.path.endsWith('.bundled.ts')) return undefined;
      const twin = join(args.resolveDir, args.path.replace(/\.ts$/, '.bundled.ts'));
      if (existsSync(twin)) return { path: twin, sideEffects: false };
      return { errors: [{ text: `${args.path} (imported by ${args.importer}) has no .bundled.ts twin for bundles` }] };
    });
  },
};
