// The host side of OPA's WebAssembly ABI (v1.x: https://www.openpolicyagent.org/docs/latest/wasm/).
// sigguard implements it itself instead of through @open-policy-agent/opa-wasm because that SDK
// (1) moves values through JSON.parse/JSON.stringify, rounding int64 nanoseconds beyond 2^53,
// and (2) looks up its own built-ins before custom ones, so its `sprintf` (not OPA's `%v`) and
// `regex.split` (JavaScript, not RE2, syntax) cannot be replaced.
import { parseExactJSON, regoValueText, stringifyExactJSON, type RegoValue } from './exact-json.ts';
import { parseRegoValueText } from './rego-value-text.ts';

export interface BuiltinContext {
  /** The decision's time, for time.now_ns. */
  nowNs: bigint;
}
/** A host built-in: throw for OPA's built-in errors (the call is then undefined); undefined is undefined. */
export type HostBuiltin = (args: RegoValue[], ctx: BuiltinContext) => RegoValue | undefined;

/** A failure of the host itself (not a built-in error): ends the evaluation with an error. */
export class HostFailure extends Error {
  override name = 'HostFailure';
}

interface OpaExports {
  memory: WebAssembly.Memory;
  opa_malloc(size: number): number;
  opa_json_parse(addr: number, len: number): number;
  opa_value_parse(addr: number, len: number): number;
  opa_json_dump(value: number): number;
  opa_value_dump?(value: number): number;
  opa_heap_ptr_get(): number;
  opa_heap_ptr_set(addr: number): void;
  builtins(): number;
  entrypoints(): number;
  opa_eval?(
    reserved: number,
    entrypoint: number,
    data: number,
    input: number,
    inputLen: number,
    heap: number,
    format: number,
  ): number;
  opa_eval_ctx_new(): number;
  opa_eval_ctx_set_input(ctx: number, value: number): void;
  opa_eval_ctx_set_data(ctx: number, value: number): void;
  opa_eval_ctx_set_entrypoint(ctx: number, id: number): void;
  opa_eval_ctx_get_result(ctx: number): number;
  eval(ctx: number): number;
  opa_wasm_abi_version?: WebAssembly.Global;
  opa_wasm_abi_minor_version?: WebAssembly.Global;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Reads the NUL-terminated UTF-8 string at addr. */
function cString(memory: WebAssembly.Memory, addr: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = addr;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return decoder.decode(bytes.subarray(addr, end));
}

/** A policy module instantiated with sigguard's built-ins. */
export class OpaInstance {
  readonly entrypoints: Record<string, number>;
  /** Built-in names the module leaves to the host. */
  readonly hostBuiltins: string[];
  private readonly exports: OpaExports;
  private readonly memory: WebAssembly.Memory;
  private readonly baseHeap: number;
  private dataAddr: number;
  private dataHeap: number;
  private nowNs = 0n;
  private readonly byId: Map<number, HostBuiltin>;

  private constructor(instance: WebAssembly.Instance, memory: WebAssembly.Memory, byId: Map<number, HostBuiltin>) {
    this.byId = byId;
    this.exports = instance.exports as unknown as OpaExports;
    this.memory = memory;
    const version = this.exports.opa_wasm_abi_version?.value as number | undefined;
    if (version !== undefined && version !== 1)
      throw new HostFailure(`unsupported OPA WebAssembly ABI version ${version}`);
    this.entrypoints = this.dumpValue(this.exports.entrypoints()) as Record<string, number>;
    this.hostBuiltins = Object.keys(this.dumpValue(this.exports.builtins()) as object);
    this.dataAddr = this.loadValue({});
    this.baseHeap = this.exports.opa_heap_ptr_get();
    this.dataHeap = this.baseHeap;
  }

  /**
   * Instantiates `module`. `resolve` maps each built-in the module imports to its implementation,
   * or throws to refuse the module (called for every name before any evaluation).
   */
  static async instantiate(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    resolve: (name: string) => HostBuiltin,
  ): Promise<OpaInstance> {
    const byId = new Map<number, HostBuiltin>();
    let self: OpaInstance | undefined;
    const call = (id: number, args: number[]): number => self!.callBuiltin(id, args);
    const env = {
      memory,
      opa_abort: (addr: number) => {
        throw new HostFailure(`opa_abort: ${cString(memory, addr)}`);
      },
      opa_println: (_addr: number) => {}, // print() output is not part of a decision
      opa_builtin0: (id: number, _ctx: number) => call(id, []),
      opa_builtin1: (id: number, _ctx: number, a: number) => call(id, [a]),
      opa_builtin2: (id: number, _ctx: number, a: number, b: number) => call(id, [a, b]),
      opa_builtin3: (id: number, _ctx: number, a: number, b: number, c: number) => call(id, [a, b, c]),
      opa_builtin4: (id: number, _ctx: number, a: number, b: number, c: number, d: number) => call(id, [a, b, c, d]),
    };
    const instance = await WebAssembly.instantiate(module, { env });
    self = new OpaInstance(instance, memory, byId);
    const ids = self.dumpValue(self.exports.builtins()) as Record<string, number>;
    for (const [name, id] of Object.entries(ids)) byId.set(id, resolve(name));
    return self;
  }

