// trusted_root.json (protobuf-JSON TrustedRoot) -> an immutable, checked TrustRoot,
// cached by the sha256 of its canonical JSON so repeated loads cost nothing.
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { depthProblem } from '@sigguard/input-limits';
import { TrustRootError } from './errors.ts';
import { checkTrustedRootShape } from './trusted-root-schema.ts';

export { TrustRootError } from './errors.ts';
export { TRUSTED_ROOT_MEDIA_TYPES } from './trusted-root-schema.ts';
export type { TrustedRoot } from '@sigstore/protobuf-specs';

/** Largest trusted_root.json accepted (the public-good one is ~10 KB). */
export const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

export interface ValidityWindow {
  start: string;
  /** Absent means open-ended. The end is inclusive. */
  end?: string;
}

export interface LogSummary {
  baseUrl: string;
  /** base64 log id (as in bundles' logId.keyId) */
  logId: string;
  keyDetails: string;
  validFor: ValidityWindow;
}

export interface AuthoritySummary {
  subject: string;
  uri: string;
  certificates: number;
  validFor: ValidityWindow;
}

export interface TrustRootSummary {
  name: string;
  digest: string;
  mediaType: string;
  certificateAuthorities: AuthoritySummary[];
  tlogs: LogSummary[];
  ctlogs: LogSummary[];
  timestampAuthorities: AuthoritySummary[];
}

export interface ParseTrustedRootOptions {
  /** Name shown in results: TrustRoot metadata.name, 'public-good', or 'custom' (default). */
  name?: string;
}

/** Immutable, checked trust material. Create with parseTrustedRoot() or publicGoodTrustRoot(). */
export class TrustRoot {
  readonly name: string;
  /** sha256 hex of the canonical (key-sorted) trusted_root.json */
  readonly digest: string;
  readonly trustedRoot: TrustedRoot;
  /** The checked protobuf-JSON document this root was built from (frozen). */
  readonly json: Readonly<Record<string, unknown>>;

  constructor(name: string, digest: string, trustedRoot: TrustedRoot, json: Record<string, unknown>) {
    this.name = name;
    this.digest = digest;
    this.trustedRoot = trustedRoot;
    this.json = deepFreeze(json);
    Object.freeze(this);
  }

  summary(): TrustRootSummary {
    const r = this.trustedRoot;
    return {
      name: this.name,
      digest: this.digest,
      mediaType: r.mediaType,
      certificateAuthorities: r.certificateAuthorities.map(authoritySummary),
      tlogs: r.tlogs.map(logSummary),
      ctlogs: r.ctlogs.map(logSummary),
      timestampAuthorities: r.timestampAuthorities.map(authoritySummary),
    };
  }
}

type LogInstance = TrustedRoot['tlogs'][number];
type Authority = TrustedRoot['certificateAuthorities'][number];
type Range = { start?: Date; end?: Date } | undefined;

function window(v: Range): ValidityWindow {
  const w: ValidityWindow = { start: v?.start?.toISOString() ?? '' };
  if (v?.end) w.end = v.end.toISOString();
  return w;
}

function logSummary(l: LogInstance): LogSummary {
  const details = (l.publicKey?.keyDetails ?? 0) as number;
  return {
    baseUrl: l.baseUrl,
    logId: toBase64(l.logId?.keyId ?? new Uint8Array()),
    keyDetails: PUBLIC_KEY_DETAILS_NAMES[details] ?? String(details),
    validFor: window(l.publicKey?.validFor),
  };
}

function authoritySummary(a: Authority): AuthoritySummary {
  const subject = [a.subject?.organization, a.subject?.commonName].filter(Boolean).join('/');
  return { subject, uri: a.uri, certificates: a.certChain?.certificates.length ?? 0, validFor: window(a.validFor) };
}

// Names from @sigstore/protobuf-specs PublicKeyDetails (kept local: the enum's
// generated name table is not exported).
const PUBLIC_KEY_DETAILS_NAMES: Record<number, string> = {
  1: 'PKCS1_RSA_PKCS1V5',
  2: 'PKCS1_RSA_PSS',
  3: 'PKIX_RSA_PKCS1V5',
  4: 'PKIX_RSA_PSS',
  5: 'PKIX_ECDSA_P256_SHA_256',
  6: 'PKIX_ECDSA_P256_HMAC_SHA_256',
  7: 'PKIX_ED25519',
  8: 'PKIX_ED25519_PH',
  9: 'PKIX_RSA_PKCS1V15_2048_SHA256',
  10: 'PKIX_RSA_PKCS1V15_3072_SHA256',
  11: 'PKIX_RSA_PKCS1V15_4096_SHA256',
  12: 'PKIX_ECDSA_P384_SHA_384',
  13: 'PKIX_ECDSA_P521_SHA_512',
  14: 'LMS_SHA256',
  15: 'LMOTS_SHA256',
  16: 'PKIX_RSA_PSS_2048_SHA256',
  17: 'PKIX_RSA_PSS_3072_SHA256',
  18: 'PKIX_RSA_PSS_4096_SHA256',
  19: 'PKIX_ECDSA_P384_SHA_256',
  20: 'PKIX_ECDSA_P521_SHA_256',
};

function toBase64(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** JSON with object keys sorted at every level: the same root hashes the same however it is formatted. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function decodeInput(input: string | Uint8Array | object): unknown {
  if (input instanceof Uint8Array) {
    if (input.byteLength > MAX_TRUSTED_ROOT_BYTES)
      throw new TrustRootError(
        `trusted root is too large (${input.byteLength} bytes, limit ${MAX_TRUSTED_ROOT_BYTES})`,
      );
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new TrustRootError('trusted root is not valid UTF-8');
    }
    return decodeInput(text);
  }
  if (typeof input === 'string') {
    if (input.length > MAX_TRUSTED_ROOT_BYTES)
      throw new TrustRootError(
        `trusted root is too large (${input.length} characters, limit ${MAX_TRUSTED_ROOT_BYTES})`,
      );
    try {
      return JSON.parse(input);
    } catch (e) {
      throw new TrustRootError(`trusted root is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof input !== 'object' || input === null)
    throw new TrustRootError(
      `trusted root must be JSON text, bytes or an object, got ${input === null ? 'null' : typeof input}`,
    );
  return input;
}

const MAX_CACHED = 64;
const cache = new Map<string, TrustRoot>();

/**
 * Parse and strictly check a protobuf-JSON TrustedRoot. Throws TrustRootError (code
 * TRUST_ROOT) naming the offending field: unknown media type or field, wrong type, bad
 * base64, a log/CA/TSA without validFor.start, end before start.
 */
export function parseTrustedRoot(
  input: string | Uint8Array | object,
  options: ParseTrustedRootOptions = {},
): TrustRoot {
  const doc = decodeInput(input);
  const deep = depthProblem(doc, 'trusted root');
  if (deep) throw new TrustRootError(deep);
  checkTrustedRootShape(doc);
  const canonical = canonicalJson(doc);
  const digest = bytesToHex(sha256(utf8ToBytes(canonical)));
  const name = options.name ?? 'custom';
  const key = `${name}\0${digest}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let trustedRoot: TrustedRoot;
  try {
    trustedRoot = TrustedRoot.fromJSON(doc);
  } catch (e) {
    throw new TrustRootError(`trusted root: ${(e as Error).message}`);
  }
  const root = new TrustRoot(name, digest, trustedRoot, JSON.parse(canonical) as Record<string, unknown>);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, root);
  return root;
}
