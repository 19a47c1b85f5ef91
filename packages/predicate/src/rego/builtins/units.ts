// units.parse and units.parse_bytes (OPA topdown/parse_units.go, parse_bytes.go), in exact
// decimal arithmetic: "1.5k" is exactly 1500.
import type { HostBuiltin } from '../opa-host.ts';
import { intResult, str } from './args.ts';

const SI: Record<string, [bigint, bigint]> = {
  // [numerator, denominator]
  '': [1n, 1n],
  m: [1n, 1000n],
  k: [1000n, 1n],
  K: [1000n, 1n],
  M: [10n ** 6n, 1n],
  G: [10n ** 9n, 1n],
  T: [10n ** 12n, 1n],
  P: [10n ** 15n, 1n],
  E: [10n ** 18n, 1n],
  ki: [1024n, 1n],
  Ki: [1024n, 1n],
  Mi: [1024n ** 2n, 1n],
  Gi: [1024n ** 3n, 1n],
  Ti: [1024n ** 4n, 1n],
  Pi: [1024n ** 5n, 1n],
  Ei: [1024n ** 6n, 1n],
};

const BYTES: Record<string, bigint> = {
  '': 1n,
  kb: 1000n,
  k: 1000n,
  kib: 1024n,
  ki: 1024n,
  mb: 10n ** 6n,
  m: 10n ** 6n,
  mib: 1024n ** 2n,
  mi: 1024n ** 2n,
  gb: 10n ** 9n,
  g: 10n ** 9n,
  gib: 1024n ** 3n,
  gi: 1024n ** 3n,
  tb: 10n ** 12n,
  t: 10n ** 12n,
  tib: 1024n ** 4n,
  ti: 1024n ** 4n,
  pb: 10n ** 15n,
  p: 10n ** 15n,
  pib: 1024n ** 5n,
  pi: 1024n ** 5n,
  eb: 10n ** 18n,
  e: 10n ** 18n,
  eib: 1024n ** 6n,
  ei: 1024n ** 6n,
};

/** Splits "1.5Ki" into an exact decimal (digits / 10^scale) and its unit; quotes and spaces are dropped. */
function split(raw: string): { num: bigint; scale: bigint; unit: string } {
  const s = raw.replace(/["\s]/g, '');
  const m = /^([0-9]*\.?[0-9]*)(.*)$/.exec(s)!;
  const number = m[1]!;
  if (number === '' || number === '.') throw new SyntaxError('no amount provided');
  const [whole, frac = ''] = number.split('.');
  return { num: BigInt((whole || '0') + frac), scale: 10n ** BigInt(frac.length), unit: m[2]! };
}

export const UNITS_BUILTINS: Record<string, HostBuiltin> = {
  'units.parse': ([x]) => {
    const { num, scale, unit } = split(str(x));
    const factor = SI[unit];
    if (!factor) throw new SyntaxError(`unknown unit ${unit}`);
    const numerator = num * factor[0];
    const denominator = scale * factor[1];
    if (numerator % denominator === 0n) return intResult(numerator / denominator);
    return Number(numerator) / Number(denominator);
  },
  'units.parse_bytes': ([x]) => {
    const { num, scale, unit } = split(str(x).toLowerCase());
    const factor = BYTES[unit];
    if (factor === undefined) throw new SyntaxError(`unknown unit ${unit}`);
    // Whole bytes: a fraction of a byte is dropped.
    return intResult((num * factor) / scale);
  },
};
