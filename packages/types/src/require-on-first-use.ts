// A dependency that Node loads when it is first used, not when the package that needs it is imported. Code
// that a process may never run (a YAML policy, a PEM chain, a prehashed signature, a gzip tarball, a regexp
// identity) then costs nothing in a process that only verifies bundles: an imported module's source, functions
// and tables stay in the heap for the life of the process (docs/architecture.md, "Memory").
// Synchronous, because the APIs that need these modules are: Node's require() loads CommonJS and, since Node
// 22.12, ES modules too. The module is resolved from `base`, a file of the package that declares the
// dependency: each deps file passes its own (`(import.meta as { url?: string }).url ?? __filename`,
// as the CommonJS build has no import.meta). Bundles (the browser builds, the CLI) never reach this: each package's `deps/*.ts` file has a
// `.bundled.ts` twin that imports statically, which they use instead (package.json "browser"; the CLI's build).

type RequireFunction = (id: string) => unknown;

interface NodeModuleBuiltin {
  createRequire(path: string): RequireFunction;
}

function requireFrom(base: string): RequireFunction | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const builtin = process?.getBuiltinModule?.('node:module') as NodeModuleBuiltin | undefined;
  return builtin?.createRequire(base);
}

/**
 * A function that returns `specifier`'s module, required from `base` on its first call and kept. A failed load
 * (the runtime has no require, the package is missing) throws an Error naming the module, and is retried by the
 * next call.
 */
export function requireOnFirstUse<T>(base: string, specifier: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded !== undefined) return loaded;
    const require = requireFrom(base);
    if (!require) {
      throw new Error(`cannot load ${specifier}: this runtime has no require() (use the package's browser build)`);
    }
    try {
      loaded = require(specifier) as T;
    } catch (e) {
      throw new Error(`cannot load ${specifier}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
    return loaded;
  };
}
