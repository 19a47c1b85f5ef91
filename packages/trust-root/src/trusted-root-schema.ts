// Strict shape check of a protobuf-JSON TrustedRoot before @sigstore/protobuf-specs
// reads it: the generated fromJSON is lenient (ignores unknown fields, decodes bad
// base64 to garbage, defaults missing keys), and a trust root must fail closed.
import { TrustRootError } from './errors.ts';

export const TRUSTED_ROOT_MEDIA_TYPES: readonly string[] = [
  'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  'application/vnd.dev.sigstore.trustedroot.v0.1+json',
  'application/vnd.dev.sigstore.trustedroot.v0.2+json',
];

// Standard base64 (protobuf-JSON also allows the URL-safe alphabet), padding optional.
const BASE64 = /^(?:[A-Za-z0-9+/\-_]{4})*(?:[A-Za-z0-9+/\-_]{2}(?:==)?|[A-Za-z0-9+/\-_]{3}=?)?$/;
// RFC 3339 as protobuf-JSON writes Timestamps: always UTC offset or Z.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

type Json = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new TrustRootError(`trusted root: ${path} ${what}`);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string, allowed: readonly string[]): Json {
  if (!isObject(v)) fail(path, `must be an object, got ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) fail(`${path}.${k}`, `is not a known field (expected one of: ${allowed.join(', ')})`);
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

function optionalString(o: Json, key: string, path: string): void {
  const v = o[key];
  if (v !== undefined && v !== null && typeof v !== 'string')
    fail(`${path}.${key}`, `must be a string, got ${describe(v)}`);
}

function base64(o: Json, key: string, path: string, required: boolean): void {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) fail(`${path}.${key}`, 'is required');
    return;
  }
  if (typeof v !== 'string') fail(`${path}.${key}`, `must be a base64 string, got ${describe(v)}`);
  if (v.length === 0 && required) fail(`${path}.${key}`, 'must not be empty');
  if (!BASE64.test(v)) fail(`${path}.${key}`, 'is not valid base64');
}

function array(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(path, `must be an array, got ${describe(v)}`);
  return v;
}

function timestamp(v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !RFC3339.test(v)) fail(path, `must be an RFC 3339 timestamp, got ${JSON.stringify(v)}`);
  const t = Date.parse(v);
  if (Number.isNaN(t)) fail(path, `is not a valid date: ${v}`);
  return t;
}

/** validFor: start is required (sigstore-go rejects a log without it), end optional or null, end >= start. */
function timeRange(v: unknown, path: string): void {
  if (v === undefined || v === null) fail(path, 'is required (validity window with at least a start)');
  const o = object(v, path, ['start', 'end']);
  const start = timestamp(o.start, `${path}.start`);
  if (start === undefined)
    fail(`${path}.start`, 'is required: a trust root entry without a validity start is rejected');
  const end = timestamp(o.end, `${path}.end`);
  if (end !== undefined && end < start) fail(`${path}.end`, 'is before start');
}

function logInstance(v: unknown, path: string): void {
  const o = object(v, path, ['baseUrl', 'hashAlgorithm', 'publicKey', 'logId', 'checkpointKeyId', 'operator']);
  optionalString(o, 'baseUrl', path);
  optionalString(o, 'hashAlgorithm', path);
  optionalString(o, 'operator', path);
  const pk = object(o.publicKey, `${path}.publicKey`, ['rawBytes', 'keyDetails', 'validFor']);
  base64(pk, 'rawBytes', `${path}.publicKey`, true);
  if (typeof pk.keyDetails !== 'string') fail(`${path}.publicKey.keyDetails`, 'must be a key type name string');
  timeRange(pk.validFor, `${path}.publicKey.validFor`);
  base64(object(o.logId, `${path}.logId`, ['keyId']), 'keyId', `${path}.logId`, true);
  if (o.checkpointKeyId !== undefined && o.checkpointKeyId !== null) {
    base64(object(o.checkpointKeyId, `${path}.checkpointKeyId`, ['keyId']), 'keyId', `${path}.checkpointKeyId`, true);
  }
}

function certificateAuthority(v: unknown, path: string): void {
  const o = object(v, path, ['subject', 'uri', 'certChain', 'validFor', 'operator']);
  if (o.subject !== undefined && o.subject !== null) {
    const s = object(o.subject, `${path}.subject`, ['organization', 'commonName']);
    optionalString(s, 'organization', `${path}.subject`);
    optionalString(s, 'commonName', `${path}.subject`);
  }
  optionalString(o, 'uri', path);
  optionalString(o, 'operator', path);
  const chain = object(o.certChain, `${path}.certChain`, ['certificates']);
  const certs = array(chain.certificates, `${path}.certChain.certificates`);
  if (certs.length === 0) fail(`${path}.certChain.certificates`, 'must hold at least one certificate');
  certs.forEach((c, i) => {
    const p = `${path}.certChain.certificates[${i}]`;
    base64(object(c, p, ['rawBytes']), 'rawBytes', p, true);
  });
  timeRange(o.validFor, `${path}.validFor`);
}

/** Throws TrustRootError naming the first offending field. */
export function checkTrustedRootShape(doc: unknown): void {
  const o = object(doc, '(document)', [
    'mediaType',
    'tlogs',
    'certificateAuthorities',
    'ctlogs',
    'timestampAuthorities',
  ]);
  if (typeof o.mediaType !== 'string') fail('mediaType', 'is required and must be a string');
  if (!TRUSTED_ROOT_MEDIA_TYPES.includes(o.mediaType)) {
    fail(
      'mediaType',
      `${JSON.stringify(o.mediaType)} is not a supported TrustedRoot media type (${TRUSTED_ROOT_MEDIA_TYPES.join(', ')})`,
    );
  }
  array(o.tlogs, 'tlogs').forEach((t, i) => logInstance(t, `tlogs[${i}]`));
  array(o.ctlogs, 'ctlogs').forEach((t, i) => logInstance(t, `ctlogs[${i}]`));
  array(o.certificateAuthorities, 'certificateAuthorities').forEach((c, i) =>
    certificateAuthority(c, `certificateAuthorities[${i}]`),
  );
  array(o.timestampAuthorities, 'timestampAuthorities').forEach((c, i) =>
    certificateAuthority(c, `timestampAuthorities[${i}]`),
  );
}
