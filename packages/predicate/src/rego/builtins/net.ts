// net.* built-ins OPA's WebAssembly target leaves to the host: CIDR parsing and merging for
// IPv4 and IPv6 (bigint address arithmetic), printed as Go's net package prints them.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { intResult, isValid, str, strings } from './args.ts';

interface Net {
  v6: boolean;
  addr: bigint; // network address
  bits: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    // Go refuses leading zeros (ambiguous octal) and values above 255.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const tail = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(`0x${g}`);
  }
  if (tail4 !== undefined) n = (n & ~0xffffffffn) | tail4;
  return n;
}

/** Go's net.ParseIP: an IPv4-mapped IPv6 address is IPv4. */
export function parseIP(s: string): { v6: boolean; addr: bigint } | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { v6: false, addr: v4 };
  const v6 = s.includes(':') ? parseIPv6(s) : undefined;
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, addr: v6 & 0xffffffffn };
  return { v6: true, addr: v6 };
}

/** Go's net.ParseCIDR (network address masked). */
export function parseCIDR(s: string): Net {
  const slash = s.indexOf('/');
  const ip = slash < 0 ? undefined : parseIP(s.slice(0, slash));
  const bitsText = slash < 0 ? '' : s.slice(slash + 1);
  const width = ip && (ip.v6 || s.slice(0, slash).includes(':') ? 128 : 32);
  if (!ip || !/^(0|[1-9][0-9]*)$/.test(bitsText) || Number(bitsText) > (width as number)) {
    throw new SyntaxError(`invalid CIDR address: ${s}`);
  }
  let bits = Number(bitsText);
  // An IPv4-mapped address with an IPv6 prefix length counts its prefix over the IPv4 bits.
  if (!ip.v6 && width === 128) {
    if (bits < 96) throw new SyntaxError(`invalid CIDR address: ${s}`);
    bits -= 96;
  }
  const size = ip.v6 ? 128 : 32;
  return { v6: ip.v6, bits, addr: ip.addr & mask(size, bits) };
}

const mask = (size: number, bits: number) => ((1n << BigInt(size)) - 1n) ^ ((1n << BigInt(size - bits)) - 1n);

export function formatIP(v6: boolean, addr: bigint): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((addr >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952 as Go prints: the longest run (first if tied) of two or more zero groups becomes "::".
  let best = -1,
    bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const formatNet = (n: Net) => `${formatIP(n.v6, n.addr)}/${n.bits}`;

function toNet(s: string): Net {
  if (s.includes('/')) return parseCIDR(s);
  const ip = parseIP(s);
  if (!ip) throw new SyntaxError(`invalid IP address: ${s}`);
  return { ...ip, bits: ip.v6 ? 128 : 32 };
}

/** Smallest set of networks covering exactly the union of the given ones. */
function merge(nets: Net[], size: number): Net[] {
  const span = (n: Net) => [n.addr, n.addr + (1n << BigInt(size - n.bits)) - 1n] as const;
  const ranges = nets.map(span).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const joined: [bigint, bigint][] = [];
  for (const [lo, hi] of ranges) {
    const last = joined[joined.length - 1];
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers only)
    if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
    else joined.push([lo, hi]);
  }
  const out: Net[] = [];
  for (let [lo, hi] of joined) {
    // Cover [lo, hi] with the largest aligned blocks.
    while (lo <= hi) {
      let bits = size;
      while (bits > 0) {
        const block = 1n << BigInt(size - bits + 1);
        if (lo % block !== 0n || lo + block - 1n > hi) break;
        bits--;
      }
      out.push({ v6: size === 128, addr: lo, bits });
      lo += 1n << BigInt(size - bits);
    }
  }
  return out;
}

const MAX_EXPAND = 65536;

/**
 * [key, cidr] pairs of a net.cidr_contains_matches operand: a string, or an array, set or object
 * of strings or of arrays whose first element is the CIDR or address.
 */
function matchOperands(v: RegoValue | undefined): [RegoValue, string][] {
  const cidrOf = (x: RegoValue): string => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && typeof x[0] === 'string') return x[0];
    throw new TypeError('net.cidr_contains_matches: elements must be strings or arrays starting with a string');
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => [intResult(BigInt(i)), cidrOf(x)]);
  if (v instanceof RegoSet) return v.items.map((x) => [x, cidrOf(x)]);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, cidrOf(x)]);
  throw new TypeError('net.cidr_contains_matches: operands must be strings, arrays, sets or objects');
}

/** Whether network `outer` holds the address or whole network `inner` (same family). */
function contains(outer: Net, inner: Net): boolean {
  if (outer.v6 !== inner.v6 || inner.bits < outer.bits) return false;
  const size = outer.v6 ? 128 : 32;
  return (inner.addr & mask(size, outer.bits)) === outer.addr;
}

export const NET_BUILTINS: Record<string, HostBuiltin> = {
  'net.cidr_merge': ([addrs]) => {
    const nets = strings(addrs, 'addresses').map(toNet);
    const v4 = merge(
      nets.filter((n) => !n.v6),
      32,
    );
    const v6 = merge(
      nets.filter((n) => n.v6),
      128,
    );
    return new RegoSet([...v4, ...v6].map(formatNet));
  },
  'net.cidr_contains_matches': ([a, b]) => {
    const outers = matchOperands(a).map(([k, c]) => [k, parseCIDR(c)] as const);
    const inners = matchOperands(b).map(([k, c]) => [k, toNet(c)] as const);
    return new RegoSet(outers.flatMap(([ko, o]) => inners.filter(([, i]) => contains(o, i)).map(([ki]) => [ko, ki])));
  },
  'net.cidr_is_valid': isValid(parseCIDR),
  'net.cidr_expand': ([cidr]) => {
    const n = parseCIDR(str(cidr, 'cidr'));
    const size = n.v6 ? 128 : 32;
    const count = 1n << BigInt(size - n.bits);
    // OPA has no bound; sigguard refuses (undefined) rather than exhaust memory.
    if (count > BigInt(MAX_EXPAND)) {
      throw new RangeError(`net.cidr_expand: ${count} addresses is over sigguard's limit of ${MAX_EXPAND}`);
    }
    return new RegoSet(Array.from({ length: Number(count) }, (_, i) => formatIP(n.v6, n.addr + BigInt(i))));
  },
};
