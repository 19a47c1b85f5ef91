import { MAX_NESTING_DEPTH } from '@sigguard/input-limits';

export interface PredicateLimits {
  /** Largest input document (serialised JSON), and largest policy, in bytes. */
  maxInputBytes?: number;
  /** Wall-clock budget for one evaluation, including engine start-up. */
  timeoutMs?: number;
  /** Largest linear memory an engine may use (Rego: hard WASM memory maximum). */
  maxMemoryBytes?: number;
  /** Deepest nesting of the input document (checked before it is serialised or handed to an engine). */
  maxDepth?: number;
}

export const DEFAULT_LIMITS: Required<PredicateLimits> = {
  maxInputBytes: 4 * 1024 * 1024,
  timeoutMs: 10_000,
  maxMemoryBytes: 256 * 1024 * 1024,
  maxDepth: MAX_NESTING_DEPTH,
};

export function resolveLimits(limits: PredicateLimits | undefined): Required<PredicateLimits> {
  return { ...DEFAULT_LIMITS, ...limits };
}
