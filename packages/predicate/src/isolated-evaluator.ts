// Evaluation on another thread (a Node worker_threads Worker, a browser Web Worker), so the limits
// are enforced from outside the engine: the engines run synchronously inside WASM and cannot be
// interrupted on their own thread.
//  - time: the worker is terminated when the evaluation budget runs out (V8 stops WASM too);
//  - start-up: starting the worker and an engine has its own, separate budget, so an engine that
//    starts slowly on a busy machine does not eat into one evaluation's time;
//  - memory: Rego's and CUE's linear memories have hard maxima, set inside the engines (the Node
//    worker also caps its JS heap).
// One worker is kept (engines stay warm, one evaluation at a time); a limit or a crash terminates
// it and the next evaluation starts a fresh one. Runtime-agnostic: the runtime supplies `spawn`.
import { EngineLimitError, PredicateError } from './errors.ts';
import {
  compiledRegoArtifact,
  evaluatePredicatePolicy,
  evaluationTimeLimit,
  failedEvaluation,
  startupTimeLimit,
  type EvaluateOptions,
  type PolicyEvaluator,
  type PredicatePolicy,
} from './evaluate.ts';
import type { EngineRequest, EngineReply } from './engine-host.ts';
import { resolveLimits, type PredicateLimits } from './limits.ts';
import { sha256Hex } from './sha256.ts';
import { registerOwnEvaluator } from './cue/verdict-memo.ts';
import type { PredicateEngine, PredicateEvaluation } from './result.ts';

/** A worker as the calling thread sees it. */
export interface EnginePort {
  post(message: EngineRequest): void;
  /** Registers the one listener for replies. */
  onReply(listener: (reply: EngineReply) => void): void;
  /** Registers the one listener for the worker failing or exiting; `limit` when it hit one (its heap). */
  onFailure(listener: (error: Error, limit?: EngineLimitError) => void): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: Worker.terminate() returns a Promise, kill() nothing
  terminate(): Promise<unknown> | void;
}

/** A request before it is numbered (Omit over each member of the union). */
type NewRequest = EngineRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

type Outcome = { reply: EngineReply } | { timedOut: true } | { failed: Error; limit?: EngineLimitError };

/** One worker and the one request it is serving. */
class EngineWorker {
  readonly #port: EnginePort;
  readonly maxMemoryBytes: number;
  #waiting: { id: number; settle(o: Outcome): void } | undefined;
  #dead: Outcome | undefined;
  #nextId = 1;

  constructor(port: EnginePort, maxMemoryBytes: number) {
    this.#port = port;
    this.maxMemoryBytes = maxMemoryBytes;
    port.onReply((reply) => {
      const waiting = this.#waiting;
      if (waiting && reply.id === waiting.id) {
        this.#waiting = undefined;
        waiting.settle({ reply });
      }
    });
    port.onFailure((failed, limit) => this.#die(limit ? { failed, limit } : { failed }));
  }

  get alive(): boolean {
    return this.#dead === undefined;
  }

  call(request: NewRequest, timeoutMs: number): Promise<Outcome> {
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
      this.#port.post({ ...request, id } as EngineRequest);
    });
  }

  async terminate(): Promise<void> {
    this.#die({ failed: new Error('the evaluation worker was stopped') });
    await this.#port.terminate();
  }

  #die(outcome: Outcome): void {
    if (this.#dead) return;
    this.#dead = outcome;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.settle(outcome);
  }
}

export interface IsolatedEvaluator extends PolicyEvaluator {
  /** Like evaluatePredicatePolicy, but limits stop the engine: the worker is terminated at the time limit. */
  evaluate(policy: PredicatePolicy, input: unknown, options?: EvaluateOptions): Promise<PredicateEvaluation>;
  /** Stops the worker (an evaluation in progress fails). */
  close(): Promise<void>;
}

export interface IsolatedEvaluatorOptions {
  /** Starts a worker serving engine-host requests; its memory ceilings are `maxMemoryBytes`. */
  spawn(maxMemoryBytes: number): EnginePort;
  /** Limits for evaluations that give none of their own (each evaluation's own limits win). */
  limits?: PredicateLimits;
}

// The sha256 of each compiled Rego artifact array sent, computed once (the worker's copy is a new array every
// time; see adoptArtifactDigest). As in-thread, changing the bytes of an array already passed is unsupported.
const artifactDigests = new WeakMap<Uint8Array, { length: number; digest: string }>();

