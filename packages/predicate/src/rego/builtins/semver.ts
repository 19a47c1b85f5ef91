// semver.* as OPA defines them (its internal/semver: MAJOR.MINOR.PATCH with optional
// -pre.release and +metadata identifiers of [0-9A-Za-z-]; numeric identifiers sort first).
import type { HostBuiltin } from '../opa-host.ts';
import { isValid, str } from './args.ts';

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
}

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64_MAX = 2n ** 63n - 1n;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

export function parseSemver(text: string): Version {
  const [rest, metadata] = cut(text, '+');
  if (metadata !== '' && !IDENTIFIERS.test(metadata)) throw new SyntaxError(`invalid metadata identifier: ${metadata}`);
  const [core, pre] = cut(rest, '-');
  if (pre !== '' && !IDENTIFIERS.test(pre)) throw new SyntaxError(`invalid pre-release identifier: ${pre}`);
  const parts = core.split('.');
  if (parts.length !== 3) throw new SyntaxError(`${core} should contain major, minor, and patch versions`);
  const [major, minor, patch] = parts.map((p) => {
    // Go's strconv.ParseInt (base 10, 64 bits); the '+'/'-' signs were cut off above.
    if (!/^[0-9]+$/.test(p) || BigInt(p) > INT64_MAX) throw new SyntaxError(`invalid version number ${p}`);
    return BigInt(p);
  }) as [bigint, bigint, bigint];
  return { major, minor, patch, pre };
}

const sign = (a: bigint | number | string, b: typeof a) => (a > b ? 1 : a < b ? -1 : 0);

export function compareSemver(a: Version, b: Version): number {
  const core = sign(a.major, b.major) || sign(a.minor, b.minor) || sign(a.patch, b.patch);
  if (core) return core;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  const as = a.pre.split('.');
  const bs = b.pre.split('.');
  for (let i = 0; ; i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
    const xNum = /^[0-9]+$/.test(x);
    const yNum = /^[0-9]+$/.test(y);
    if (xNum !== yNum) return xNum ? -1 : 1;
    const c = xNum ? sign(BigInt(x), BigInt(y)) : sign(x, y);
    if (c) return c;
  }
}

export const SEMVER_BUILTINS: Record<string, HostBuiltin> = {
  'semver.is_valid': isValid(parseSemver),
  'semver.compare': ([a, b]) => compareSemver(parseSemver(str(a)), parseSemver(str(b))),
};
