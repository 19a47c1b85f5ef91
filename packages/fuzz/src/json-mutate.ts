// Structural mutations of parsed JSON documents, and text-level mutations of their encoding.
// Every mutation says what it did, so a failure report reads like a recipe.
import * as fc from 'fast-check';
import type { Rng } from './rng.ts';

export type JsonPath = Array<string | number>;
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Mutation {
  /** Path of the changed value (empty for document-level mutations). */
  path: JsonPath;
  op: string;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function pathString(path: JsonPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(document)';
}

/** Every path in the document, the root included. */
export function allPaths(doc: Json, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (doc !== null && typeof doc === 'object')
    for (const [k, v] of Object.entries(doc)) allPaths(v, [...prefix, k], out);
  return out;
}

export function getAt(doc: Json, path: JsonPath): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[p as never];
  }
  return cur;
}

function setAt(doc: Json, path: JsonPath, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const parent = getAt(doc, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, Json>)[key as string];
  } else (parent as Record<string | number, Json>)[key as never] = value as never;
  return doc;
}

const BASE64 = /^[A-Za-z0-9+/_-]{8,}={0,2}$/;

export function looksBase64(v: unknown): v is string {
  return typeof v === 'string' && v.length % 4 !== 1 && BASE64.test(v);
}

export function decodeBase64Loose(s: string): Uint8Array | undefined {
  const std = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(std) || std.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(std, 'base64'));
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** Random JSON from fast-check, seeded by the case. */
export function randomJson(rng: Rng, maxDepth = 3): Json {
  return fc.sample(fc.jsonValue({ maxDepth }), { seed: rng.fork(), numRuns: 1 })[0] as Json;
}

export function randomString(rng: Rng): string {
  return rng.pick([
    () => '',
    () => fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: rng.fork(), numRuns: 1 })[0]!,
    () => 'A'.repeat(rng.pick([1, 3, 64, 4097, 70_000])),
    () => '\u0000',
    () => '../../etc/passwd',
    () => 'sha256:' + '0'.repeat(64),
    () => 'application/vnd.dev.sigstore.bundle.v0.3+json',
    () => '2026-01-15T12:01:00Z',
    () => '-1',
    () => '18446744073709551616',
    () => '\ud800',
  ])();
}

/** Bytes a decoded base64 field is replaced with. */
function mutateBytes(rng: Rng, bytes: Uint8Array): { bytes: Uint8Array; op: string } {
  const out = new Uint8Array(bytes);
  switch (rng.int(7)) {
    case 0: {
      if (out.length === 0) return { bytes: rng.bytes(1), op: 'bytes: add one byte to empty' };
      const i = rng.int(out.length);
      const bit = 1 << rng.int(8);
      out[i]! ^= bit;
      return { bytes: out, op: `bytes: flip bit ${bit} of byte ${i}/${out.length}` };
    }
    case 1: {
      const n = rng.int(out.length);
      return { bytes: out.subarray(0, n), op: `bytes: truncate to ${n}/${out.length}` };
    }
    case 2: {
      const extra = rng.bytes(rng.range(1, 16));
      return { bytes: new Uint8Array([...out, ...extra]), op: `bytes: append ${extra.length}` };
    }
    case 3:
      return { bytes: new Uint8Array(0), op: 'bytes: empty' };
    case 4: {
      const i = rng.int(out.length + 1);
      return {
        bytes: new Uint8Array([...out.subarray(0, i), rng.u32() & 0xff, ...out.subarray(i)]),
        op: `bytes: insert at ${i}`,
      };
    }
    case 5:
      return { bytes: rng.bytes(out.length), op: `bytes: random ${out.length}` };
    default: {
      const i = rng.int(Math.max(1, out.length));
      if (out.length > 0) out[i] = rng.pick([0x00, 0xff, 0x30, 0x80, 0x7f]);
      return { bytes: out, op: `bytes: set byte ${i} to a DER/boundary value` };
    }
  }
}

