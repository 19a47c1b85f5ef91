// The package's entry point: evaluate one CUE or Rego policy against one input document.
// Never throws for a bad policy, input or engine: every such case is a failed evaluation
// with a reason and a code (fail closed).
import { depthProblem } from '@sigguard/input-limits';
import { CuePolicyError, checkConcreteCue, compileCuePolicy, evaluateCompiledCue, loadCue } from './cue/cue-engine.ts';
import { EngineLimitError, PredicateError } from './errors.ts';
import { DEFAULT_LIMITS, resolveLimits, type PredicateLimits } from './limits.ts';
import { cueMemoKey, recallCueVerdict, rememberCueVerdict, type MemoVerdict } from './cue/verdict-memo.ts';
import { compileRegoArtifact, loadOpa, regoIsWarm, runRego } from './rego/rego-engine.ts';
import { interpretResultSet } from './rego/rego-result.ts';
import type { PredicateEngine, PredicateEvaluation } from './result.ts';

/** A policy as the engines take it. Inline Rego source needs a `regoCompiler` (see `./node`). */
export type PredicatePolicy =
  | { type: 'cue'; data: string }
  | { type: 'rego'; data: string }
  | { type: 'rego'; wasm: Uint8Array }
  | { type: 'rego'; bundle: Uint8Array };

/**
 * Turns Rego source into `policy.wasm` or `bundle.tar.gz` bytes
 * (e.g. `opaCompiler()` from `@sigguard/predicate/node`).
 */
export type RegoCompiler = (source: string) => Promise<Uint8Array>;

export interface EvaluateOptions {
  /** Name used in messages, as policy-controller does: the attestation name, or "ClusterImagePolicy". */
  name?: string;
  limits?: PredicateLimits;
  regoCompiler?: RegoCompiler;
  /**
   * sigguard extension, off by default (policy-controller never does this): after the usual
   * non-concrete check, a CUE policy must also unify with the input to a concrete value, as
   * `cue export` requires, so a policy that refers to absent data fails instead of passing.
   * It can only deny more. No effect on Rego.
   */
  cueConcrete?: boolean;
  /** The decision's time: what Rego's time.now_ns answers. Default: when the evaluation starts. */
  now?: Date;
  /**
   * Where the engines run. Default: on the calling thread, where a WASM engine cannot be
   * interrupted (a late result is still refused). In Node, `createWorkerEvaluator()` /
   * `sharedWorkerEvaluator()` from `@sigguard/predicate/node` run them in a worker that is
   * terminated at the time limit; the sigguard CLI and `verifyImage()` in Node use it by default.
   */
  evaluator?: PolicyEvaluator;
}

/** Runs evaluations somewhere that can be stopped (a worker); answers as evaluatePredicatePolicy does. */
export interface PolicyEvaluator {
  evaluate(policy: PredicatePolicy, input: unknown, options?: EvaluateOptions): Promise<PredicateEvaluation>;
}

const encoder = new TextEncoder();

function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onLate()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function evaluationTimeLimit(ms: number): EngineLimitError {
  return new EngineLimitError(
    'time',
    `the evaluation exceeded its time limit of ${ms} ms (engine start-up not counted)`,
  );
}

export function startupTimeLimit(engine: PredicateEngine, ms: number): EngineLimitError {
  return new EngineLimitError(
    'startup',
    `the ${engine === 'cue' ? 'CUE' : 'Rego'} engine did not start within its start-up limit of ${ms} ms`,
  );
}

/** The failed evaluation for an error: engine limits name the policy and the limit. */
export function failedEvaluation(
  e: unknown,
  engine: PredicateEngine,
  name: string,
): Omit<PredicateEvaluation, 'engine' | 'durationMs'> {
  if (e instanceof EngineLimitError) {
    const reason = `${engine} policy for ${name} was stopped at an engine limit (${e.limit}): ${e.message}`;
    return { ok: false, reason, errors: [reason], warnings: [], code: 'ENGINE_LIMIT', limit: e.limit };
  }
  if (e instanceof PredicateError)
    return { ok: false, reason: e.message, errors: [e.message], warnings: [], code: e.code };
  const message = `${engine} evaluation failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`;
  return { ok: false, reason: message, errors: [message], warnings: [], code: 'ENGINE_FAILURE' };
}

