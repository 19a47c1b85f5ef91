// Evaluation in a worker thread, so the time limit is enforced by terminating the worker: the
// engines run synchronously inside WASM and cannot be interrupted on the calling thread.
// One worker is kept (engines stay warm); a timeout or crash terminates it and the next call
// starts a fresh one.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_LIMITS,
  PredicateError,
  evaluatePredicatePolicy,
  type EvaluateOptions,
  type PredicateEvaluation,
  type PredicatePolicy,
} from '@sigguard/predicate';

// The worker imports the package by URL: resolved here, so it honours the caller's
// conditions (the `@sigguard/source` condition in tests, the built dist otherwise).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.entry).then((mod) => {
  const predicate = mod.evaluatePredicatePolicy ? mod : mod.default; // ESM, or the CJS build
  parentPort.on('message', async ({ id, policy, input, options }) => {
    const result = await predicate.evaluatePredicatePolicy(policy, input, options);
    parentPort.postMessage({ id, result });
  });
  parentPort.postMessage({ ready: true });
}, (e) => parentPort.postMessage({ loadError: String(e && e.stack || e) }));
`;

function predicateEntryURL(): string {
  // ESM: import.meta.resolve. The CJS build (where import.meta is empty) uses require.resolve.
  const meta = import.meta as { resolve?: (specifier: string) => string };
  if (typeof meta.resolve === 'function') return meta.resolve('@sigguard/predicate');
  return pathToFileURL(createRequire(__filename).resolve('@sigguard/predicate')).href;
}

export interface WorkerEvaluator {
  /** Like evaluatePredicatePolicy, but a timeout terminates the engine. */
  evaluate(policy: PredicatePolicy, input: unknown, options?: EvaluateOptions): Promise<PredicateEvaluation>;
  /** Stops the worker (pending evaluations fail). */
  close(): Promise<void>;
}

interface Pending {
  resolve(r: PredicateEvaluation): void;
  timer: ReturnType<typeof setTimeout>;
}

function failure(policy: PredicatePolicy, reason: string, code: PredicateEvaluation['code'], started: number): PredicateEvaluation {
  return { ok: false, engine: policy?.type === 'rego' ? 'rego' : 'cue', reason, errors: [reason], warnings: [], code, durationMs: performance.now() - started };
}

export function createWorkerEvaluator(): WorkerEvaluator {
  let worker: Worker | undefined;
  let ready: Promise<Worker> | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (reason: string, code: PredicateEvaluation['code']) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, engine: 'cue', reason, errors: [reason], warnings: [], code, durationMs: 0 });
      pending.delete(id);
    }
  };

  const stop = async () => {
    const w = worker;
    worker = undefined;
    ready = undefined;
    if (w) await w.terminate();
  };

  const start = (): Promise<Worker> => {
    ready ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry: predicateEntryURL() } });
      worker = w;
      w.on('message', (msg: { ready?: true; loadError?: string; id?: number; result?: PredicateEvaluation }) => {
        if (msg.ready) resolve(w);
        else if (msg.loadError) reject(new PredicateError('ENGINE_UNAVAILABLE', `evaluation worker could not load @sigguard/predicate: ${msg.loadError}`));
        else if (msg.id !== undefined && msg.result) {
          const p = pending.get(msg.id);
          if (!p) return;
          clearTimeout(p.timer);
          pending.delete(msg.id);
          p.resolve(msg.result);
        }
      });
      w.on('error', (e) => {
        reject(e);
        failAll(`evaluation worker crashed: ${e.message}`, 'ENGINE_FAILURE');
        void stop();
      });
      w.on('exit', () => {
        if (worker === w) {
          worker = undefined;
          ready = undefined;
        }
        failAll('evaluation worker exited', 'ENGINE_FAILURE');
      });
    });
    return ready;
  };

  return {
    async evaluate(policy, input, options = {}) {
      const started = performance.now();
      const timeoutMs = options.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
      // A Rego compiler is a function and cannot cross into the worker: compile here first.
      if (policy?.type === 'rego' && 'data' in policy && typeof policy.data === 'string') {
        if (!options.regoCompiler) return evaluatePredicatePolicy(policy, input, options);
        let bytes: Uint8Array;
        try {
          bytes = await options.regoCompiler(policy.data);
        } catch (e) {
          return failure(policy, e instanceof Error ? e.message : String(e), e instanceof PredicateError ? e.code : 'ENGINE_FAILURE', started);
        }
        policy = bytes[0] === 0x1f ? { type: 'rego', bundle: bytes } : { type: 'rego', wasm: bytes };
      }
      const { regoCompiler: _unused, ...cloneable } = options;
      let w: Worker;
      try {
        w = await start();
      } catch (e) {
        return failure(policy, e instanceof Error ? e.message : String(e), 'ENGINE_UNAVAILABLE', started);
      }
      const remaining = Math.max(0, timeoutMs - (performance.now() - started));
      return new Promise<PredicateEvaluation>((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure(policy, `${policy?.type ?? 'cue'} evaluation exceeded the time limit of ${timeoutMs} ms; the engine was stopped`, 'TIMEOUT', started));
          void stop(); // the only way to interrupt a running WASM engine
        }, remaining);
        pending.set(id, { resolve, timer });
        w.postMessage({ id, policy, input, options: cloneable });
      });
    },
    close: stop,
  };
}
