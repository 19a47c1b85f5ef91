// Rego evaluation of OPA-compiled WebAssembly through @open-policy-agent/opa-wasm, loaded lazily.
import { PredicateError } from '../errors.ts';
import { sha256Hex } from '../sha256.ts';
import { readOpaBundle } from './opa-bundle.ts';

export const REGO_ENTRYPOINT = 'sigstore/isCompliant';
const WASM_PAGE = 64 * 1024;

interface LoadedPolicy {
  entrypoints: Record<string, number>;
  evaluate(input: unknown, entrypoint: string): unknown;
  setData(data: unknown): void;
}
interface OpaWasm {
  loadPolicy(wasm: WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): Promise<LoadedPolicy>;
}

let opaPromise: Promise<OpaWasm> | undefined;

export function loadOpa(): Promise<OpaWasm> {
  opaPromise ??= (async () => {
    try {
      const mod = (await import('@open-policy-agent/opa-wasm')) as unknown as { loadPolicy?: OpaWasm['loadPolicy']; default?: OpaWasm };
      const loadPolicy = mod.loadPolicy ?? mod.default?.loadPolicy;
      if (!loadPolicy) throw new Error('loadPolicy not exported');
      return { loadPolicy };
    } catch (e) {
      opaPromise = undefined;
      throw new PredicateError('ENGINE_UNAVAILABLE', `could not load the Rego engine (@open-policy-agent/opa-wasm): ${String(e)}`, { cause: e });
    }
  })();
  return opaPromise;
}

/** A compiled policy module plus the bundle data to load before each evaluation. */
export interface CompiledRegoPolicy {
  digest: string;
  module: WebAssembly.Module;
  data?: Record<string, unknown>;
}

const compiled = new Map<string, CompiledRegoPolicy>();
const MAX_CACHED = 64;

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Compiles (or fetches from cache, by content hash) a policy.wasm or an OPA bundle.tar.gz. */
export async function compileRegoArtifact(bytes: Uint8Array, maxBytes: number): Promise<CompiledRegoPolicy> {
  const digest = await sha256Hex(bytes);
  const hit = compiled.get(digest);
  if (hit) return hit;
  const bundle = isGzip(bytes) ? readOpaBundle(bytes, maxBytes) : undefined;
  const wasm = bundle ? bundle.wasm : bytes;
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new PredicateError('POLICY_INVALID', `the Rego policy is not a valid WebAssembly module: ${(e as Error).message}`);
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

/** Instantiates the module in a fresh, size-capped memory and returns the OPA result set. */
export async function runRego(policy: CompiledRegoPolicy, input: unknown, maxMemoryBytes: number): Promise<unknown> {
  const opa = await loadOpa();
  const maximum = Math.max(2, Math.floor(maxMemoryBytes / WASM_PAGE));
  let loaded: LoadedPolicy;
  try {
    loaded = await opa.loadPolicy(policy.module, { initial: Math.min(5, maximum), maximum });
  } catch (e) {
    throw new PredicateError('POLICY_INVALID', `could not instantiate the Rego policy module: ${engineMessage(e)}`);
  }
  if (!Object.prototype.hasOwnProperty.call(loaded.entrypoints, REGO_ENTRYPOINT)) {
    throw new PredicateError(
      'POLICY_INVALID',
      `the Rego module has no ${REGO_ENTRYPOINT} entrypoint (has: ${Object.keys(loaded.entrypoints).join(', ') || 'none'}); build it with \`opa build -t wasm -e ${REGO_ENTRYPOINT}\``,
    );
  }
  try {
    if (policy.data) loaded.setData(policy.data);
    return loaded.evaluate(input, REGO_ENTRYPOINT);
  } catch (e) {
    const oom = e instanceof RangeError || /memory|malloc/i.test(engineMessage(e));
    throw new PredicateError(
      'ENGINE_FAILURE',
      oom
        ? `the Rego engine ran out of memory (limit ${maxMemoryBytes} bytes): ${engineMessage(e)}`
        : `the Rego engine failed: ${engineMessage(e)}`,
      { cause: e },
    );
  }
}