/** Re-encodings of the same bytes that protobuf JSON accepts (url-safe alphabet, no padding). */
export function reencodeBase64(rng: Rng, s: string): { value: string; op: string } | undefined {
  const bytes = decodeBase64Loose(s);
  if (!bytes) return undefined;
  const std = b64(bytes);
  switch (rng.int(3)) {
    case 0:
      return { value: std.replace(/=+$/, ''), op: 'base64: drop padding (same bytes)' };
    case 1:
      return { value: std.replace(/\+/g, '-').replace(/\//g, '_'), op: 'base64: url-safe alphabet (same bytes)' };
    default:
      return { value: std, op: 'base64: canonical standard encoding (same bytes)' };
  }
}

function mutateString(rng: Rng, s: string): { value: Json; op: string } {
  if (looksBase64(s) && rng.chance(0.7)) {
    const bytes = decodeBase64Loose(s);
    if (bytes && rng.chance(0.85)) {
      const m = mutateBytes(rng, bytes);
      return { value: b64(m.bytes), op: m.op };
    }
    return rng.chance(0.5)
      ? { value: s.slice(0, rng.int(s.length)) + '!' + s.slice(rng.int(s.length)), op: 'base64: invalid character' }
      : { value: s + '=', op: 'base64: stray padding' };
  }
  switch (rng.int(6)) {
    case 0:
      return { value: s.slice(0, rng.int(s.length + 1)), op: 'string: truncate' };
    case 1: {
      const i = rng.int(Math.max(1, s.length));
      return {
        value: s.slice(0, i) + String.fromCharCode(rng.range(0, 0x2ff)) + s.slice(i + 1),
        op: `string: change char ${i}`,
      };
    }
    case 2:
      return { value: s.toUpperCase() === s ? s.toLowerCase() : s.toUpperCase(), op: 'string: change case' };
    case 3:
      return { value: ` ${s} `, op: 'string: surround with spaces' };
    case 4:
      return { value: Number(s) || rng.int(1000), op: 'string: to number' };
    default:
      return { value: randomString(rng), op: 'string: replace' };
  }
}

function mutateNumber(rng: Rng, n: number): { value: Json; op: string } {
  const v = rng.pick([n + 1, n - 1, 0, -1, 2 ** 53, 1e308, 0.5, -n]);
  return rng.chance(0.2)
    ? { value: String(v), op: `number: to string ${v}` }
    : { value: v, op: `number: ${n} -> ${v}` };
}

/**
 * One structural mutation at a random path (or at `path` when given). Returns the new
 * document (the input is not modified).
 */
export function mutateJson(
  rng: Rng,
  input: Json,
  choosePath?: (paths: JsonPath[]) => JsonPath,
): { doc: Json; mutation: Mutation } {
  const doc = clone(input);
  const paths = allPaths(doc);
  const path = choosePath ? choosePath(paths) : rng.pick(paths);
  const value = getAt(doc, path)!;
  const parent = path.length > 0 ? getAt(doc, path.slice(0, -1)) : undefined;
  const r = rng.int(100);
  let op: string;
  let next: Json | undefined;
  if (r < 12 && path.length > 0) {
    op = 'delete';
    next = undefined;
  } else if (r < 20) {
    op = 'replace with random JSON';
    next = randomJson(rng);
  } else if (r < 26 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const key = rng.pick(['unknownField', '__proto__', 'constructor', 'mediaType', '$case', '']);
    next = { ...value, [key]: randomJson(rng, 1) };
    if (key === '__proto__') Object.defineProperty(next, '__proto__', { value: randomJson(rng, 1), enumerable: true });
    op = `add key ${JSON.stringify(key)}`;
  } else if (r < 34 && Array.isArray(value)) {
    if (value.length > 0 && rng.chance(0.6)) {
      const i = rng.int(value.length);
      next = [...value.slice(0, i + 1), clone(value[i]!), ...value.slice(i + 1)];
      op = `array: duplicate element ${i}`;
    } else {
      next = rng.chance(0.5) ? [] : [...value, randomJson(rng, 1)];
      op = next.length === 0 ? 'array: empty' : 'array: append random';
    }
  } else if (r < 40 && Array.isArray(parent)) {
    next = value !== null && typeof value === 'object' ? [value] : { value };
    op = 'wrap value';
  } else if (typeof value === 'string') {
    ({ value: next, op } = mutateString(rng, value));
  } else if (typeof value === 'number') {
    ({ value: next, op } = mutateNumber(rng, value));
  } else if (typeof value === 'boolean') {
    next = rng.chance(0.5) ? !value : String(value);
    op = 'boolean';
  } else {
    op = 'replace with scalar';
    next = rng.pick([null, 0, '', true, [], {}] as Json[]);
  }
  return { doc: setAt(doc, path, next), mutation: { path, op } };
}

/** JSON text with a layout that does not change the document: indentation, key order. */
export function reformatJson(rng: Rng, doc: Json): { text: string; op: string } {
  const reorder = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(reorder);
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [keys[i], keys[j]] = [keys[j]!, keys[i]!];
      }
      return Object.fromEntries(keys.map((k) => [k, reorder(v[k]!)]));
    }
    return v;
  };
  const indent = rng.pick([0, 1, 2, '\t', '   ']);
  const text = JSON.stringify(rng.chance(0.6) ? reorder(doc) : doc, null, indent);
  return {
    text: rng.chance(0.3) ? `\n ${text}\r\n` : text,
    op: `reformat (indent ${JSON.stringify(indent)}, keys shuffled)`,
  };
}

/** Byte-level damage to serialized JSON. */
export function mutateText(rng: Rng, text: string): { text: string; op: string } {
  const i = rng.int(text.length + 1);
  switch (rng.int(6)) {
    case 0:
      return { text: text.slice(0, i), op: `text: truncate at ${i}` };
    case 1:
      return {
        text: text.slice(0, i) + rng.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'null']) + text.slice(i),
        op: `text: insert at ${i}`,
      };
    case 2:
      return { text: text.slice(0, i) + text.slice(i + 1), op: `text: delete char ${i}` };
    case 3: {
      // A duplicate key: JSON.parse keeps the last one; a strict reader may refuse it.
      const m = /"([A-Za-z]+)":/.exec(text.slice(i));
      if (!m) return { text, op: 'text: no key to duplicate' };
      const at = i + m.index;
      return {
        text: `${text.slice(0, at)}"${m[1]}":null,${text.slice(at)}`,
        op: `text: duplicate key ${m[1]} (first null)`,
      };
    }
    case 4:
      return { text: '['.repeat(rng.pick([100, 5000, 100_000])) + text, op: 'text: deep nesting prefix' };
    default:
      return { text: text.slice(0, i) + '\ufeff' + text.slice(i), op: `text: BOM at ${i}` };
  }
}
