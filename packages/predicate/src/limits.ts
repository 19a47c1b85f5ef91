import { MAX_NESTING_DEPTH } from '@sigguard/input-limits';

export interface PredicateLimits {
  /** Largest input document (serialised JSON), and largest policy, in bytes. */
  maxInputBytes?: number;
  /** Wall-clock budget for one evaluation, from the moment its engine is ready (start-up is not counted). */
  timeoutMs?: number;
  /** Wall-clock budget for starting an engine (loading and instantiating cue-wasm or opa-wasm, a worker). */
  startupTimeoutMs?: number;
  /**
   * Ceiling on an engine's linear memory: Rego's WASM memory maximum, the CUE (Go) module's memory
   * maximum (fixed when the engine starts); in a worker also the worker's JS heap.
   */
  maxMemoryBytes?: number;
  /** Deepest nesting of the input document (checked before it is serialised or handed to an engine). */
  maxDepth?: number;
}

export const DEFAULT_LIMITS: Required<PredicateLimits> = {
  maxInputBytes: 4 * 1024 * 1024,
  timeoutMs: 10_000,
  startupTimeoutMs: 60_000,
  maxMemoryBytes: 256 * 1024 * 1024,
  maxDepth: MAX_NESTING_DEPTH,
};

export function resolveLimits(limits: PredicateLimits | undefined): Required<PredicateLimits> {
  const resolved = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof PredicateLimits)[]) {
    const value = limits?.[key];
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}