  /** The instance's memory now (it only grows). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  setData(data: unknown): void {
    this.exports.opa_heap_ptr_set(this.baseHeap);
    this.dataAddr = this.loadValue(data as RegoValue);
    this.dataHeap = this.exports.opa_heap_ptr_get();
  }

  /**
   * Evaluates an entrypoint; returns OPA's result set as exact JSON values. Everything an evaluation
   * allocates lies above the data heap, which is reset first, so an instance can be evaluated again.
   * `inputJSON`, when given, is the input already written as exact JSON text (`input` is then unused).
   */
  evaluate(input: unknown, entrypoint: string, nowNs: bigint, inputJSON?: string): RegoValue {
    if (!Object.hasOwn(this.entrypoints, entrypoint)) throw new HostFailure(`no entrypoint ${entrypoint}`);
    const id = this.entrypoints[entrypoint] as number;
    this.nowNs = nowNs;
    const e = this.exports;
    const text = inputJSON ?? (input === undefined ? undefined : stringifyExactJSON(input));
    if (e.opa_eval) {
      // ABI 1.2+: input is written straight above the data heap, and the heap starts after it.
      const inputAddr = this.dataHeap;
      const inputLen = text === undefined ? 0 : this.writeText(text, inputAddr);
      const out = e.opa_eval(
        0,
        id,
        this.dataAddr,
        text === undefined ? 0 : inputAddr,
        inputLen,
        inputAddr + inputLen,
        0,
      );
      return parseExactJSON(cString(this.memory, out));
    }
    const inputText = text === undefined ? undefined : encoder.encode(text);
    e.opa_heap_ptr_set(this.dataHeap);
    const inputAddr = inputText ? this.parseText(inputText, false) : 0;
    const ctx = e.opa_eval_ctx_new();
    if (inputAddr) e.opa_eval_ctx_set_input(ctx, inputAddr);
    e.opa_eval_ctx_set_data(ctx, this.dataAddr);
    e.opa_eval_ctx_set_entrypoint(ctx, id);
    e.eval(ctx);
    return this.dumpValue(e.opa_eval_ctx_get_result(ctx));
  }

  /** Writes `text` as UTF-8 at `addr`, growing the memory as needed; returns its length in bytes. */
  private writeText(text: string, addr: number): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: when that fits, encode in place (no copy).
    if (addr + text.length * 3 <= this.memory.buffer.byteLength) {
      return encoder.encodeInto(text, new Uint8Array(this.memory.buffer, addr)).written;
    }
    const bytes = encoder.encode(text);
    const missing = addr + bytes.length - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
    new Uint8Array(this.memory.buffer).set(bytes, addr);
    return bytes.length;
  }

  private callBuiltin(id: number, argAddrs: number[]): number {
    const impl = this.byId.get(id);
    if (!impl) throw new HostFailure(`the module called built-in #${id}, which it did not declare`);
    const args = argAddrs.map((a) => this.dumpOperand(a));
    let result: RegoValue | undefined;
    try {
      result = impl(args, { nowNs: this.nowNs });
    } catch (err) {
      if (err instanceof HostFailure) throw err;
      // OPA (without --strict-builtin-errors) makes a failing built-in call undefined.
      return 0;
    }
    if (result === undefined) return 0;
    const { text, hasSet } = regoValueText(result);
    return this.parseText(encoder.encode(text), hasSet);
  }

  /** A built-in operand with its sets kept (opa_value_dump), where the module exports it. */
  private dumpOperand(addr: number): RegoValue {
    const dump = this.exports.opa_value_dump;
    if (!dump) return this.dumpValue(addr);
    return parseRegoValueText(cString(this.memory, dump(addr)));
  }

  private dumpValue(addr: number): RegoValue {
    return parseExactJSON(cString(this.memory, this.exports.opa_json_dump(addr)));
  }

  private loadValue(value: RegoValue): number {
    return this.parseText(encoder.encode(stringifyExactJSON(value)), false);
  }

  private parseText(bytes: Uint8Array, withSets: boolean): number {
    const addr = this.exports.opa_malloc(bytes.length);
    new Uint8Array(this.memory.buffer).set(bytes, addr);
    const value = withSets
      ? this.exports.opa_value_parse(addr, bytes.length)
      : this.exports.opa_json_parse(addr, bytes.length);
    if (value === 0) throw new HostFailure('the policy module could not parse a value handed to it');
    return value;
  }
}