/** Starts an engine (once; later calls return at once), e.g. to warm it up before evaluations. */
export async function startPredicateEngine(
  engine: PredicateEngine,
  maxMemoryBytes: number = DEFAULT_LIMITS.maxMemoryBytes,
): Promise<void> {
  if (engine === 'cue') await loadCue(maxMemoryBytes);
  else await loadOpa();
}

export async function evaluatePredicatePolicy(
  policy: PredicatePolicy,
  input: unknown,
  options: EvaluateOptions = {},
): Promise<PredicateEvaluation> {
  const memo = cueMemoLookup(policy, input, options);
  return memo?.hit ?? (await evaluateAndRemember(policy, input, options, memo));
}

/**
 * @internal The remembered verdict of a CUE evaluation (cue/verdict-memo.ts), or where to keep its verdict;
 * undefined when it is not memoised (Rego may read the clock). Synchronous, so a caller answered from the memo
 * waits on nothing.
 */
export function cueMemoLookup(
  policy: PredicatePolicy,
  input: unknown,
  options: EvaluateOptions,
): { key: string; json: string; hit?: PredicateEvaluation } | undefined {
  if (policy?.type !== 'cue' || typeof policy.data !== 'string') return undefined;
  const { maxInputBytes, maxDepth } = resolveLimits(options.limits);
  let json: string;
  try {
    json = serialiseInput(input, maxInputBytes, maxDepth);
  } catch {
    return undefined; // the evaluation says what is wrong with the input
  }
  const memo = cueMemoRecall(policy, options, json);
  return memo && { ...memo, json };
}

/**
 * @internal cueMemoLookup by text: `text` is the input's JSON, or, with `statementFor`, the JSON of an in-toto
 * statement that is shaped for that predicate type name to make the input (a pure function of the two).
 */
export function cueMemoRecall(
  policy: PredicatePolicy,
  options: EvaluateOptions,
  text: string,
  statementFor?: string,
): { key: string; hit?: PredicateEvaluation } | undefined {
  if (policy?.type !== 'cue' || typeof policy.data !== 'string') return undefined;
  const how = {
    name: options.name ?? 'predicate',
    concrete: options.cueConcrete === true,
    limits: options.limits,
    evaluator: options.evaluator,
    statementFor,
  };
  const key = cueMemoKey(policy.data, text, how);
  if (key === undefined) return undefined;
  const started = performance.now();
  const hit = recallCueVerdict(key);
  return hit ? { key, hit: rememberedEvaluation(hit, started) } : { key };
}

// The caller's own copy of a kept verdict (which is frozen), as an evaluation.
function rememberedEvaluation(hit: Readonly<MemoVerdict>, started: number): PredicateEvaluation {
  const { ok, reason, code } = hit;
  const [errors, warnings] = [[...hit.errors], [...hit.warnings]];
  const durationMs = performance.now() - started;
  // The fields in the order an evaluation has them.
  return code === undefined
    ? { ok, reason, errors, warnings, engine: 'cue', durationMs }
    : { ok, reason, errors, warnings, code, engine: 'cue', durationMs };
}

/**
 * @internal The evaluation a memo lookup did not answer; its verdict is kept under the lookup's key. `json`, when
 * given, is the input's JSON the key holds (the engine then reads that very text).
 */
export async function evaluateAndRemember(
  policy: PredicatePolicy,
  input: unknown,
  options: EvaluateOptions,
  memo: { key: string; json?: string } | undefined,
): Promise<PredicateEvaluation> {
  const result = await evaluateOnce(policy, input, options, memo?.json);
  if (memo) rememberCueVerdict(memo.key, result);
  return result;
}

