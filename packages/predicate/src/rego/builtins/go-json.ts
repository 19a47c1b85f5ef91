// Go's encoding/json Marshal of a Rego value as OPA hands it over (ast.JSON): object keys sorted
// bytewise, sets as sorted arrays, HTML-sensitive characters and U+2028/2029 escaped as \uXXXX.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { sortedItems, sortedKeys } from '../rego-compare.ts';

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function goQuote(s: string): string {
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
  return `{${sortedKeys(v).map((k) => `${goQuote(k)}:${goMarshal(v[k]!)}`).join(',')}}`;
}
