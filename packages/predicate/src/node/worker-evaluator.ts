// Evaluation in a worker thread, so the limits are enforced from outside the engine: the
// engines run synchronously inside WASM and cannot be interrupted on their own thread.
//  - time: the worker is terminated when the evaluation budget runs out (V8 stops WASM too);
//  - start-up: starting the worker and an engine has its own, separate budget, so an engine
//    that starts slowly on a busy machine does not eat into one evaluation's time;
//  - memory: Rego's and CUE's linear memories have hard maxima (set inside the engines) and
//    the worker's JS heap is capped with `resourceLimits`.
// One worker is kept (engines stay warm across evaluations, one evaluation at a time); a limit
// or a crash terminates it and the next evaluation starts a fresh one.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  EngineLimitError,
  PredicateError,
  evaluatePredicatePolicy,
  evaluationTimeLimit,
  failedEvaluation,
  resolveLimits,
  startupTimeLimit,
  type EvaluateOptions,
  type PolicyEvaluator,
  type PredicateEngine,
  type PredicateEvaluation,
  type PredicateLimits,
  type PredicatePolicy,
} from '@sigguard/predicate';

// The worker imports the package by URL: resolved here, so it honours the caller's conditions
// (the `source` condition in tests, the built dist otherwise). Go's runtime inside cue-wasm
// prints through console.log (a fatal "out of memory" among its messages): the worker keeps
// the tail to classify a crash and prints nothing.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let engineOutput = '';
const keep = (...args) => { engineOutput = (engineOutput + args.join(' ') + '\\n').slice(-4096); };
console.log = console.info = console.warn = console.error = console.debug = keep;
const loaded = import(workerData.entry).then((mod) => (mod.evaluatePredicatePolicy ? mod : mod.default));
parentPort.on('message', async (msg) => {
  let predicate;
  try {
    predicate = await loaded;
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: 'could not load @sigguard/predicate: ' + String(e && e.stack || e) });
    return;
  }
  if (msg.kind === 'start') {
    try {
      await predicate.startPredicateEngine(msg.engine, msg.maxMemoryBytes);
      parentPort.postMessage({ id: msg.id });
    } catch (e) {
      parentPort.postMessage({ id: msg.id, error: String(e && e.message || e) });
    }
    return;
  }
  engineOutput = '';
  const result = await predicate.evaluatePredicatePolicy(msg.policy, msg.input, msg.options);
  const outOfMemory = result.code === 'ENGINE_FAILURE' && /out of memory/.test(engineOutput);
  parentPort.postMessage({ id: msg.id, result, outOfMemory });
});
`;

function predicateEntryURL(): string {
  // ESM: import.meta.resolve. The CJS build (where import.meta is empty) uses require.resolve.
  const meta = import.meta as { resolve?: (specifier: string) => string };
  if (typeof meta.resolve === 'function') return meta.resolve('@sigguard/predicate');
  return pathToFileURL(createRequire(__filename).resolve('@sigguard/predicate')).href;
}

const MIB = 1024 * 1024;

interface Reply {
  id: number;
  error?: string;
  result?: PredicateEvaluation;
  outOfMemory?: boolean;
}
type Outcome = { reply: Reply } | { timedOut: true } | { crashed: Error };

/** One worker thread and the one request it is serving. */
class EngineWorker {
  readonly #worker: Worker;
  readonly maxMemoryBytes: number;
  readonly heapLimitMb: number;
  #waiting: { id: number; settle(o: Outcome): void } | undefined;
  #dead: Outcome | undefined;
  #nextId = 1;
  readonly started = new Set<PredicateEngine>();

  constructor(maxMemoryBytes: number) {
    this.maxMemoryBytes = maxMemoryBytes;
    this.heapLimitMb = Math.max(256, Math.ceil(maxMemoryBytes / MIB));
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { entry: predicateEntryURL() },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    this.#worker.stdout.resume();
    this.#worker.stderr.resume();
    this.#worker.unref(); // an idle worker does not keep the process alive; a pending request's timer does
    this.#worker.on('message', (reply: Reply) => {
      const waiting = this.#waiting;
      if (waiting && reply.id === waiting.id) {
        this.#waiting = undefined;
        waiting.settle({ reply });
      }
    });
    this.#worker.on('error', (e) => this.#die({ crashed: e }));
    this.#worker.on('exit', (code) => this.#die({ crashed: new Error(`the evaluation worker exited with code ${code}`) }));
  }

  get alive(): boolean {
    return this.#dead === undefined;
  }

  call(message: Record<string, unknown>, timeoutMs: number): Promise<Outcome> {
    if (this.#dead) return Promise.resolve(this.#dead);
    return new Promise<Outcome>((resolve) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve({ timedOut: true });
      }, timeoutMs);
      this.#waiting = {
        id,
        settle(o) {
          clearTimeout(timer);
          resolve(o);
        },
      };
      this.#worker.postMessage({ ...message, id });
    });
  }

  async terminate(): Promise<void> {
    this.#die({ crashed: new Error('the evaluation worker was stopped') });
    await this.#worker.terminate();
  }

  #die(outcome: Outcome): void {
    if (this.#dead) return;
    this.#dead = outcome;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.settle(outcome);
  }
}

export interface WorkerEvaluator extends PolicyEvaluator {
  /** Like evaluatePredicatePolicy, but limits stop the engine: a worker is terminated at the time limit. */
  evaluate(policy: PredicatePolicy, input: unknown, options?: EvaluateOptions): Promise<PredicateEvaluation>;
  /** Stops the worker (an evaluation in progress fails). */
  close(): Promise<void>;
}

export interface WorkerEvaluatorOptions {
  /** Limits for evaluations that give none of their own (each evaluation's own limits win). */
  limits?: PredicateLimits;
}

export function createWorkerEvaluator(defaults: WorkerEvaluatorOptions = {}): WorkerEvaluator {
  let current: EngineWorker | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const stop = async () => {
    const w = current;
    current = undefined;
    if (w) await w.terminate();
  };

  // The memory ceilings are fixed when a worker and its engines start: another ceiling needs another worker.
  const workerFor = async (maxMemoryBytes: number): Promise<EngineWorker> => {
    if (current && (!current.alive || current.maxMemoryBytes !== maxMemoryBytes)) await stop();
    current ??= new EngineWorker(maxMemoryBytes);
    return current;
  };

  const failedOutcome = async (w: EngineWorker, outcome: Exclude<Outcome, { reply: Reply }>, onTimeout: Error): Promise<Error> => {
    await stop(); // a stopped or crashed engine cannot be trusted with the next evaluation
    if ('timedOut' in outcome) return onTimeout;
    const code = (outcome.crashed as { code?: unknown }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new EngineLimitError('memory', `the evaluation worker's JavaScript heap reached its limit of ${w.heapLimitMb} MiB and was stopped`);
    }
    return new PredicateError('ENGINE_FAILURE', `the evaluation worker failed: ${outcome.crashed.message}`);
  };

  const run = async (policy: PredicatePolicy, input: unknown, options: EvaluateOptions, engine: PredicateEngine): Promise<PredicateEvaluation> => {
    const limits = resolveLimits({ ...defaults.limits, ...options.limits });
    const w = await workerFor(limits.maxMemoryBytes);
    // Start-up (the worker, the package, the engine): its own budget, not the evaluation's.
    const started = await w.call({ kind: 'start', engine, maxMemoryBytes: limits.maxMemoryBytes }, limits.startupTimeoutMs);
    if (!('reply' in started)) throw await failedOutcome(w, started, startupTimeLimit(engine, limits.startupTimeoutMs));
    if (started.reply.error !== undefined) {
      await stop();
      throw new PredicateError('ENGINE_UNAVAILABLE', started.reply.error);
    }
    const { regoCompiler: _compiler, evaluator: _evaluator, ...cloneable } = options;
    const evaluated = await w.call({ kind: 'evaluate', policy, input, options: { ...cloneable, limits } }, limits.timeoutMs);
    if (!('reply' in evaluated)) throw await failedOutcome(w, evaluated, evaluationTimeLimit(limits.timeoutMs));
    const { result, outOfMemory, error } = evaluated.reply;
    if (!result) throw new PredicateError('ENGINE_FAILURE', `the evaluation worker failed: ${error ?? 'no result'}`);
    if (outOfMemory) {
      await stop();
      throw new EngineLimitError('memory', `the CUE engine ran out of memory at its ceiling of ${limits.maxMemoryBytes} bytes and was stopped`);
    }
    if (result.code === 'ENGINE_FAILURE' || result.code === 'ENGINE_LIMIT') await stop(); // start afresh next time
    return result;
  };

  return {
    async evaluate(policy, input, options = {}) {
      const begun = performance.now();
      const engine: PredicateEngine = policy?.type === 'rego' ? 'rego' : 'cue';
      const name = options.name ?? 'predicate';
      const fail = (e: unknown): PredicateEvaluation => ({ ...failedEvaluation(e, engine, name), engine, durationMs: performance.now() - begun });
      // A Rego compiler is a function and cannot cross into the worker: compile here first.
      if (policy?.type === 'rego' && 'data' in policy && typeof policy.data === 'string') {
        if (!options.regoCompiler) {
          const { evaluator: _evaluator, ...inThread } = options;
          return evaluatePredicatePolicy(policy, input, inThread); // fails: ENGINE_UNAVAILABLE, saying how to precompile
        }
        try {
          const bytes = await options.regoCompiler(policy.data);
          policy = bytes[0] === 0x1f ? { type: 'rego', bundle: bytes } : { type: 'rego', wasm: bytes };
        } catch (e) {
          return fail(e);
        }
      }
      // One evaluation at a time: a queued evaluation's budget starts when it reaches the engine.
      const turn = queue.then(() => run(policy, input, options, engine));
      queue = turn.catch(() => undefined);
      try {
        return { ...(await turn), durationMs: performance.now() - begun };
      } catch (e) {
        return fail(e);
      }
    },
    close: stop,
  };
}

let shared: WorkerEvaluator | undefined;

/** The process-wide worker evaluator (created on first use; its idle worker does not keep Node running). */
export function sharedWorkerEvaluator(): WorkerEvaluator {
  shared ??= createWorkerEvaluator();
  return shared;
}
