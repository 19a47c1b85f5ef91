// Digests, HMACs and text encodings OPA's WebAssembly target leaves to the host.
// Hashes come from @noble/hashes (no node:crypto: this runs in browsers too).
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { parse as parseYAML, stringify as stringifyYAML } from 'yaml';
import type { RegoValue } from '../exact-json.ts';
import { asJSON } from '../rego-compare.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { isValid, obj, str, strings } from './args.ts';

const utf8 = new TextEncoder();
const fromBytes = new TextDecoder();
const bytes = (v: RegoValue | undefined) => utf8.encode(str(v));
type Hash = Parameters<typeof hmac>[0];
const digest =
  (h: Hash): HostBuiltin =>
  ([x]) =>
    bytesToHex(h(bytes(x)));
const mac =
  (h: Hash): HostBuiltin =>
  ([x, key]) =>
    bytesToHex(hmac(h, bytes(key), bytes(x)));

export function base64url(data: Uint8Array): string {
  let bin = '';
  for (const b of data) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's url.QueryUnescape: '+' is a space; a bad escape is an error. */
function queryUnescape(s: string): string {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new URIError(`invalid URL escape "%${hex}"`);
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') out.push(0x20);
    else out.push(...utf8.encode(c));
  }
  return fromBytes.decode(new Uint8Array(out));
}

function yamlValue(text: string): RegoValue {
  // YAML 1.2 core schema as JSON values; OPA (sigs.k8s.io/yaml) also yields JSON values.
  return parseYAML(text, { prettyErrors: false, uniqueKeys: true, intAsBigInt: true }) as RegoValue;
}

export const ENCODING_BUILTINS: Record<string, HostBuiltin> = {
  'crypto.md5': digest(md5),
  'crypto.sha1': digest(sha1),
  'crypto.sha256': digest(sha256),
  'crypto.hmac.md5': mac(md5),
  'crypto.hmac.sha1': mac(sha1),
  'crypto.hmac.sha256': mac(sha256),
  'crypto.hmac.sha512': mac(sha512),
  'crypto.hmac.equal': ([a, b]) => {
    // Constant time in the length of the inputs, as Go's hmac.Equal.
    const x = bytes(a);
    const y = bytes(b);
    let diff = x.length ^ y.length;
    for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
    return diff === 0;
  },
  'hex.encode': ([x]) => bytesToHex(bytes(x)),
  'hex.decode': ([x]) => {
    const s = str(x);
    if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new SyntaxError('invalid hex string');
    return fromBytes.decode(hexToBytes(s.toLowerCase()));
  },
  'base64url.encode_no_pad': ([x]) => base64url(bytes(x)),
  'urlquery.encode': ([x]) => queryEscape(str(x)),
  'urlquery.decode': ([x]) => queryUnescape(str(x)),
  'urlquery.encode_object': ([x]) => {
    const o = obj(x);
    // Go's url.Values.Encode: keys sorted, each value (string, array or set of strings) in order.
    return Object.keys(o)
      .sort()
      .flatMap((k) => strings(o[k], `value of ${k}`).map((v) => `${queryEscape(k)}=${queryEscape(v)}`))
      .join('&');
  },
  'urlquery.decode_object': ([x]) => {
    const out: Record<string, string[]> = {};
    for (const pair of str(x).split(/&/)) {
      if (pair === '') continue;
      if (pair.includes(';')) throw new URIError('invalid semicolon separator in query');
      const eq = pair.indexOf('=');
      const k = queryUnescape(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? '' : queryUnescape(pair.slice(eq + 1));
      (out[k] ??= []).push(v);
    }
    return out;
  },
  'yaml.unmarshal': ([x]) => yamlValue(str(x)),
  'yaml.is_valid': isValid(yamlValue),
  'yaml.marshal': ([x]) => stringifyYAML(asJSON(x ?? null), { sortMapEntries: true }),
};
