// The isolated evaluator (isolated-evaluator.ts) on a browser Web Worker: terminated at the time
// and start-up limits; memory is bounded by the engines' own hard maxima (a Web Worker has no
// heap limit to set). The worker runs `@sigguard/predicate/engine-worker` (web-worker-entry.ts).
import { PredicateError } from './errors.ts';
import { createIsolatedEvaluator, type EnginePort, type IsolatedEvaluator } from './isolated-evaluator.ts';
import type { EngineReply } from './engine-host.ts';
import type { PredicateLimits } from './limits.ts';

/** What is used of a Web Worker (a `Worker`, or anything shaped like one). */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: { data?: unknown; message?: string; preventDefault?(): void }) => void,
  ): void;
  terminate(): void;
}

export interface WebWorkerEvaluatorOptions {
  /**
   * Starts a worker running the engine-worker entry, e.g.
   * `() => new Worker(new URL('@sigguard/predicate/engine-worker', import.meta.url), { type: 'module' })`.
   */
  createWorker: () => WebWorkerLike;
  /** Limits for evaluations that give none of their own (each evaluation's own limits win). */
  limits?: PredicateLimits;
}

function portOf(worker: WebWorkerLike): EnginePort {
  return {
    post: (message) => worker.postMessage(message),
    onReply: (listener) => worker.addEventListener('message', (event) => listener(event.data as EngineReply)),
    onFailure(listener) {
      worker.addEventListener('error', (event) => {
        event.preventDefault?.(); // reported here, as a failed evaluation, not as an uncaught page error
        listener(
          new PredicateError(
            'ENGINE_FAILURE',
            event.message || 'the evaluation worker failed (its script did not load or threw)',
          ),
        );
      });
      worker.addEventListener('messageerror', () =>
        listener(new PredicateError('ENGINE_FAILURE', 'a message from the evaluation worker could not be read')),
      );
    },
    terminate: () => worker.terminate(),
  };
}

/** Evaluations in a Web Worker that is terminated at the limits (engines stay warm between calls). */
export function createWebWorkerEvaluator(options: WebWorkerEvaluatorOptions): IsolatedEvaluator {
  return createIsolatedEvaluator({
    spawn: () => portOf(options.createWorker()),
    ...(options.limits ? { limits: options.limits } : {}),
  });
}
