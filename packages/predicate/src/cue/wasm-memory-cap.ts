// A hard ceiling on the linear memory of a WebAssembly module that defines its own memory
// (Go's js/wasm output, which cue-wasm is): the memory section's limits get a maximum, so
// `memory.grow` past it fails inside the module (Go then stops with "out of memory") instead
// of the process growing without bound. Only the limits are rewritten; code and data are not.

const WASM_PAGE = 64 * 1024;
const MEMORY_SECTION = 5;

export class WasmMemoryCapError extends Error {
  override name = 'WasmMemoryCapError';
}

function readU32(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= bytes.length || shift > 28) throw new WasmMemoryCapError('truncated or oversized LEB128 number');
    const byte = bytes[pos++]!;
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value >>> 0, pos];
    shift += 7;
  }
}

function writeU32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export interface CappedModule {
  bytes: Uint8Array;
  /** The module's own initial memory, in bytes. */
  initialBytes: number;
  maximumBytes: number;
}

/** Returns a copy of `module` whose single defined memory may not grow past `maxBytes`. */
export function capDefinedMemory(module: Uint8Array, maxBytes: number): CappedModule {
  if (module.length < 8 || module[0] !== 0 || module[1] !== 0x61 || module[2] !== 0x73 || module[3] !== 0x6d) {
    throw new WasmMemoryCapError('not a WebAssembly binary');
  }
  let pos = 8;
  while (pos < module.length) {
    const id = module[pos]!;
    const [size, bodyStart] = readU32(module, pos + 1);
    const end = bodyStart + size;
    if (end > module.length) throw new WasmMemoryCapError('truncated section');
    if (id === MEMORY_SECTION) {
      const [count, limitsAt] = readU32(module, bodyStart);
      if (count !== 1) throw new WasmMemoryCapError(`expected one defined memory, found ${count}`);
      const flags = module[limitsAt]!;
      if (flags !== 0 && flags !== 1)
        throw new WasmMemoryCapError(`unsupported memory limits (flags ${flags}: shared or 64-bit)`);
      const [initialPages, afterMin] = readU32(module, limitsAt + 1);
      const [declaredMax, afterLimits] = flags === 1 ? readU32(module, afterMin) : [Infinity, afterMin];
      if (afterLimits !== end) throw new WasmMemoryCapError('unexpected bytes after the memory limits');
      const maxPages = Math.min(Math.floor(maxBytes / WASM_PAGE), declaredMax);
      if (maxPages < initialPages) {
        throw new WasmMemoryCapError(
          `a ceiling of ${maxBytes} bytes is below the module's initial memory of ${initialPages * WASM_PAGE} bytes`,
        );
      }
      const body = [...writeU32(1), 1, ...writeU32(initialPages), ...writeU32(maxPages)];
      const header = [MEMORY_SECTION, ...writeU32(body.length)];
      const out = new Uint8Array(module.length - (end - pos) + header.length + body.length);
      out.set(module.subarray(0, pos), 0);
      out.set(header, pos);
      out.set(body, pos + header.length);
      out.set(module.subarray(end), pos + header.length + body.length);
      return { bytes: out, initialBytes: initialPages * WASM_PAGE, maximumBytes: maxPages * WASM_PAGE };
    }
    pos = end;
  }
  throw new WasmMemoryCapError('the module defines no memory (an imported memory is capped by its importer)');
}