async function evaluateOnce(
  policy: PredicatePolicy,
  input: unknown,
  options: EvaluateOptions,
  inputJSON: string | undefined,
): Promise<PredicateEvaluation> {
  const started = performance.now();
  const engine: PredicateEngine = policy?.type === 'rego' ? 'rego' : 'cue';
  const name = options.name ?? 'predicate';
  const done = (r: Omit<PredicateEvaluation, 'engine' | 'durationMs'>): PredicateEvaluation => ({
    ...r,
    engine,
    durationMs: performance.now() - started,
  });
  if (options.evaluator) {
    const { evaluator, ...inThread } = options;
    try {
      return await evaluator.evaluate(policy, input, inThread);
    } catch (e) {
      return done(failedEvaluation(e, engine, name));
    }
  }
  const limits = resolveLimits(options.limits);
  try {
    // A warm Rego evaluation (engine, compiled policy and an idle instance at hand) waits on nothing a
    // timer could cut short: its WASM runs synchronously on this thread, and the late check below
    // still applies. Sparing the two timers is most of the cost of sigguard around a warm evaluation.
    const regoArtifact = engine === 'rego' ? compiledRegoArtifact(policy) : undefined;
    const warm = regoArtifact !== undefined && regoIsWarm(regoArtifact, limits.maxMemoryBytes);
    // Start-up has its own budget: on a busy machine starting cue-wasm alone takes seconds.
    if (!warm)
      await withDeadline(startPredicateEngine(engine, limits.maxMemoryBytes), limits.startupTimeoutMs, () =>
        startupTimeLimit(engine, limits.startupTimeoutMs),
      );
    const ready = performance.now();
    const run =
      engine === 'cue'
        ? evaluateCue(policy, input, name, limits, options.cueConcrete === true, inputJSON)
        : evaluateRego(policy, input, name, limits, options);
    const result = warm
      ? await run
      : await withDeadline(run, limits.timeoutMs, () => evaluationTimeLimit(limits.timeoutMs));
    // On the calling thread a WASM engine cannot be pre-empted: an evaluation that finished
    // late still fails, so the budget is never silently exceeded.
    if (performance.now() - ready > limits.timeoutMs) throw evaluationTimeLimit(limits.timeoutMs);
    return done(result);
  } catch (e) {
    return done(failedEvaluation(e, engine, name));
  }
}

/** The decision's time in Unix nanoseconds (a Date has millisecond precision). */
function decisionNowNs(now: Date | undefined): bigint {
  const ms = (now ?? new Date()).getTime();
  if (!Number.isFinite(ms)) throw new PredicateError('PAYLOAD_INVALID', 'options.now is not a valid date');
  return BigInt(ms) * 1_000_000n;
}

type Verdict = Omit<PredicateEvaluation, 'engine' | 'durationMs'>;

function serialiseInput(input: unknown, maxBytes: number, maxDepth: number): string {
  // JSON.stringify recurses: a deeply nested document must be refused before it.
  const deep = depthProblem(input, 'input document', maxDepth);
  if (deep) throw new PredicateError('PAYLOAD_INVALID', deep);
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch (e) {
    throw new PredicateError('PAYLOAD_INVALID', `input document is not serialisable as JSON: ${(e as Error).message}`);
  }
  if (json === undefined) throw new PredicateError('PAYLOAD_INVALID', 'input document is undefined');
  // UTF-8 takes at most 3 bytes per UTF-16 unit: encode only when the bound does not settle it.
  const size = json.length * 3 <= maxBytes ? json.length : encoder.encode(json).length;
  if (size > maxBytes)
    throw new PredicateError('INPUT_TOO_LARGE', `input document is ${size} bytes, over the limit of ${maxBytes} bytes`);
  return json;
}

function checkPolicySize(size: number, maxBytes: number): void {
  if (size > maxBytes)
    throw new PredicateError('INPUT_TOO_LARGE', `policy is ${size} bytes, over the limit of ${maxBytes} bytes`);
}

async function evaluateCue(
  policy: PredicatePolicy,
  input: unknown,
  name: string,
  limits: Required<PredicateLimits>,
  concrete: boolean,
  inputJSON: string | undefined,
): Promise<Verdict> {
  if (!('data' in policy) || typeof policy.data !== 'string') {
    throw new PredicateError('PREDICATE_POLICY_INVALID', 'a CUE policy needs its source text in `data`');
  }
  checkPolicySize(encoder.encode(policy.data).length, limits.maxInputBytes);
  // The text the memo key was made of, when there is one (checked by the same serialiseInput with these limits):
  // the verdict kept under a key is the verdict on that very text.
  const json = inputJSON ?? serialiseInput(input, limits.maxInputBytes, limits.maxDepth);
  const cue = await loadCue(limits.maxMemoryBytes);
  try {
    const compiled = compileCuePolicy(cue, policy.data);
    evaluateCompiledCue(cue, compiled, json);
    if (concrete) checkConcreteCue(cue, compiled, json);
  } catch (e) {
    if (!(e instanceof CuePolicyError)) throw e;
    const reason = `failed evaluating cue policy for ${name}: ${e.message}`;
    return {
      ok: false,
      reason,
      errors: [reason],
      warnings: [],
      ...(e.stage === 'compile' ? { code: 'PREDICATE_POLICY_INVALID' as const } : {}),
    };
  }
  return { ok: true, reason: `cue policy for ${name} passed`, errors: [], warnings: [] };
}

