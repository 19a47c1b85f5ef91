// Instants as Go's time.Time sees them, for the time.* built-ins: int64 nanoseconds since the
// Unix epoch, shown in a zone (UTC, a fixed offset, or an IANA name through Intl).
export const NS_PER_SECOND = 1_000_000_000n;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface Zone {
  name: string; // abbreviation shown by Go's "MST"
  /** An IANA zone: its abbreviation (Go's tz data) is not known here. */
  iana?: boolean;
  /** Offset east of UTC in seconds at the given UTC second. */
  offsetAt(unixSeconds: number): number;
}

export const UTC: Zone = { name: 'UTC', offsetAt: () => 0 };

export function fixedZone(name: string, offset: number): Zone {
  return { name, offsetAt: () => offset };
}

const zoneCache = new Map<string, Zone>();

/** An IANA zone through Intl (the host's tz database); throws for an unknown name, as Go's LoadLocation. */
export function ianaZone(name: string): Zone {
  const hit = zoneCache.get(name);
  if (hit) return hit;
  let parts: Intl.DateTimeFormat;
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    throw new RangeError(`unknown time zone ${name}`);
  }
  const zone: Zone = {
    name,
    iana: true,
    offsetAt(unixSeconds: number): number {
      const p = Object.fromEntries(parts.formatToParts(new Date(unixSeconds * 1000)).map((x) => [x.type, x.value]));
      let year = Number(p.year);
      if (p.era === 'BC' || p.era === 'B') year = 1 - year;
      const days = daysFromCivil(year, Number(p.month), Number(p.day));
      const local = days * 86400 + Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second);
      return local - unixSeconds;
    },
  };
  zoneCache.set(name, zone);
  return zone;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12; day may overflow). */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Normalise the month into 1..12 first, carrying into the year (as Go's Date does).
  const m0 = month - 1;
  year += Math.floor(m0 / 12);
  month = (((m0 % 12) + 12) % 12) + 1;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + 1 - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + (day - 1);
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** A Go time.Time: an instant (seconds + nanoseconds) in a zone. */
export interface GoTime {
  sec: number; // Unix seconds (floor)
  nsec: number; // 0..999999999
  zone: Zone;
}

export function fromUnixNano(ns: bigint, zone: Zone = UTC): GoTime {
  let sec = ns / NS_PER_SECOND;
  let nsec = ns % NS_PER_SECOND;
  if (nsec < 0n) {
    nsec += NS_PER_SECOND;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec), zone };
}

export function unixNano(t: GoTime): bigint {
  const ns = BigInt(t.sec) * NS_PER_SECOND + BigInt(t.nsec);
  // OPA: "time outside of valid range" beyond int64 nanoseconds.
  if (ns < INT64_MIN || ns > INT64_MAX) throw new RangeError('time outside of valid range');
  return ns;
}

export interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  weekday: number; // 0 = Sunday
  yday: number; // 1..366
  offset: number;
}

export function fields(t: GoTime): Fields {
  const offset = t.zone.offsetAt(t.sec);
  const local = t.sec + offset;
  const days = Math.floor(local / 86400);
  const sod = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    nsec: t.nsec,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset,
  };
}

/** Go's time.Date: wall-clock fields (which may overflow) in a zone, to an instant. */
export function fromFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  nsec: number,
  zone: Zone,
): GoTime {
  const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second + Math.floor(nsec / 1e9);
  // Go picks the offset in force at the wall time; two passes settle zone transitions.
  let offset = zone.offsetAt(local);
  offset = zone.offsetAt(local - offset);
  return { sec: local - offset, nsec: ((nsec % 1e9) + 1e9) % 1e9, zone };
}
