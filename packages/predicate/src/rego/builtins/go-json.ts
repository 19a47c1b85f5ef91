// Go's encoding/json Marshal of a Rego value as OPA hands it over (ast.JSON): object keys sorted
// bytewise, sets as sorted arrays, HTML-sensitive characters and U+2028/2029 escaped as \uXXXX.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { sortedItems, sortedKeys } from '../rego-compare.ts';
import { obj } from './args.ts';

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function goQuote(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Go escapes U+0000-U+001F, so the class names them
  return `"${s.replace(/["\\\u0000-\u001f<>&\u2028\u2029]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** Compact JSON text as Go's json.Marshal writes it. */
export function goMarshal(v: RegoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError('json: unsupported value');
    return String(v);
  }
  if (typeof v === 'string') return goQuote(v);
  if (v instanceof RegoSet) return `[${sortedItems(v).map(goMarshal).join(',')}]`;
  if (Array.isArray(v)) return `[${v.map(goMarshal).join(',')}]`;
  return `{${sortedKeys(v)
    .map((k) => `${goQuote(k)}:${goMarshal(v[k]!)}`)
    .join(',')}}`;
}

/** Go's json.MarshalIndent (the first line is not prefixed; empty arrays and objects stay `[]`, `{}`). */
export function goMarshalIndent(v: RegoValue, prefix: string, indent: string, depth = 0): string {
  const items: string[] | undefined =
    v instanceof RegoSet
      ? sortedItems(v).map((x) => goMarshalIndent(x, prefix, indent, depth + 1))
      : Array.isArray(v)
        ? v.map((x) => goMarshalIndent(x, prefix, indent, depth + 1))
        : v !== null && typeof v === 'object'
          ? sortedKeys(v).map((k) => `${goQuote(k)}: ${goMarshalIndent(v[k]!, prefix, indent, depth + 1)}`)
          : undefined;
  if (items === undefined) return goMarshal(v);
  const [open, close] = Array.isArray(v) || v instanceof RegoSet ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return `${open}${close}`;
  const line = (d: number) => `\n${prefix}${indent.repeat(d)}`;
  return `${open}${items.map((x) => `${line(depth + 1)}${x}`).join(',')}${line(depth)}${close}`;
}

/** json.marshal_with_options (OPA topdown/encoding.go): pretty, prefix, indent (default a tab). */
export function marshalWithOptions(v: RegoValue, opts: Record<string, RegoValue>): string {
  let [prefix, indent, implicit, pretty] = ['', '\t', false, undefined as boolean | undefined];
  for (const [k, o] of Object.entries(opts)) {
    if (k === 'prefix' || k === 'indent') {
      if (typeof o !== 'string') throw new TypeError(`key ${k} failed cast to string`);
      if (k === 'prefix') prefix = o;
      else indent = o;
      implicit = true;
    } else if (k === 'pretty') {
      if (typeof o !== 'boolean') throw new TypeError('key pretty failed cast to bool');
      pretty = o;
    } else throw new TypeError(`object contained unknown key ${k}`);
  }
  return (pretty ?? implicit) ? prefix + goMarshalIndent(v, prefix, indent) : goMarshal(v);
}

export const GO_JSON_BUILTINS: Record<string, HostBuiltin> = {
  'json.marshal_with_options': ([v, opts]) => marshalWithOptions(v ?? null, obj(opts, 'options')),
};