async function digestOfArtifact(policy: PredicatePolicy): Promise<string | undefined> {
  const bytes = compiledRegoArtifact(policy);
  if (!bytes) return undefined;
  const known = artifactDigests.get(bytes);
  if (known && known.length === bytes.length) return known.digest;
  const digest = await sha256Hex(bytes);
  artifactDigests.set(bytes, { length: bytes.length, digest });
  return digest;
}

export function createIsolatedEvaluator(options: IsolatedEvaluatorOptions): IsolatedEvaluator {
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
    current ??= new EngineWorker(options.spawn(maxMemoryBytes), maxMemoryBytes);
    return current;
  };

  const failure = async (outcome: Exclude<Outcome, { reply: EngineReply }>, onTimeout: Error): Promise<Error> => {
    await stop(); // a stopped or crashed engine cannot be trusted with the next evaluation
    if ('timedOut' in outcome) return onTimeout;
    return (
      outcome.limit ?? new PredicateError('ENGINE_FAILURE', `the evaluation worker failed: ${outcome.failed.message}`)
    );
  };

  const run = async (
    policy: PredicatePolicy,
    input: unknown,
    evaluateOptions: EvaluateOptions,
    engine: PredicateEngine,
  ): Promise<PredicateEvaluation> => {
    const limits = resolveLimits({ ...options.limits, ...evaluateOptions.limits });
    const w = await workerFor(limits.maxMemoryBytes);
    // Start-up (the worker, the package, the engine): its own budget, not the evaluation's.
    const started = await w.call(
      { kind: 'start', engine, maxMemoryBytes: limits.maxMemoryBytes },
      limits.startupTimeoutMs,
    );
    if (!('reply' in started)) throw await failure(started, startupTimeLimit(engine, limits.startupTimeoutMs));
    if (started.reply.error !== undefined) {
      await stop();
      throw new PredicateError('ENGINE_UNAVAILABLE', started.reply.error);
    }
    const { regoCompiler: _compiler, evaluator: _evaluator, ...cloneable } = evaluateOptions;
    const artifactDigest = await digestOfArtifact(policy);
    const request = {
      kind: 'evaluate' as const,
      policy,
      input,
      options: { ...cloneable, limits },
      ...(artifactDigest ? { artifactDigest } : {}),
    };
    const evaluated = await w.call(request, limits.timeoutMs);
    if (!('reply' in evaluated)) throw await failure(evaluated, evaluationTimeLimit(limits.timeoutMs));
    const { result, outOfMemory, error } = evaluated.reply;
    if (!result) throw new PredicateError('ENGINE_FAILURE', `the evaluation worker failed: ${error ?? 'no result'}`);
    if (outOfMemory) {
      await stop();
      throw new EngineLimitError(
        'memory',
        `the CUE engine ran out of memory at its ceiling of ${limits.maxMemoryBytes} bytes and was stopped`,
      );
    }
    if (result.code === 'ENGINE_FAILURE' || result.code === 'ENGINE_LIMIT') await stop(); // start afresh next time
    return result;
  };

  const evaluator: IsolatedEvaluator = {
    async evaluate(policy, input, evaluateOptions = {}) {
      const begun = performance.now();
      const engine: PredicateEngine = policy?.type === 'rego' ? 'rego' : 'cue';
      const name = evaluateOptions.name ?? 'predicate';
      const fail = (e: unknown): PredicateEvaluation => ({
        ...failedEvaluation(e, engine, name),
        engine,
        durationMs: performance.now() - begun,
      });
      // A Rego compiler is a function and cannot cross into the worker: compile here first.
      if (policy?.type === 'rego' && 'data' in policy && typeof policy.data === 'string') {
        if (!evaluateOptions.regoCompiler) {
          const { evaluator: _evaluator, ...inThread } = evaluateOptions;
          return evaluatePredicatePolicy(policy, input, inThread); // fails: ENGINE_UNAVAILABLE, saying how to precompile
        }
        try {
          const bytes = await evaluateOptions.regoCompiler(policy.data);
          policy = bytes[0] === 0x1f ? { type: 'rego', bundle: bytes } : { type: 'rego', wasm: bytes };
        } catch (e) {
          return fail(e);
        }
      }
      // One evaluation at a time: a queued evaluation's budget starts when it reaches the engine.
      const turn = queue.then(() => run(policy, input, evaluateOptions, engine));
      queue = turn.catch(() => undefined);
      try {
        return { ...(await turn), durationMs: performance.now() - begun };
      } catch (e) {
        return fail(e);
      }
    },
    close: stop,
  };
  registerOwnEvaluator(evaluator); // it answers as evaluatePredicatePolicy does: its CUE verdicts may be memoised
  return evaluator;
}
