// Rego evaluation of OPA-compiled WebAssembly through sigguard's host for OPA's ABI
// (opa-host.ts) and its built-ins (builtins/), loaded lazily.
import { PredicateError } from '../errors.ts';
import { sha256Hex } from '../sha256.ts';
import type { RegoValue } from './exact-json.ts';
import { readOpaBundle } from './opa-bundle.ts';

export const REGO_ENTRYPOINT = 'sigstore/isCompliant';
const WASM_PAGE = 64 * 1024;

type Runtime = typeof import('./rego-runtime.ts');
let runtimePromise: Promise<Runtime> | undefined;
let runtimeLoaded = false;

/** The ABI host and the built-ins, imported on first use (they pull in hashes, RE2, YAML, ASN.1). */
export function loadOpa(): Promise<Runtime> {
  runtimePromise ??= import('./rego-runtime.ts').then(
    (runtime) => {
      runtimeLoaded = true;
      return runtime;
    },
    (e: unknown) => {
      runtimePromise = undefined;
      throw new PredicateError('ENGINE_UNAVAILABLE', `could not load the Rego engine: ${String(e)}`, { cause: e });
    },
  );
  return runtimePromise;
}

/** A compiled policy module plus the bundle data to load before each evaluation. */
export interface CompiledRegoPolicy {
  digest: string;
  module: WebAssembly.Module;
  data?: Record<string, unknown>;
}

const compiled = new Map<string, CompiledRegoPolicy>();
const MAX_CACHED = 64;
/**
 * The same artifact array passed again skips the sha256 of its bytes (a hash of a 140 KB module costs
 * ~100x a warm evaluation). The length is rechecked; changing the bytes of an array already passed is
 * not supported (documented in docs/predicate.md): pass a new array for a new policy.
 */
const byArray = new WeakMap<Uint8Array, { length: number; policy: CompiledRegoPolicy }>();

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * An engine worker receives a copy of the artifact with every message, so the array is never the same one:
 * the sending thread hashes its array once and sends the digest along (isolated-evaluator.ts); a module already
 * compiled under that digest is then used for this copy without hashing it again.
 */
export function adoptArtifactDigest(bytes: Uint8Array, digest: string): void {
  const policy = compiled.get(digest);
  if (policy) byArray.set(bytes, { length: bytes.length, policy });
}

/** Compiles (or fetches from cache, by content hash) a policy.wasm or an OPA bundle.tar.gz. */
export async function compileRegoArtifact(bytes: Uint8Array, maxBytes: number): Promise<CompiledRegoPolicy> {
  const same = byArray.get(bytes);
  if (same && same.length === bytes.length && compiled.get(same.policy.digest) === same.policy) return same.policy;
  const digest = await sha256Hex(bytes);
  const hit = compiled.get(digest) ?? (await compileFresh(bytes, digest, maxBytes));
  byArray.set(bytes, { length: bytes.length, policy: hit });
  return hit;
}

async function compileFresh(bytes: Uint8Array, digest: string, maxBytes: number): Promise<CompiledRegoPolicy> {
  const bundle = isGzip(bytes) ? readOpaBundle(bytes, maxBytes) : undefined;
  const wasm = bundle ? bundle.wasm : bytes;
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new PredicateError(
      'PREDICATE_POLICY_INVALID',
      `the Rego policy is not a valid WebAssembly module: ${(e as Error).message}`,
    );
  }
  const policy: CompiledRegoPolicy = { digest, module, ...(bundle ? { data: bundle.data } : {}) };
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(digest, policy);
  return policy;
}

function engineMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export interface RunRegoOptions {
  /** Defaults to sigstore/isCompliant (the only one sigguard's policies use). */
  entrypoint?: string;
  /** The decision's time in Unix nanoseconds, for time.now_ns. */
  nowNs?: bigint;
  /** The input as JSON text already (e.g. JSON.stringify's), used instead of writing `input` again. */
  inputJSON?: string;
}

type Instance = Awaited<ReturnType<Runtime['OpaInstance']['instantiate']>>;

function memoryPages(maxMemoryBytes: number): number {
  return Math.max(2, Math.floor(maxMemoryBytes / WASM_PAGE));
}

/**
 * Live instances, idle between evaluations, by (policy digest, memory ceiling): a policy is loaded
 * once and its heap reset before each evaluation (OpaInstance.evaluate), as OPA's SDKs do. An
 * instance is taken out while it evaluates and put back only after a clean evaluation: after a trap,
 * abort, memory limit or any error it is dropped, never reused. Small LRU; an instance whose memory
 * grew large (a big input) is dropped rather than kept.
 */
