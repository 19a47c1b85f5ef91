// sprintf as OPA 0.70.0 runs it (topdown/strings.go): Go's fmt.Sprintf over operands converted
// as OPA converts them: an integer is a Go int (int64), a larger one a *big.Int, another
// number a float64, a string a Go string, and every other value the Go string of its Rego
// text (`[1, "a"]`, `{"a": 1}`, `true`), which is what `%v` and `%s` then print.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { sortedItems, sortedKeys } from '../rego-compare.ts';
import { arr, str } from './args.ts';

/** Rego's text for a value (OPA's ast String()): sets and object keys sorted, strings quoted. */
export function regoText(v: RegoValue): string {
  if (v instanceof RegoSet) return v.items.length ? `{${sortedItems(v).map(regoText).join(', ')}}` : 'set()';
  if (Array.isArray(v)) return `[${v.map(regoText).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${sortedKeys(v)
      .map((k) => `${JSON.stringify(k)}: ${regoText(v[k]!)}`)
      .join(', ')}}`;
  }
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/** Go's %v (strconv 'g', shortest) for a float64: exponent form below 1e-4 and from 1e6. */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return x.toString();
}

type Operand = { kind: 'int' | 'bigint'; v: bigint } | { kind: 'float'; v: number } | { kind: 'string'; v: string };

const INT64 = 2n ** 63n;

function operand(v: RegoValue): Operand {
  if (typeof v === 'bigint') return v >= -INT64 && v < INT64 ? { kind: 'int', v } : { kind: 'bigint', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', v: BigInt(v) } : { kind: 'float', v };
  if (typeof v === 'string') return { kind: 'string', v };
  return { kind: 'string', v: regoText(v) };
}

const GO_TYPE = { int: 'int', bigint: '*big.Int', float: 'float64', string: 'string' } as const;
const plain = (o: Operand) => (o.kind === 'float' ? goFloat(o.v) : o.v.toString());

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined || [...s].length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - [...s].length);
  if (flags.includes('0') && /^[+-]?[0-9.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return ' '.repeat(width - [...s].length) + s;
}

function verb(c: string, o: Operand, flags: string, prec: number | undefined): string {
  const bad = () => `%!${c}(${GO_TYPE[o.kind]}=${plain(o)})`;
  const sign = (negative: boolean) => (negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '');
  if (o.kind === 'string') {
    const s = prec === undefined ? o.v : [...o.v].slice(0, prec).join('');
    if (c === 'v' || c === 's') return s;
    if (c === 'q') return JSON.stringify(s);
    if (c === 'x' || c === 'X') {
      const hex = Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
      return c === 'X' ? hex.toUpperCase() : hex;
    }
    return bad();
  }
  if (o.kind === 'float') {
    const x = o.v;
    let s: string;
    if (c === 'v' || ((c === 'g' || c === 'G') && prec === undefined)) s = goFloat(Math.abs(x));
    else if (c === 'f' || c === 'F') s = Math.abs(x).toFixed(prec ?? 6);
    else if (c === 'e' || c === 'E')
      s = Math.abs(x)
        .toExponential(prec ?? 6)
        .replace(/e([+-])(\d)$/, 'e$10$2');
    else if (c === 'g' || c === 'G') s = Math.abs(x).toPrecision(prec);
    else return bad();
    if (c === 'E' || c === 'G') s = s.toUpperCase();
    return sign(x < 0) + s;
  }
  // Integers (Go int or *big.Int; *big.Int also formats with %s).
  const base = { v: 10, d: 10, s: o.kind === 'bigint' ? 10 : 0, b: 2, o: 8, x: 16, X: 16 }[c];
  if (!base) return bad();
  const digits = (o.v < 0n ? -o.v : o.v).toString(base);
  return sign(o.v < 0n) + (c === 'X' ? digits.toUpperCase() : digits);
}

/** Go's fmt.Sprintf for the verbs Rego policies use; bad verbs print as Go prints them. */
export function goSprintf(format: string, values: RegoValue[]): string {
  const ops = values.map(operand);
  let next = 0;
  let reordered = false;
  let out = '';
  let last = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z%])?/g;
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
    if (index !== undefined) {
      // Go's explicit argument index %[n]v (1-based): later verbs continue from n+1.
      reordered = true;
      next = Number(index) - 1;
    }
    const o = ops[next++];
    if (!o) {
      out += index !== undefined ? `%!${c}(BADINDEX)` : `%!${c}(MISSING)`;
      continue;
    }
    const text = verb(c, o, flags, prec === undefined ? undefined : Number(prec || 0));
    out += pad(text, width === undefined ? undefined : Number(width), flags);
  }
  out += format.slice(last);
  if (!reordered && next < ops.length) {
    out += `%!(EXTRA ${ops
      .slice(next)
      .map((o) => `${GO_TYPE[o.kind]}=${plain(o)}`)
      .join(', ')})`;
  }
  return out;
}

export const SPRINTF_BUILTINS: Record<string, HostBuiltin> = {
  sprintf: ([format, values]) => goSprintf(str(format), arr(values)),
};
