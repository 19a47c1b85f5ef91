// The package's entry point: evaluate one CUE or Rego policy against one input document.
// Never throws for a bad policy, input or engine: every such case is a failed evaluation
// with a reason and a code (fail closed).
import { depthProblem } from '@sigguard/input-limits';
import { CuePolicyError, checkConcreteCue, compileCuePolicy, evaluateCompiledCue, loadCue } from './cue/cue-engine.ts';
import { PredicateError } from './errors.ts';
import { resolveLimits, type PredicateLimits } from './limits.ts';
import { compileRegoArtifact, runRego } from './rego/rego-engine.ts';
import { interpretResultSet } from './rego/rego-result.ts';
import type { PredicateEngine, PredicateEvaluation } from './result.ts';

/** A policy as the engines take it. Inline Rego source needs a `regoCompiler` (see `./node`). */
export type PredicatePolicy =
  | { type: 'cue'; data: string }
  | { type: 'rego'; data: string }
  | { type: 'rego'; wasm: Uint8Array }
  | { type: 'rego'; bundle: Uint8Array };

/** Turns Rego source into `policy.wasm` or `bundle.tar.gz` bytes (e.g. `opaCompiler()` from `@sigguard/predicate/node`). */
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
}

const encoder = new TextEncoder();

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PredicateError('TIMEOUT', `${what} exceeded the time limit of ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function evaluatePredicatePolicy(
  policy: PredicatePolicy,
  input: unknown,
  options: EvaluateOptions = {},
): Promise<PredicateEvaluation> {
  const started = performance.now();
  const engine: PredicateEngine = policy?.type === 'rego' ? 'rego' : 'cue';
  const name = options.name ?? 'predicate';
  const limits = resolveLimits(options.limits);
  const done = (r: Omit<PredicateEvaluation, 'engine' | 'durationMs'>): PredicateEvaluation => ({
    ...r,
    engine,
    durationMs: performance.now() - started,
  });
  try {
    const run =
      engine === 'cue'
        ? evaluateCue(policy, input, name, limits, options.cueConcrete === true)
        : evaluateRego(policy, input, name, limits, options);
    const result = await withTimeout(run, limits.timeoutMs, `${engine} evaluation`);
    // The engines run synchronously inside WASM and cannot be pre-empted in this thread:
    // an evaluation that finished late still fails, so the budget is never silently exceeded.
    const elapsed = performance.now() - started;
    if (elapsed > limits.timeoutMs) {
      return done({ ok: false, reason: `${engine} evaluation took ${Math.round(elapsed)} ms, over the limit of ${limits.timeoutMs} ms`, errors: [], warnings: [], code: 'TIMEOUT' });
    }
    return done(result);
  } catch (e) {
    if (e instanceof PredicateError) return done({ ok: false, reason: e.message, errors: [e.message], warnings: [], code: e.code });
    const message = `${engine} evaluation failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`;
    return done({ ok: false, reason: message, errors: [message], warnings: [], code: 'ENGINE_FAILURE' });
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
  const size = encoder.encode(json).length;
  if (size > maxBytes) throw new PredicateError('INPUT_TOO_LARGE', `input document is ${size} bytes, over the limit of ${maxBytes} bytes`);
  return json;
}

function checkPolicySize(size: number, maxBytes: number): void {
  if (size > maxBytes) throw new PredicateError('INPUT_TOO_LARGE', `policy is ${size} bytes, over the limit of ${maxBytes} bytes`);
}

async function evaluateCue(
  policy: PredicatePolicy,
  input: unknown,
  name: string,
  limits: Required<PredicateLimits>,
  concrete: boolean,
): Promise<Verdict> {
  if (!('data' in policy) || typeof policy.data !== 'string') {
    throw new PredicateError('POLICY_INVALID', 'a CUE policy needs its source text in `data`');
  }
  checkPolicySize(encoder.encode(policy.data).length, limits.maxInputBytes);
  const json = serialiseInput(input, limits.maxInputBytes, limits.maxDepth);
  const cue = await loadCue();
  try {
    const compiled = compileCuePolicy(cue, policy.data);
    evaluateCompiledCue(cue, compiled, json);
    if (concrete) checkConcreteCue(cue, compiled, json);
  } catch (e) {
    if (!(e instanceof CuePolicyError)) throw e;
    const reason = `failed evaluating cue policy for ${name}: ${e.message}`;
    return { ok: false, reason, errors: [reason], warnings: [], ...(e.stage === 'compile' ? { code: 'POLICY_INVALID' as const } : {}) };
  }
  return { ok: true, reason: `cue policy for ${name} passed`, errors: [], warnings: [] };
}

async function evaluateRego(
  policy: PredicatePolicy,
  input: unknown,
  name: string,
  limits: Required<PredicateLimits>,
  options: EvaluateOptions,
): Promise<Verdict> {
  const compiler = options.regoCompiler;
  let artifact: Uint8Array;
  if ('wasm' in policy && policy.wasm instanceof Uint8Array) artifact = policy.wasm;
  else if ('bundle' in policy && policy.bundle instanceof Uint8Array) artifact = policy.bundle;
  else if ('data' in policy && typeof policy.data === 'string') {
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
  } else {
    throw new PredicateError('POLICY_INVALID', 'a Rego policy needs `data` (source), `wasm` (policy.wasm bytes) or `bundle` (bundle.tar.gz bytes)');
  }
  checkPolicySize(artifact.length, Math.max(limits.maxInputBytes, 64 * 1024 * 1024));
  const json = serialiseInput(input, limits.maxInputBytes, limits.maxDepth);
  const compiled = await compileRegoArtifact(artifact, limits.maxMemoryBytes);
  const resultSet = await runRego(compiled, JSON.parse(json), limits.maxMemoryBytes, { nowNs: decisionNowNs(options.now) });
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
