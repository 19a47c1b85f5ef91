/// <reference path="./cue-wasm.d.ts" />
// CUE evaluation through cue-wasm (CUE v0.4.3 compiled to WASM), loaded lazily and once.
import { decodeStdBase64 } from '../base64.ts';
import { EngineLimitError, PredicateError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import { capDefinedMemory } from './wasm-memory-cap.ts';
import {
  assertHeaderMatches,
  buildConcreteProgram,
  buildProgram,
  cleanCueMessage,
  splitHeader,
  type PolicyHeader,
} from './cue-program.ts';

interface CueWasm {
  toJSON(src: string): string;
  parseAST(src: string): unknown;
}

let cuePromise: Promise<CueWasm> | undefined;
/** The running engine's memory and its ceiling, to tell "out of memory" from other crashes. */
let cueMemory: { memory: WebAssembly.Memory; maximumBytes: number } | undefined;
const MIB = 1024 * 1024;

/**
 * Starts (once) and returns the CUE engine, its Go memory capped at `maxMemoryBytes` (the
 * ceiling of the first start holds until the engine is restarted). Dynamic import keeps ~6 MB
 * out of bundles that never use CUE.
 */
export function loadCue(maxMemoryBytes: number = DEFAULT_LIMITS.maxMemoryBytes): Promise<CueWasm> {
  cuePromise ??= (async () => {
    try {
      return await withBrowserShims(() =>
        withGoMemoryCap(maxMemoryBytes, async () => {
          const mod = (await import('cue-wasm')) as unknown as { init(): Promise<CueWasm> };
          // Another copy of this package (the ESM and CJS builds in one process) may have started
          // cue-wasm already: start an instance of our own, under our ceiling, instead of sharing it.
          const api = (globalThis as { CueWasmAPI?: Record<string, unknown> }).CueWasmAPI;
          if (api) api.full = undefined;
          return mod.init();
        }),
      );
    } catch (e) {
      cuePromise = undefined; // a later call may retry
      throw new PredicateError('ENGINE_UNAVAILABLE', `could not start the CUE engine (cue-wasm): ${String(e)}`, {
        cause: e,
      });
    }
  })();
  return cuePromise;
}

type Instantiate = (source: unknown, imports?: object) => Promise<unknown>;

/**
 * cue-wasm instantiates its Go module itself, and a Go module defines its own memory with no
 * maximum. For the duration of init only, WebAssembly.instantiate is wrapped so that the Go
 * module (recognised by its `go`/`gojs` import namespace) gets a memory maximum. If the module
 * was not seen, the ceiling could not be applied: fail closed rather than run unbounded.
 */
async function withGoMemoryCap<T>(maxMemoryBytes: number, init: () => Promise<T>): Promise<T> {
  const wasm = WebAssembly as unknown as { instantiate: Instantiate };
  const original = wasm.instantiate;
  let capped: typeof cueMemory;
  wasm.instantiate = (source: unknown, imports?: object): Promise<unknown> => {
    const isGo = imports !== undefined && ('go' in imports || 'gojs' in imports);
    if (!isGo || !(source instanceof Uint8Array || source instanceof ArrayBuffer))
      return original.call(WebAssembly, source, imports);
    const { bytes, maximumBytes } = capDefinedMemory(new Uint8Array(source), maxMemoryBytes);
    return original.call(WebAssembly, bytes, imports).then((result) => {
      const memory = (result as { instance: WebAssembly.Instance }).instance.exports.mem;
      if (memory instanceof WebAssembly.Memory) capped = { memory, maximumBytes };
      return result;
    });
  };
  try {
    const engine = await init();
    if (!capped)
      throw new Error(
        'the Go module was not instantiated through WebAssembly.instantiate, so its memory ceiling could not be set',
      );
    cueMemory = capped;
    return engine;
  } finally {
    wasm.instantiate = original;
  }
}

/**
 * cue-wasm was written for Node: it keeps its API on `global` and decodes its embedded module
 * with `Buffer.from(text, 'base64')` during init. Outside Node (browsers, workers) provide
 * `global` (as cue-wasm itself does on `window`) and, for the duration of init only, a
 * Buffer.from that does just that decoding.
 */
async function withBrowserShims<T>(init: () => Promise<T>): Promise<T> {
  const g = globalThis as { global?: unknown; Buffer?: unknown };
  if (g.global === undefined) g.global = globalThis;
  if (g.Buffer !== undefined) return init();
  g.Buffer = {
    from(text: string, encoding: string): Uint8Array {
      if (encoding !== 'base64') throw new Error(`Buffer shim: only base64 is supported, not ${encoding}`);
      return decodeStdBase64(text);
    },
  };
  try {
    return await init();
  } finally {
    delete g.Buffer;
  }
}

export function isCueLoaded(): boolean {
  return cuePromise !== undefined;
}

export class CuePolicyError extends Error {
  override name = 'CuePolicyError';
  readonly stage: 'compile' | 'evaluate';
  constructor(stage: 'compile' | 'evaluate', message: string) {
    super(message);
    this.stage = stage;
  }
}

/** A policy compiled once: its header split, checked by CUE on its own (as cosign does first). */
export interface CompiledCuePolicy {
  split: PolicyHeader;
}

const compiled = new Map<string, CompiledCuePolicy>();
const MAX_CACHED = 256;

export function compileCuePolicy(cue: CueWasm, source: string): CompiledCuePolicy {
  const hit = compiled.get(source);
  if (hit) return hit;
  let ast: unknown;
  try {
    ast = cue.parseAST(source);
  } catch (e) {
    rethrowIfEngineCrashed(e);
    throw new CuePolicyError('compile', `failed to compile the cue policy with error: ${cueErrorText(e)}`);
  }
  const split = splitHeader(source);
  assertHeaderMatches(split, ast);
  const policy = { split };
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(source, policy);
  return policy;
}

/** Unifies policy and data; throws CuePolicyError('evaluate') with CUE's path and reason on a conflict. */
export function evaluateCompiledCue(cue: CueWasm, policy: CompiledCuePolicy, dataJSON: string): void {
  let exported: string;
  try {
    exported = cue.toJSON(buildProgram(policy.split, dataJSON));
  } catch (e) {
    rethrowIfEngineCrashed(e);
    throw new CuePolicyError(
      'evaluate',
      `failed to evaluate the policy with error: ${cleanCueMessage(cueErrorText(e))}`,
    );
  }
  // Everything lives in the hidden field; anything else exported means the program was not
  // built as intended, so do not trust the absence of errors.
  if (exported !== '{}') {
    throw new PredicateError(
      'ENGINE_FAILURE',
      `unexpected CUE export ${JSON.stringify(exported.slice(0, 80))}: the policy was not wrapped as intended`,
    );
  }
}

/**
 * The opt-in strict check (after evaluateCompiledCue passed): the unified value must also be
 * concrete, as `cue export` requires. policy-controller does not do this; see docs/policy.md.
 */
export function checkConcreteCue(cue: CueWasm, policy: CompiledCuePolicy, dataJSON: string): void {
  try {
    cue.toJSON(buildConcreteProgram(policy.split, dataJSON));
  } catch (e) {
    rethrowIfEngineCrashed(e);
    throw new CuePolicyError(
      'evaluate',
      `failed to evaluate the policy with error: ${cueErrorText(e)} (strict CUE mode, a sigguard extension: every value must be concrete)`,
    );
  }
}

/**
 * A Go panic inside cue-wasm kills its runtime; later calls would all fail. Such failures come
 * as JS exceptions (CUE's own errors come as strings): treat them as engine failures and let
 * the next evaluation start a fresh engine.
 */
export function rethrowIfEngineCrashed(e: unknown): void {
  if (typeof e === 'string') return;
  const exhausted = cueMemoryExhausted();
  cuePromise = undefined;
  cueMemory = undefined;
  const api = (globalThis as { CueWasmAPI?: Record<string, unknown> }).CueWasmAPI;
  if (api) api.full = undefined;
  if (exhausted) {
    throw new EngineLimitError(
      'memory',
      `the CUE engine ran out of memory at its ceiling of ${exhausted.maximumBytes} bytes and was stopped`,
      { cause: e },
    );
  }
  throw new PredicateError('ENGINE_FAILURE', `the CUE engine failed: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}

/**
 * Go grows its heap in arenas of a few MiB, so a heap that failed to grow stands within one
 * growth step of the ceiling. (A single allocation larger than the headroom fails lower down:
 * the worker also reads Go's own "out of memory" message, see worker-evaluator.ts.)
 */
function cueMemoryExhausted(): { maximumBytes: number } | undefined {
  if (!cueMemory) return undefined;
  const headroom = Math.min(32 * MIB, cueMemory.maximumBytes / 8);
  return cueMemory.memory.buffer.byteLength >= cueMemory.maximumBytes - headroom
    ? { maximumBytes: cueMemory.maximumBytes }
    : undefined;
}

/** The CUE engine's memory ceiling while it runs (undefined when it is not running). */
export function cueMemoryCeiling(): number | undefined {
  return cueMemory?.maximumBytes;
}

function cueErrorText(e: unknown): string {
  // cue-wasm throws Go's err.Error() as a plain string.
  return typeof e === 'string' ? e : e instanceof Error ? e.message : String(e);
}
