// The isolated evaluator (../isolated-evaluator.ts) on a Node worker thread: terminated at the
// time and start-up limits, its JS heap capped with `resourceLimits` (the engines' linear
// memories have their own hard maxima), its console (Go's crash traces) kept inside (engine-host.ts).
// No piped stdout/stderr: piped worker streams keep the process alive even when the worker is unref'd.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  EngineLimitError,
  createIsolatedEvaluator,
  type EnginePort,
  type EngineReply,
  type IsolatedEvaluator,
  type PredicateLimits,
} from '@sigguard/predicate';

// The worker imports the package by URL: resolved here, so it honours the caller's conditions
// (the `@sigguard/source` condition in tests, the built dist otherwise). An ES module in a data: URL, so
// it means the same whatever --input-type the process inherited (an eval'd source would not).
const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const loaded = import(workerData.entry).then((mod) => {
  const predicate = mod.handleEngineRequest ? mod : mod.default; // ESM, or the CJS build
  predicate.captureEngineOutput();
  return predicate;
});
parentPort.on('message', async (request) => {
  let predicate;
  try {
    predicate = await loaded;
  } catch (e) {
    parentPort.postMessage({ id: request.id, error: 'could not load @sigguard/predicate: ' + String(e && e.stack || e) });
    return;
  }
  parentPort.postMessage(await predicate.handleEngineRequest(request));
});
`;
const WORKER_URL = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);

function predicateEntryURL(): string {
  // ESM: import.meta.resolve. The CJS build (where import.meta is empty) uses require.resolve.
  const meta = import.meta as { resolve?: (specifier: string) => string };
  if (typeof meta.resolve === 'function') return meta.resolve('@sigguard/predicate');
  return pathToFileURL(createRequire(__filename).resolve('@sigguard/predicate')).href;
}

const MIB = 1024 * 1024;

function spawnWorkerThread(maxMemoryBytes: number): EnginePort {
  const heapLimitMb = Math.max(256, Math.ceil(maxMemoryBytes / MIB));
  const worker = new Worker(WORKER_URL, {
    workerData: { entry: predicateEntryURL() },
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  // An idle worker does not keep the process alive (a pending request's timer does). Adding a
  // 'message' listener refs the worker's port again, so unref after each listener.
  worker.unref();
  return {
    post: (message) => worker.postMessage(message),
    onReply(listener) {
      worker.on('message', (reply: EngineReply) => listener(reply));
      worker.unref();
    },
    onFailure(listener) {
      worker.on('error', (e: Error & { code?: unknown }) => {
        if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') return listener(e);
        listener(
          e,
          new EngineLimitError(
            'memory',
            `the evaluation worker's JavaScript heap reached its limit of ${heapLimitMb} MiB and was stopped`,
          ),
        );
      });
      worker.on('exit', (code) => listener(new Error(`the evaluation worker exited with code ${code}`)));
      worker.unref();
    },
    terminate: () => worker.terminate(),
  };
}

export type WorkerEvaluator = IsolatedEvaluator;

export interface WorkerEvaluatorOptions {
  /** Limits for evaluations that give none of their own (each evaluation's own limits win). */
  limits?: PredicateLimits;
}

/** Evaluations in a worker thread that is terminated at the limits (engines stay warm between calls). */
export function createWorkerEvaluator(options: WorkerEvaluatorOptions = {}): WorkerEvaluator {
  return createIsolatedEvaluator({ spawn: spawnWorkerThread, ...(options.limits ? { limits: options.limits } : {}) });
}

let shared: WorkerEvaluator | undefined;

/** The process-wide worker evaluator (created on first use; its idle worker does not keep Node running). */
export function sharedWorkerEvaluator(): WorkerEvaluator {
  shared ??= createWorkerEvaluator();
  return shared;
}
