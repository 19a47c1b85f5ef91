// Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"), for time.parse_ns, time.format
// and time.parse_rfc3339_ns, following the rules documented for Go's time.Parse/Time.Format.
import { MONTHS, UTC, WEEKDAYS, daysIn, fields, fixedZone, fromFields, type GoTime, type Zone } from './go-calendar.ts';

type Std =
  | 'LongMonth'
  | 'Month'
  | 'NumMonth'
  | 'ZeroMonth'
  | 'LongWeekDay'
  | 'WeekDay'
  | 'Day'
  | 'UnderDay'
  | 'ZeroDay'
  | 'UnderYearDay'
  | 'ZeroYearDay'
  | 'Hour'
  | 'Hour12'
  | 'ZeroHour12'
  | 'Minute'
  | 'ZeroMinute'
  | 'Second'
  | 'ZeroSecond'
  | 'LongYear'
  | 'Year'
  | 'PM'
  | 'pm'
  | 'TZ'
  | 'ISO8601TZ'
  | 'ISO8601SecondsTZ'
  | 'ISO8601ShortTZ'
  | 'ISO8601ColonTZ'
  | 'ISO8601ColonSecondsTZ'
  | 'NumTZ'
  | 'NumSecondsTz'
  | 'NumShortTZ'
  | 'NumColonTZ'
  | 'NumColonSecondsTZ'
  | 'Frac0'
  | 'Frac9';

interface Chunk {
  literal: string;
  std?: Std;
  digits?: number; // fractional-second digits
  sep?: string; // '.' or ',' before them
}

const TZ_FORMS: [string, Std][] = [
  ['-07:00:00', 'NumColonSecondsTZ'],
  ['-070000', 'NumSecondsTz'],
  ['-07:00', 'NumColonTZ'],
  ['-0700', 'NumTZ'],
  ['-07', 'NumShortTZ'],
  ['Z07:00:00', 'ISO8601ColonSecondsTZ'],
  ['Z070000', 'ISO8601SecondsTZ'],
  ['Z07:00', 'ISO8601ColonTZ'],
  ['Z0700', 'ISO8601TZ'],
  ['Z07', 'ISO8601ShortTZ'],
];

const ZERO_PADDED: Std[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'];

/** Splits a layout into literal text and elements, as Go's layout grammar defines them. */
export function layoutChunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  const push = (std: Std, skip: number, digits?: number) => {
    out.push({ literal: lit, std, ...(digits !== undefined ? { digits } : {}) });
    lit = '';
    return skip;
  };
  for (let i = 0; i < layout.length; ) {
    const rest = layout.slice(i);
    const at = (s: string) => rest.startsWith(s);
    let n = 0;
    if (at('January')) n = push('LongMonth', 7);
    else if (at('Jan')) n = push('Month', 3);
    else if (at('Monday')) n = push('LongWeekDay', 6);
    else if (at('Mon')) n = push('WeekDay', 3);
    else if (at('MST')) n = push('TZ', 3);
    else if (at('002')) n = push('ZeroYearDay', 3);
    else if (/^0[1-6]/.test(rest)) n = push(ZERO_PADDED[Number(rest[1]) - 1]!, 2);
    else if (at('15')) n = push('Hour', 2);
    else if (at('1')) n = push('NumMonth', 1);
    else if (at('2006')) n = push('LongYear', 4);
    else if (at('2')) n = push('Day', 1);
    else if (at('_2006')) {
      lit += '_';
      n = 1 + push('LongYear', 4);
    } else if (at('_2')) n = push('UnderDay', 2);
    else if (at('__2')) n = push('UnderYearDay', 3);
    else if (at('3')) n = push('Hour12', 1);
    else if (at('4')) n = push('Minute', 1);
    else if (at('5')) n = push('Second', 1);
    else if (at('PM')) n = push('PM', 2);
    else if (at('pm')) n = push('pm', 2);
    else if (rest[0] === '-' || rest[0] === 'Z') {
      const tz = TZ_FORMS.find(([form]) => at(form));
      if (tz) n = push(tz[1], tz[0].length);
    } else if ((rest[0] === '.' || rest[0] === ',') && (rest[1] === '0' || rest[1] === '9')) {
      let j = 1;
      while (rest[j] === rest[1]) j++;
      // Only a run of one digit kind not followed by another digit is a fraction.
      if (!/[0-9]/.test(rest[j] ?? '')) {
        n = push(rest[1] === '0' ? 'Frac0' : 'Frac9', j, j - 1);
        out[out.length - 1]!.sep = rest[0];
      }
    }
    if (n === 0) {
      lit += layout[i];
      n = 1;
    }
    i += n;
  }
  if (lit) out.push({ literal: lit });
  return out;
}