/** A Rego policy's precompiled bytes (policy.wasm or bundle.tar.gz), if it is given that way. */
export function compiledRegoArtifact(policy: PredicatePolicy): Uint8Array | undefined {
  if ('wasm' in policy && policy.wasm instanceof Uint8Array) return policy.wasm;
  if ('bundle' in policy && policy.bundle instanceof Uint8Array) return policy.bundle;
  return undefined;
}

async function evaluateRego(
  policy: PredicatePolicy,
  input: unknown,
  name: string,
  limits: Required<PredicateLimits>,
  options: EvaluateOptions,
): Promise<Verdict> {
  const compiler = options.regoCompiler;
  let artifact = compiledRegoArtifact(policy);
  if (!artifact) {
    if (!('data' in policy && typeof policy.data === 'string')) {
      throw new PredicateError(
        'PREDICATE_POLICY_INVALID',
        'a Rego policy needs `data` (source), `wasm` (policy.wasm bytes) or `bundle` (bundle.tar.gz bytes)',
      );
    }
    checkPolicySize(encoder.encode(policy.data).length, limits.maxInputBytes);
    if (!compiler) {
      throw new PredicateError(
        'ENGINE_UNAVAILABLE',
        'inline Rego source needs compiling to WebAssembly, and no Rego compiler is configured here; precompile it with ' +
          '`opa build -t wasm -e sigstore/isCompliant --v0-compatible -o bundle.tar.gz policy.rego` and pass the bundle, ' +
          'or in Node use opaCompiler() from @sigguard/predicate/node with an `opa` binary',
      );
    }
    artifact = await compiler(policy.data);
  }
  checkPolicySize(artifact.length, Math.max(limits.maxInputBytes, 64 * 1024 * 1024));
  const json = serialiseInput(input, limits.maxInputBytes, limits.maxDepth);
  const compiled = await compileRegoArtifact(artifact, limits.maxMemoryBytes);
  let resultSet: unknown;
  try {
    // JSON.stringify's text is exact JSON for what it accepted (it refuses bigint): handed over as is.
    resultSet = await runRego(compiled, undefined, limits.maxMemoryBytes, {
      nowNs: decisionNowNs(options.now),
      inputJSON: json,
    });
  } catch (e) {
    // The module's memory is created with a hard maximum (rego-engine.ts): growing past it is
    // the memory limit, not an engine defect.
    if (e instanceof PredicateError && e.code === 'ENGINE_FAILURE' && /out of memory/i.test(e.message)) {
      throw new EngineLimitError(
        'memory',
        `the Rego engine ran out of memory at its ceiling of ${limits.maxMemoryBytes} bytes and was stopped`,
        { cause: e },
      );
    }
    throw e;
  }
  const verdict = interpretResultSet(resultSet);
  if (verdict.error !== undefined) {
    const reason = `failed evaluating rego policy for type ${name}: ${verdict.error}`;
    const errors = verdict.errors.filter((m) => m !== '');
    return { ok: false, reason, errors: errors.length ? errors : [reason], warnings: [] };
  }
  if (verdict.warning !== undefined) {
    // cosign passes with a warning; policy-controller fails on any warning.
    return {
      ok: false,
      reason: `warning while evaluating rego policy for type ${name}: ${verdict.warning} (warnings fail the check, as in policy-controller)`,
      errors: [],
      warnings: [verdict.warning],
    };
  }
  return { ok: true, reason: `rego policy for type ${name} is compliant`, errors: [], warnings: [] };
}
