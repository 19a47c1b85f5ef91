export interface PredicateLimits {
  /** Largest input document (serialised JSON), and largest policy, in bytes. */
  maxInputBytes?: number;
  /** Wall-clock budget for one evaluation, including engine start-up. */
  timeoutMs?: number;
  /** Largest linear memory an engine may use (Rego: hard WASM memory maximum). */
  maxMemoryBytes?: number;
}

export const DEFAULT_LIMITS: Required<PredicateLimits> = {
  maxInputBytes: 4 * 1024 * 1024,
  timeoutMs: 10_000,
  maxMemoryBytes: 256 * 1024 * 1024,
};

export function resolveLimits(limits: PredicateLimits | undefined): Required<PredicateLimits> {
  return { ...DEFAULT_LIMITS, ...limits };
}