interface IdleInstance {
  policy: CompiledRegoPolicy;
  maximum: number;
  instance: Instance;
}
/** Least recently used first; a few entries, so a scan by identity beats hashing a string key. */
const idle: IdleInstance[] = [];
const MAX_IDLE = 8;
const MAX_IDLE_MEMORY = 16 << 20;

function takeIdle(policy: CompiledRegoPolicy, maximum: number): Instance | undefined {
  const at = idle.findIndex((e) => e.policy === policy && e.maximum === maximum);
  return at < 0 ? undefined : idle.splice(at, 1)[0]!.instance;
}

function putBack(policy: CompiledRegoPolicy, maximum: number, instance: Instance): void {
  if (instance.memoryBytes > MAX_IDLE_MEMORY) return;
  idle.push({ policy, maximum, instance });
  if (idle.length > MAX_IDLE) idle.shift();
}

/**
 * Whether evaluating `artifact` would start at once, waiting on nothing: the engine is loaded, this
 * array's policy compiled, and an instance of it is idle for this memory ceiling.
 */
export function regoIsWarm(artifact: Uint8Array, maxMemoryBytes: number): boolean {
  const same = runtimeLoaded ? byArray.get(artifact) : undefined;
  if (!same || same.length !== artifact.length) return false;
  const maximum = memoryPages(maxMemoryBytes);
  return idle.some((e) => e.policy === same.policy && e.maximum === maximum);
}

/** Drops every idle instance (tests; a host that wants the memory back). */
export function clearRegoInstances(): void {
  idle.length = 0;
}

let instancesMade = 0;

/** What the instance cache holds, for tests and diagnostics. */
export function regoInstanceStats(): { made: number; idle: { digest: string; memoryBytes: number }[] } {
  return {
    made: instancesMade,
    idle: idle.map((e) => ({ digest: e.policy.digest, memoryBytes: e.instance.memoryBytes })),
  };
}

function engineFailure(e: unknown, maxMemoryBytes: number): PredicateError {
  const oom = e instanceof RangeError || /memory|malloc/i.test(engineMessage(e));
  return new PredicateError(
    'ENGINE_FAILURE',
    oom
      ? `the Rego engine ran out of memory (limit ${maxMemoryBytes} bytes): ${engineMessage(e)}`
      : `the Rego engine failed: ${engineMessage(e)}`,
    { cause: e },
  );
}

/** Instantiates the module in a fresh, size-capped memory and loads the bundle's data into it. */
async function instantiate(
  runtime: Runtime,
  policy: CompiledRegoPolicy,
  maximum: number,
  maxMemoryBytes: number,
): Promise<Instance> {
  let loaded: Instance;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.min(5, maximum), maximum });
    loaded = await runtime.OpaInstance.instantiate(policy.module, memory, (name) => {
      const impl = runtime.hostBuiltin(name);
      // Refused at load time, before anything is evaluated, naming the built-in.
      if (impl instanceof Error) throw new PredicateError('PREDICATE_POLICY_INVALID', impl.message);
      return impl;
    });
  } catch (e) {
    if (e instanceof PredicateError) throw e;
    throw new PredicateError(
      'PREDICATE_POLICY_INVALID',
      `could not instantiate the Rego policy module: ${engineMessage(e)}`,
    );
  }
  instancesMade++;
  try {
    if (policy.data) loaded.setData(policy.data);
  } catch (e) {
    throw engineFailure(e, maxMemoryBytes);
  }
  return loaded;
}

/**
 * Evaluates the policy in a live instance of it (made on first use, in a size-capped memory) and
 * returns the OPA result set.
 */
export async function runRego(
  policy: CompiledRegoPolicy,
  input: unknown,
  maxMemoryBytes: number,
  options: RunRegoOptions = {},
): Promise<RegoValue> {
  const runtime = await loadOpa();
  const entrypoint = options.entrypoint ?? REGO_ENTRYPOINT;
  const maximum = memoryPages(maxMemoryBytes);
  const loaded = takeIdle(policy, maximum) ?? (await instantiate(runtime, policy, maximum, maxMemoryBytes));
  if (!Object.hasOwn(loaded.entrypoints, entrypoint)) {
    putBack(policy, maximum, loaded);
    throw new PredicateError(
      'PREDICATE_POLICY_INVALID',
      `the Rego module has no ${entrypoint} entrypoint (has: ${Object.keys(loaded.entrypoints).join(', ') || 'none'}); build it with \`opa build -t wasm -e ${entrypoint}\``,
    );
  }
  let result: RegoValue;
  try {
    result = loaded.evaluate(input, entrypoint, options.nowNs ?? BigInt(Date.now()) * 1_000_000n, options.inputJSON);
  } catch (e) {
    // The instance may be corrupted (a trap mid-write, a full heap): it is not put back.
    throw engineFailure(e, maxMemoryBytes);
  }
  putBack(policy, maximum, loaded);
  return result;
}