const pad = (n: number, width: number, fill = '0') => String(n).padStart(width, fill);

function formatOffset(offset: number, std: Std): string {
  if (std.startsWith('ISO8601') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  const ss = pad(abs % 60, 2);
  const colon = std.includes('Colon');
  if (std.endsWith('ShortTZ')) return sign + hh;
  let s = sign + hh + (colon ? ':' : '') + mm;
  if (std.includes('Seconds')) s += (colon ? ':' : '') + ss;
  return s;
}

/** Go's Time.Format. */
export function formatGo(t: GoTime, layout: string): string {
  const f = fields(t);
  let out = '';
  for (const c of layoutChunks(layout)) {
    out += c.literal;
    if (!c.std) continue;
    const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (c.std) {
      case 'Year':
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case 'LongYear':
        out += pad(f.year, 4);
        break;
      case 'Month':
        out += MONTHS[f.month - 1]!.slice(0, 3);
        break;
      case 'LongMonth':
        out += MONTHS[f.month - 1];
        break;
      case 'NumMonth':
        out += f.month;
        break;
      case 'ZeroMonth':
        out += pad(f.month, 2);
        break;
      case 'WeekDay':
        out += WEEKDAYS[f.weekday]!.slice(0, 3);
        break;
      case 'LongWeekDay':
        out += WEEKDAYS[f.weekday];
        break;
      case 'Day':
        out += f.day;
        break;
      case 'UnderDay':
        out += pad(f.day, 2, ' ');
        break;
      case 'ZeroDay':
        out += pad(f.day, 2);
        break;
      case 'UnderYearDay':
        out += pad(f.yday, 3, ' ');
        break;
      case 'ZeroYearDay':
        out += pad(f.yday, 3);
        break;
      case 'Hour':
        out += pad(f.hour, 2);
        break;
      case 'Hour12':
        out += hour12;
        break;
      case 'ZeroHour12':
        out += pad(hour12, 2);
        break;
      case 'Minute':
        out += f.minute;
        break;
      case 'ZeroMinute':
        out += pad(f.minute, 2);
        break;
      case 'Second':
        out += f.second;
        break;
      case 'ZeroSecond':
        out += pad(f.second, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ':
        // Go prints the tz data's abbreviation ("IST"), which Intl does not give: refuse (undefined).
        if (t.zone.iana) throw new RangeError('the abbreviation of an IANA time zone is not available');
        // A zone without an abbreviation prints its offset (-07 or -0700), as Go does.
        if (t.zone.name) out += t.zone.name;
        else out += formatOffset(f.offset, f.offset % 3600 === 0 ? 'NumShortTZ' : 'NumTZ');
        break;
      case 'Frac0':
      case 'Frac9': {
        const sep = c.sep ?? '.';
        const digits = pad(f.nsec, 9).slice(0, c.digits);
        if (c.std === 'Frac0') out += sep + digits;
        else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed) out += sep + trimmed;
        }
        break;
      }
      default:
        out += formatOffset(f.offset, c.std);
    }
  }
  return out;
}

class ParseError extends Error {}
const bad = (what = 'cannot parse'): never => {
  throw new ParseError(what);
};

function getnum(value: string, fixed: boolean): [number, string] {
  if (!/^[0-9]/.test(value)) bad();
  if (!/^[0-9]{2}/.test(value)) {
    if (fixed) bad();
    return [Number(value[0]), value.slice(1)];
  }
  return [Number(value.slice(0, 2)), value.slice(2)];
}

function lookup(names: string[], value: string): [number, string] {
  for (const [i, name] of names.entries()) {
    const head = value.slice(0, name.length);
    if (head.length === name.length && head.toLowerCase() === name.toLowerCase()) return [i, value.slice(name.length)];
  }
  return bad();
}

