// time.* built-ins (OPA topdown/time.go semantics): int64 nanoseconds, kept exact as bigint.
import type { RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { intResult, str } from './args.ts';
import {
  INT64_MAX,
  INT64_MIN,
  UTC,
  WEEKDAYS,
  fields,
  fromFields,
  fromUnixNano,
  ianaZone,
  unixNano,
  type GoTime,
} from './go-calendar.ts';
import { formatGo, parseGo } from './go-layout.ts';

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

function nanoseconds(v: RegoValue | undefined): bigint {
  if (typeof v === 'bigint') return v;
  // OPA converts the number exactly to int64; a fraction or overflow is an error.
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new TypeError('timestamp must be an integer number of nanoseconds');
}

/** OPA's tzTime: `ns` or `[ns, tz]` or `[ns, tz, layout]`. */
function tzTime(v: RegoValue | undefined): { t: GoTime; layout: string } {
  let ns: bigint;
  let zone = UTC;
  let layout = '';
  if (Array.isArray(v)) {
    if (v.length === 0) throw new TypeError('either number (ns) or [number (ns), string (tz)]');
    ns = nanoseconds(v[0]);
    if (v.length > 1) {
      const tz = str(v[1], 'time zone');
      // "Local" is the host's zone in OPA; sigguard evaluates as a UTC host would.
      if (tz !== '' && tz !== 'UTC' && tz !== 'Local') zone = ianaZone(tz);
    }
    if (v.length > 2) layout = str(v[2], 'layout');
  } else {
    ns = nanoseconds(v);
  }
  if (ns < INT64_MIN || ns > INT64_MAX) throw new RangeError('timestamp too big');
  return { t: fromUnixNano(ns, zone), layout };
}

const safeNano = (t: GoTime) => intResult(unixNano(t));

/** Go's time.ParseDuration, in int64 nanoseconds. */
export function parseDuration(s: string): bigint {
  const UNITS: Record<string, bigint> = {
    ns: 1n,
    us: 1000n,
    µs: 1000n,
    μs: 1000n,
    ms: 1_000_000n,
    s: 1_000_000_000n,
    m: 60_000_000_000n,
    h: 3_600_000_000_000n,
  };
  const LIMIT = 1n << 63n;
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new SyntaxError(`invalid duration "${s}"`);
  let total = 0n;
  while (rest !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest)!;
    const whole = m[1] ?? '';
    const frac = m[2];
    if (whole === '' && (frac === undefined || frac === '')) throw new SyntaxError(`invalid duration "${s}"`);
    rest = rest.slice(m[0].length);
    const unitMatch = /^[^0-9.]+/.exec(rest);
    if (!unitMatch) throw new SyntaxError(`missing unit in duration "${s}"`);
    const unit = UNITS[unitMatch[0]];
    if (unit === undefined) throw new SyntaxError(`unknown unit "${unitMatch[0]}" in duration "${s}"`);
    rest = rest.slice(unitMatch[0].length);
    const v = whole === '' ? 0n : BigInt(whole);
    if (v > LIMIT / unit) throw new RangeError(`invalid duration "${s}"`);
    let part = v * unit;
    if (frac) {
      // Go keeps at most as many fraction digits as fit an int64 and scales in float64.
      let f = 0n;
      let scale = 1;
      for (const d of frac) {
        if (f > (LIMIT - 1n) / 10n) break;
        f = f * 10n + BigInt(d);
        scale *= 10;
      }
      part += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (part > LIMIT) throw new RangeError(`invalid duration "${s}"`);
    }
    total += part;
    if (total > LIMIT) throw new RangeError(`invalid duration "${s}"`);
  }
  if (total === LIMIT && !neg) throw new RangeError(`invalid duration "${s}"`);
  return neg ? -total : total;
}

/** OPA's time.diff: calendar difference (years … seconds) between two instants. */
function diff(a: RegoValue | undefined, b: RegoValue | undefined): number[] {
  let t1 = tzTime(a).t;
  let t2 = tzTime(b).t;
  t2 = { ...t2, zone: t1.zone };
  if (t1.sec > t2.sec || (t1.sec === t2.sec && t1.nsec > t2.nsec)) [t1, t2] = [t2, t1];
  const f1 = fields(t1);
  const f2 = fields(t2);
  let [year, month, day] = [f2.year - f1.year, f2.month - f1.month, f2.day - f1.day];
  let [hour, min, sec] = [f2.hour - f1.hour, f2.minute - f1.minute, f2.second - f1.second];
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    // Days in t1's month: day 32 of it rolls over by (32 - days in month).
    const rolled = fields(fromFields(f1.year, f1.month, 32, 0, 0, 0, 0, UTC));
    day += 32 - rolled.day;
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

export const TIME_BUILTINS: Record<string, HostBuiltin> = {
  'time.now_ns': (_args, ctx) => intResult(ctx.nowNs),
  'time.parse_ns': ([layout, value]) => safeNano(parseGo(str(layout), str(value))),
  'time.parse_rfc3339_ns': ([value]) => safeNano(parseGo(RFC3339, str(value))),
  'time.parse_duration_ns': ([value]) => intResult(parseDuration(str(value))),
  'time.format': ([x]) => {
    const { t, layout } = tzTime(x);
    return formatGo(t, layout || RFC3339_NANO);
  },
  'time.date': ([x]) => {
    const f = fields(tzTime(x).t);
    return [f.year, f.month, f.day];
  },
  'time.clock': ([x]) => {
    const f = fields(tzTime(x).t);
    return [f.hour, f.minute, f.second];
  },
  'time.weekday': ([x]) => WEEKDAYS[fields(tzTime(x).t).weekday]!,
  'time.add_date': ([x, years, months, days]) => {
    const { t } = tzTime(x);
    const f = fields(t);
    const [y, m, d] = [years, months, days].map((n) => {
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError('years, months and days must be integers');
      return n;
    }) as [number, number, number];
    return safeNano(fromFields(f.year + y, f.month + m, f.day + d, f.hour, f.minute, f.second, f.nsec, t.zone));
  },
  'time.diff': ([a, b]) => diff(a, b),
};
