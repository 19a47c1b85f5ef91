// The RE2 engine (re2js) behind compileGoRegExp, loaded on demand: re2js is ~40 KB gzip, and most
// policies match exact identities. Browser and worker bundles load it with a dynamic import() (so
// every bundler splits it into its own chunk); the Node entry (index-node.ts) installs a synchronous
// loader, so Node callers keep a synchronous API with no loading step, and a process that never compiles
// a regexp never loads re2js. Where that loader fails (a Node bundle without re2js beside it), the engine
// is not loaded: synchronous callers get REGEXP_ENGINE_NOT_LOADED, asynchronous ones the dynamic import().
import type { RE2JS } from 're2js';
import { IdentityError, RegExpEngineNotLoadedError } from './errors.ts';

export type RegExpEngine = typeof RE2JS;

let engine: RegExpEngine | undefined;
let loading: Promise<RegExpEngine> | undefined;
let loadSynchronously: (() => RegExpEngine) | undefined;
let synchronousLoadFailure: unknown;

/** Installs the engine itself (tests), or a function that loads it synchronously on first use (the Node entry). */
export function installGoRegExpEngine(re2js: RegExpEngine | { load: () => RegExpEngine }): void {
  if ('load' in re2js) loadSynchronously = re2js.load;
  else engine = re2js;
}

// The synchronous loader, run once; a failure leaves the engine unloaded (and the dynamic import() to try).
function loadNow(): RegExpEngine | undefined {
  if (engine === undefined && loadSynchronously !== undefined) {
    const load = loadSynchronously;
    loadSynchronously = undefined;
    try {
      engine = load();
    } catch (e) {
      synchronousLoadFailure = e; // named by REGEXP_ENGINE_NOT_LOADED; loadGoRegExpEngine() tries import()
    }
  }
  return engine;
}

/** True once the RE2 engine is loaded (or loads synchronously on first use): compileGoRegExp then works synchronously. */
export function goRegExpEngineLoaded(): boolean {
  return engine !== undefined || loadSynchronously !== undefined;
}

/** Loads the RE2 engine (once; a failed load is retried by the next call). Resolves when compileGoRegExp can run. */
export async function loadGoRegExpEngine(): Promise<void> {
  if (loadNow()) return;
  loading ??= import('re2js').then(
    (mod) => (engine ??= mod.RE2JS),
    (e: unknown) => {
      loading = undefined;
      throw new IdentityError(
        'REGEXP_ENGINE_NOT_LOADED',
        `could not load the Go (RE2) regexp engine (re2js): ${String(e)}`,
      );
    },
  );
  await loading;
}

/** The loaded engine; throws RegExpEngineNotLoadedError (naming `field`) before loadGoRegExpEngine() resolved. */
export function goRegExpEngine(field: string): RegExpEngine {
  const loaded = loadNow();
  if (!loaded) throw new RegExpEngineNotLoadedError(field, synchronousLoadFailure);
  return loaded;
}

/**
 * Runs `work` (which may compile regexps synchronously); if it failed only because the RE2 engine was
 * not loaded yet, loads the engine and runs `work` once more. `work` must be free of side effects
 * up to the point where it compiles a regexp (parsing and validating are).
 */
export async function withGoRegExpEngine<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof RegExpEngineNotLoadedError)) throw e;
  }
  await loadGoRegExpEngine();
  return work();
}

const REGEXP_FIELDS = new Set(['issuerRegExp', 'subjectRegExp']);

/**
 * True when `value` (identity specs, authorities, ClusterImagePolicies: any plain data) has an
 * `issuerRegExp`/`subjectRegExp` field at any depth, i.e. matching it will need the RE2 engine.
 */
export function usesGoRegExp(value: unknown, depth = 0): boolean {
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => usesGoRegExp(v, depth + 1));
  for (const [k, v] of Object.entries(value)) {
    if (REGEXP_FIELDS.has(k) && v !== undefined) return true;
    if (usesGoRegExp(v, depth + 1)) return true;
  }
  return false;
}