/** A layout literal matched against the value: a run of spaces matches one or more spaces. */
function skipLiteral(value: string, literal: string): string {
  let v = value;
  for (let i = 0; i < literal.length; ) {
    if (literal[i] === ' ') {
      if (v.length > 0 && v[0] !== ' ') bad();
      while (literal[i] === ' ') i++;
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v[0] !== literal[i]) bad();
    v = v.slice(1);
    i++;
  }
  return v;
}

/** Length of a zone abbreviation at the start of value (Go's parseTimeZone), or 0. */
function zoneAbbreviationLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const m = /^GMT([+-](\d+))?/.exec(value)!;
    if (!m[1]) return 3;
    const h = Number(m[2]);
    return h === 0 || h > 24 ? 3 : 3 + m[1].length;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-](\d+)/.exec(value);
    if (!m || Number(m[1]) === 0 || Number(m[1]) > 24) return 0;
    return m[0].length;
  }
  let upper = 0;
  while (upper < value.length && value[upper]! >= 'A' && value[upper]! <= 'Z') upper++;
  if (upper === 3) return 3;
  if (upper === 4) return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
  if (upper === 5) return value[4] === 'T' ? 5 : 0;
  return 0;
}

function fraction(value: string, n: number): number {
  if (value[0] !== '.' && value[0] !== ',') bad();
  const digits = value.slice(1, Math.min(n, 10));
  if (!/^[0-9]+$/.test(digits)) bad();
  return Number(digits.padEnd(9, '0'));
}

