// JWT decoding, JSON Schema and UUID parsing for Rego (OPA semantics; errors
// make the call undefined).
import { Validator, type Schema } from '@cfworker/json-schema';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseExactJSON, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { asJSON } from '../rego-compare.ts';
import { intResult, str } from './args.ts';

/** Bytes of base64 or base64url text, padded or not, whitespace ignored. */
export function base64ToBytes(b64: string): Uint8Array {
  const text = b64.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  const bin = atob(text.padEnd(Math.ceil(text.length / 4) * 4, '='));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
const text = new TextDecoder('utf-8', { fatal: true });

/** io.jwt.decode: [header, payload, signature as hex]; a JWT as OPA's decoder reads it (JWS compact form). */
function jwtDecode(token: string): RegoValue {
  const parts = token.split('.');
  if (parts.length !== 3) throw new SyntaxError('encoded JWT had no period separators');
  const [h, p, s] = parts as [string, string, string];
  const header = parseExactJSON(text.decode(base64ToBytes(h)));
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw new SyntaxError('JWT header is not an object');
  if ('enc' in header) throw new SyntaxError('JWT is a JWE object, which is not supported');
  const payload = parseExactJSON(text.decode(base64ToBytes(p)));
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new SyntaxError('JWT payload is not an object');
  return [header, payload, bytesToHex(base64ToBytes(s))];
}

function schemaOf(v: RegoValue | undefined): Schema {
  const s = typeof v === 'string' ? parseExactJSON(v) : asJSON(v ?? null);
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    if (typeof s !== 'boolean') throw new TypeError('schema must be an object or boolean');
  }
  return s as unknown as Schema;
}

/** OPA's json.match_schema: [valid, errors]; errors as {error, type, field, desc}. */
function matchSchema(doc: RegoValue | undefined, schema: RegoValue | undefined): RegoValue {
  const document = typeof doc === 'string' ? parseExactJSON(doc) : asJSON(doc ?? null);
  const result = new Validator(schemaOf(schema), '7', false).validate(document);
  if (result.valid) return [true, []];
  const errors = result.errors
    .filter((e) => e.keyword !== 'properties' && e.keyword !== 'items' && e.keyword !== 'allOf')
    .map((e) => {
      const field = e.instanceLocation.replace(/^#\/?/, '').replace(/\//g, '.') || '(root)';
      return { error: `${field}: ${e.error}`, type: e.keyword, field, desc: e.error };
    });
  return [false, errors];
}

const UUID_VARIANTS = ['Reserved', 'RFC4122', 'Microsoft', 'Future'];

/** The first node byte's local/global and unicast/multicast bits, as OPA names them. */
function macVariables(b: number): string {
  if ((b & 3) === 3) return 'local:multicast';
  if (b & 1) return 'global:multicast';
  return b & 2 ? 'local:unicast' : 'global:unicast';
}

/** 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
const GREGORIAN_TO_UNIX = 122192928000000000n;

/** uuid.parse for the forms Google's uuid.Parse accepts, with what OPA derives for versions 1 and 2. */
function uuidParse(s: string): RegoValue {
  let hex: string;
  if (/^urn:uuid:/i.test(s) && s.length === 45) hex = s.slice(9);
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') hex = s.slice(1, 37);
  else hex = s;
  if (hex.length === 36) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(hex))
      throw new SyntaxError('invalid UUID format');
    hex = hex.replace(/-/g, '');
  } else if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new SyntaxError(`invalid UUID length: ${s.length}`);
  const bytes = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  const version = bytes[6]! >> 4;
  const v = bytes[8]! >> 4;
  const variant = UUID_VARIANTS[(v & 0xc) === 0x8 ? 1 : (v & 0xe) === 0xc ? 2 : (v & 0xe) === 0xe ? 3 : 0]!;
  if (version !== 1 && version !== 2) return { version, variant };
  // Google's uuid.Time (time_low, time_mid, time_hi) and Time.UnixTime, as OPA's internal/uuid reads them.
  const word = (from: number, to: number) => BigInt(`0x${hex.slice(2 * from, 2 * to)}`);
  const ticks = word(0, 4) | (word(4, 6) << 32n) | ((word(6, 8) & 0xfffn) << 48n);
  const since = ticks - GREGORIAN_TO_UNIX;
  const out: Record<string, RegoValue> = {
    version,
    variant,
    time: intResult((since / 10_000_000n) * 1_000_000_000n + (since % 10_000_000n) * 100n),
    nodeid: bytes
      .slice(10)
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('-'),
    macvariables: macVariables(bytes[10]!),
    clocksequence: ((bytes[8]! & 0x3f) << 8) | bytes[9]!,
  };
  if (version === 2) {
    out.id = Number(word(0, 4));
    out.domain = ['Person', 'Group', 'Org'][bytes[9]!] ?? `Domain${bytes[9]}`;
  }
  return out;
}

export const DOCUMENT_BUILTINS: Record<string, HostBuiltin> = {
  'io.jwt.decode': ([t]) => jwtDecode(str(t)),
  'json.match_schema': ([doc, schema]) => matchSchema(doc, schema),
  'json.verify_schema': ([schema]) => {
    try {
      new Validator(schemaOf(schema), '7', false);
      return [true, null];
    } catch (e) {
      return [false, (e as Error).message];
    }
  },
  'uuid.parse': ([s]) => uuidParse(str(s)),
};
