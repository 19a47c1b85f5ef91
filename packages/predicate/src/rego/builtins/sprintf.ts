// sprintf as OPA runs it: Go's fmt.Sprintf over the operands, where integers are int64,
// other numbers float64, strings Go strings, and every other value prints as Rego text
// (`[1, "a"]`, `{"a": 1}`), which is what `%v` shows.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { sortedItems, sortedKeys } from '../rego-compare.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { arr, str } from './args.ts';

/** Rego's text for a value (OPA's ast String()): objects with sorted keys, strings quoted. */
export function regoText(v: RegoValue): string {
  if (v instanceof RegoSet) return v.items.length ? `{${sortedItems(v).map(regoText).join(', ')}}` : 'set()';
  if (Array.isArray(v)) return `[${v.map(regoText).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${sortedKeys(v).map((k) => `${JSON.stringify(k)}: ${regoText(v[k]!)}`).join(', ')}}`;
  }
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/** Go's %v / %g for a float64: shortest digits, exponent form below 1e-4 or from 1e21. */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 21) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return x.toString();
}

type Operand =
  | { kind: 'int'; v: bigint }
  | { kind: 'float'; v: number }
  | { kind: 'string'; v: string }
  | { kind: 'bool'; v: boolean }
  | { kind: 'other'; v: RegoValue };

function operand(v: RegoValue): Operand {
  if (typeof v === 'bigint') return { kind: 'int', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', v: BigInt(v) } : { kind: 'float', v };
  if (typeof v === 'string') return { kind: 'string', v };
  if (typeof v === 'boolean') return { kind: 'bool', v };
  return { kind: 'other', v };
}

const INT64 = 2n ** 63n;
const isInt64 = (v: bigint) => v >= -INT64 && v < INT64;
const GO_TYPE = { int: 'int', float: 'float64', string: 'string', bool: 'ast.Boolean', other: 'ast.Value' } as const;

function plain(o: Operand): string {
  switch (o.kind) {
    case 'int': return o.v.toString();
    case 'float': return goFloat(o.v);
    case 'string': return o.v;
    case 'bool': return String(o.v);
    default: return regoText(o.v);
  }
}

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && /^[+-]?[0-9.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

function verb(c: string, o: Operand, flags: string, prec: number | undefined): string {
  const bad = () => `%!${c}(${GO_TYPE[o.kind]}=${plain(o)})`;
  const signed = (s: string, negative: boolean) => (negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
  switch (c) {
    case 'v': return o.kind === 'int' || o.kind === 'float' ? signed(plain(o).replace(/^-/, ''), plain(o).startsWith('-')) : plain(o);
    case 's':
      if (o.kind === 'string') return prec === undefined ? o.v : [...o.v].slice(0, prec).join('');
      // Integers beyond int64 are Go *big.Int, which prints its digits for %s.
      if (o.kind === 'int' && !isInt64(o.v)) return o.v.toString();
      return o.kind === 'other' ? regoText(o.v) : bad();
    case 'q': return o.kind === 'string' ? JSON.stringify(o.v) : bad();
    case 't': return o.kind === 'bool' ? String(o.v) : bad();
    case 'd': return o.kind === 'int' ? signed((o.v < 0n ? -o.v : o.v).toString(), o.v < 0n) : bad();
    case 'b': case 'o': case 'x': case 'X': {
      if (o.kind === 'int') {
        const base = { b: 2, o: 8, x: 16, X: 16 }[c];
        const digits = (o.v < 0n ? -o.v : o.v).toString(base);
        return signed(c === 'X' ? digits.toUpperCase() : digits, o.v < 0n);
      }
      if (o.kind === 'string' && (c === 'x' || c === 'X')) {
        const hex = Array.from(new TextEncoder().encode(o.v), (b) => b.toString(16).padStart(2, '0')).join('');
        return c === 'X' ? hex.toUpperCase() : hex;
      }
      return bad();
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
      // OPA hands a number to a float verb as a float64, integers included (`%f` of 13 is 13.000000).
      const x = o.kind === 'float' ? o.v : o.kind === 'int' ? Number(o.v) : undefined;
      if (x === undefined) return bad();
      let s: string;
      if (c === 'f' || c === 'F') s = Math.abs(x).toFixed(prec ?? 6);
      else if (c === 'e' || c === 'E') s = Math.abs(x).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      else s = prec === undefined ? goFloat(Math.abs(x)) : Math.abs(x).toPrecision(prec);
      if (c === 'E' || c === 'G') s = s.toUpperCase();
      return signed(s, x < 0);
    }
    default: return `%!${c}(${GO_TYPE[o.kind]}=${plain(o)})`;
  }
}

/** Go's fmt.Sprintf for the verbs Rego policies use; bad verbs print as Go prints them. */
export function goSprintf(format: string, values: RegoValue[]): string {
  const ops = values.map(operand);
  let next = 0;
  let out = '';
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z%])?/g;
  let last = 0;
  let reordered = false;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = '', width, prec, index, c] = m;
    if (c === undefined) {
      out += '%!(NOVERB)';
      continue;
    }
    if (c === '%') {
      out += '%';
      continue;
    }
    // An explicit index %[n]v (1-based) picks an operand without moving the sequence, as OPA's
    // own cases show (`sprintf("%.3[1]f %d %v", [13, "hello!"])` is "13.000 13 hello!").
    if (index !== undefined) reordered = true;
    const o = index !== undefined ? ops[Number(index) - 1] : ops[next++];
    if (!o) {
      out += `%!${c}(MISSING)`;
      continue;
    }
    const text = verb(c, o, flags, prec === undefined ? undefined : Number(prec || 0));
    out += pad(text, width === undefined ? undefined : Number(width), flags);
  }
  out += format.slice(last);
  if (!reordered && next < ops.length) {
    out += `%!(EXTRA ${ops.slice(next).map((o) => `${GO_TYPE[o.kind]}=${plain(o)}`).join(', ')})`;
  }
  return out;
}

export const SPRINTF_BUILTINS: Record<string, HostBuiltin> = {
  sprintf: ([format, values]) => goSprintf(str(format), arr(values)),
};