/** Go's time.Parse (no default location: UTC). Throws for values Go refuses. */
export function parseGo(layout: string, value: string): GoTime {
  const chunks = layoutChunks(layout);
  let year = 0,
    month = -1,
    day = -1,
    yday = -1,
    hour = 0,
    minute = 0,
    second = 0,
    nsec = 0;
  let pm = false,
    am = false;
  let zone: Zone | undefined;
  let offset: number | undefined;
  let zoneName = '';
  let v = value;
  for (const [k, c] of chunks.entries()) {
    v = skipLiteral(v, c.literal);
    if (!c.std) continue;
    switch (c.std) {
      case 'Year': {
        if (!/^[0-9]{2}/.test(v)) bad();
        const y = Number(v.slice(0, 2));
        year = y >= 69 ? 1900 + y : 2000 + y;
        v = v.slice(2);
        break;
      }
      case 'LongYear':
        if (!/^[0-9]{4}/.test(v)) bad();
        year = Number(v.slice(0, 4));
        v = v.slice(4);
        break;
      case 'Month':
        [month, v] = lookup(
          MONTHS.map((m) => m.slice(0, 3)),
          v,
        );
        month++;
        break;
      case 'LongMonth':
        [month, v] = lookup(MONTHS, v);
        month++;
        break;
      case 'NumMonth':
      case 'ZeroMonth':
        [month, v] = getnum(v, c.std === 'ZeroMonth');
        if (month < 1 || month > 12) bad('month out of range');
        break;
      case 'WeekDay':
        [, v] = lookup(
          WEEKDAYS.map((d) => d.slice(0, 3)),
          v,
        );
        break;
      case 'LongWeekDay':
        [, v] = lookup(WEEKDAYS, v);
        break;
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (c.std === 'UnderDay' && v[0] === ' ') v = v.slice(1);
        [day, v] = getnum(v, c.std === 'ZeroDay');
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay': {
        let i = 0;
        if (c.std === 'UnderYearDay') while (i < 2 && v[i] === ' ') i++;
        const m = /^[0-9]+/.exec(v.slice(i));
        const width = 3 - i;
        if (!m || (c.std === 'ZeroYearDay' && m[0].length < 3)) bad();
        const digits = m![0].slice(0, c.std === 'ZeroYearDay' ? 3 : width);
        yday = Number(digits);
        v = v.slice(i + digits.length);
        if (yday < 1 || yday > 366) bad('day-of-year out of range');
        break;
      }
      case 'Hour':
        [hour, v] = getnum(v, false);
        if (hour > 23) bad('hour out of range');
        break;
      case 'Hour12':
      case 'ZeroHour12':
        [hour, v] = getnum(v, c.std === 'ZeroHour12');
        if (hour > 12) bad('hour out of range');
        break;
      case 'Minute':
      case 'ZeroMinute':
        [minute, v] = getnum(v, c.std === 'ZeroMinute');
        if (minute > 59) bad('minute out of range');
        break;
      case 'Second':
      case 'ZeroSecond': {
        [second, v] = getnum(v, c.std === 'ZeroSecond');
        if (second > 59) bad('second out of range');
        // A fraction the layout does not spell out is still read after seconds.
        const next = chunks[k + 1];
        const nextIsFraction = next?.std === 'Frac0' || next?.std === 'Frac9';
        if (/^[.,][0-9]/.test(v) && !nextIsFraction) {
          const n = 1 + /^[0-9]+/.exec(v.slice(1))![0].length;
          nsec = fraction(v, n);
          v = v.slice(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const ap = v.slice(0, 2);
        if (ap === (c.std === 'PM' ? 'PM' : 'pm')) pm = true;
        else if (ap === (c.std === 'PM' ? 'AM' : 'am')) am = true;
        else bad();
        v = v.slice(2);
        break;
      }
      case 'TZ': {
        if (v.startsWith('UTC')) {
          zone = UTC;
          v = v.slice(3);
          break;
        }
        const n = zoneAbbreviationLength(v);
        if (n === 0) bad();
        zoneName = v.slice(0, n);
        v = v.slice(n);
        break;
      }
      case 'Frac0': {
        const n = 1 + c.digits!;
        if (v.length < n) bad();
        nsec = fraction(v, n);
        v = v.slice(n);
        break;
      }
      case 'Frac9': {
        if (!/^[.,][0-9]/.test(v)) break; // fraction omitted
        const n = 1 + /^[0-9]+/.exec(v.slice(1))![0].length;
        nsec = fraction(v, n);
        v = v.slice(n);
        break;
      }
      default: {
        // Numeric zone offsets; the ISO 8601 forms also take "Z" for UTC.
        if (c.std.startsWith('ISO8601') && v[0] === 'Z') {
          zone = UTC;
          v = v.slice(1);
          break;
        }
        const colon = c.std.includes('Colon');
        const re = c.std.endsWith('ShortTZ')
          ? /^([+-])(\d\d)/
          : c.std.includes('Seconds')
            ? colon
              ? /^([+-])(\d\d):(\d\d):(\d\d)/
              : /^([+-])(\d\d)(\d\d)(\d\d)/
            : colon
              ? /^([+-])(\d\d):(\d\d)/
              : /^([+-])(\d\d)(\d\d)/;
        const m = re.exec(v);
        if (!m) bad();
        const [hh, mm, ss] = [Number(m![2]), Number(m![3] ?? 0), Number(m![4] ?? 0)];
        // Go accepts up to 24 hours and 60 minutes/seconds here.
        if (hh > 24 || mm > 60 || ss > 60) bad('time zone offset out of range');
        offset = (m![1] === '-' ? -1 : 1) * (hh * 3600 + mm * 60 + ss);
        v = v.slice(m![0].length);
      }
    }
  }
  if (v.length > 0) bad('extra text');
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    let m = 1;
    let d = yday;
    const leap = daysIn(2, year) === 29;
    if (yday > (leap ? 366 : 365)) bad('day-of-year out of range');
    while (d > daysIn(m, year)) d -= daysIn(m++, year);
    if ((month >= 0 && month !== m) || (day >= 0 && day !== d)) bad('day-of-year does not match month and day');
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) bad('day out of range');
  if (zone) return fromFields(year, month, day, hour, minute, second, nsec, zone);
  if (offset !== undefined) {
    const utc = fromFields(year, month, day, hour, minute, second, nsec, UTC);
    return { ...utc, sec: utc.sec - offset, zone: fixedZone('', offset) };
  }
  if (zoneName) {
    // An abbreviation Go does not know gets offset 0 (GMT+h gets h hours) under its own name.
    const gmt = /^GMT([+-]\d+)$/.exec(zoneName);
    const off = gmt ? Number(gmt[1]) * 3600 : 0;
    const utc = fromFields(year, month, day, hour, minute, second, nsec, UTC);
    return { ...utc, sec: utc.sec - off, zone: fixedZone(zoneName, off) };
  }
  return fromFields(year, month, day, hour, minute, second, nsec, UTC);
}
