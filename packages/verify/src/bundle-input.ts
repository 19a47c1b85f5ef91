// Bundle JSON -> @sigstore/bundle Bundle, strictly. The generated protobuf-JSON reader
// is lenient (wrong types become defaults, bad base64 decodes to garbage, unknown
// fields vanish), so the document is checked field by field first and every problem
// becomes a MALFORMED_BUNDLE error that names the field.
import {
  bundleFromJSON,
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  type Bundle,
} from '@sigstore/bundle';
import { depthProblem } from '@sigguard/input-limits';
import { BundleVerificationError } from './errors.ts';

/** Default upper bound for a bundle document (DSSE attestations can carry large SBOMs). */
export const DEFAULT_MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

export const SUPPORTED_BUNDLE_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
];

type Shape = 'string' | 'base64' | 'int64' | { object: Record<string, Shape>; oneOf?: string[][] } | { array: Shape };

const BASE64 = /^(?:[A-Za-z0-9+/\-_]{4})*(?:[A-Za-z0-9+/\-_]{2}(?:==)?|[A-Za-z0-9+/\-_]{3}=?)?$/;
const INT64 = /^(?:0|[1-9]\d{0,18})$/;

const LOG_ID: Shape = { object: { keyId: 'base64' } };
const TLOG_ENTRY: Shape = {
  object: {
    logIndex: 'int64',
    logId: LOG_ID,
    kindVersion: { object: { kind: 'string', version: 'string' } },
    integratedTime: 'int64',
    inclusionPromise: { object: { signedEntryTimestamp: 'base64' } },
    inclusionProof: {
      object: {
        logIndex: 'int64',
        rootHash: 'base64',
        treeSize: 'int64',
        hashes: { array: 'base64' },
        checkpoint: { object: { envelope: 'string' } },
      },
    },
    canonicalizedBody: 'base64',
  },
};
const CERT: Shape = { object: { rawBytes: 'base64' } };
const BUNDLE: Shape = {
  object: {
    mediaType: 'string',
    verificationMaterial: {
      object: {
        publicKey: { object: { hint: 'string' } },
        x509CertificateChain: { object: { certificates: { array: CERT } } },
        certificate: CERT,
        tlogEntries: { array: TLOG_ENTRY },
        timestampVerificationData: {
          object: { rfc3161Timestamps: { array: { object: { signedTimestamp: 'base64' } } } },
        },
      },
      oneOf: [['publicKey', 'x509CertificateChain', 'certificate']],
    },
    messageSignature: {
      object: { messageDigest: { object: { algorithm: 'string', digest: 'base64' } }, signature: 'base64' },
    },
    dsseEnvelope: {
      object: {
        payload: 'base64',
        payloadType: 'string',
        signatures: { array: { object: { sig: 'base64', keyid: 'string' } } },
      },
    },
  },
  oneOf: [['messageSignature', 'dsseEnvelope']],
};

function malformed(message: string, cause?: unknown): BundleVerificationError {
  return new BundleVerificationError(
    'MALFORMED_BUNDLE',
    'bundle',
    message,
    cause === undefined ? undefined : { cause },
  );
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

// A path is built only for a container that is descended into, or for an error: building one per field
// (`${path}.${key}`) was a string per field per verification.
function checkShape(v: unknown, shape: Shape, path: string): void {
  if (v === null || v === undefined) return; // protobuf-JSON: null == absent; required fields are checked by @sigstore/bundle
  if (typeof shape === 'string') {
    const problem = leafProblem(v, shape);
    if (problem !== undefined) throw malformed(`${path} ${problem}`);
  } else if ('array' in shape) {
    if (!Array.isArray(v)) throw malformed(`${path} must be an array, got ${typeName(v)}`);
    for (let i = 0; i < v.length; i++) checkField(v[i], shape.array, path, i);
  } else {
    if (typeof v !== 'object' || Array.isArray(v)) throw malformed(`${path} must be an object, got ${typeName(v)}`);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const sub = shape.object[k];
      if (!sub) throw malformed(`${path}.${k} is not a known bundle field`);
      checkField(o[k], sub, path, k);
    }
    for (const group of shape.oneOf ?? NO_GROUPS) {
      let count = 0;
      for (const k of group) if (o[k] !== undefined && o[k] !== null) count++;
      if (count !== 1) {
        const present = group.filter((k) => o[k] !== undefined && o[k] !== null);
        throw malformed(
          `${path} must have exactly one of ${group.join(', ')}${present.length ? ` (found ${present.join(', ')})` : ''}`,
        );
      }
    }
  }
}

const NO_GROUPS: string[][] = [];

/** checkShape of `parent`'s field or element `key`, its path built only when needed. */
function checkField(v: unknown, shape: Shape, parent: string, key: string | number): void {
  if (v === null || v === undefined) return;
  if (typeof shape !== 'string') {
    checkShape(v, shape, pathOf(parent, key));
    return;
  }
  const problem = leafProblem(v, shape);
  if (problem !== undefined) throw malformed(`${pathOf(parent, key)} ${problem}`);
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key}`;

/** Why a leaf value does not have its shape, or undefined. */
function leafProblem(v: unknown, shape: 'string' | 'base64' | 'int64'): string | undefined {
  if (shape === 'string') {
    if (typeof v !== 'string') return `must be a string, got ${typeName(v)}`;
  } else if (shape === 'base64') {
    if (typeof v !== 'string') return `must be a base64 string, got ${typeName(v)}`;
    // Line breaks are tolerated as Go's encoding/base64 (sigstore-go) tolerates them.
    if (!BASE64.test(v.includes('\n') ? v.replace(/\r?\n/g, '') : v)) return 'is not valid base64';
  } else {
    // protobuf-JSON int64: a decimal string or a number; log indexes and times are never negative
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !INT64.test(s)) return `must be a non-negative integer, got ${JSON.stringify(v)}`;
  }
  return undefined;
}

// One decoder for every call (a decode without `stream` keeps no state).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(input: unknown, maxBytes: number): unknown {
  if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes)
      throw malformed(`bundle is too large (${input.byteLength} bytes, limit ${maxBytes})`);
    let text: string;
    try {
      text = strictUtf8.decode(input);
    } catch {
      throw malformed('bundle is not valid UTF-8');
    }
    return decode(text, maxBytes);
  }
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw malformed(`bundle is too large (${input.length} characters, limit ${maxBytes})`);
    try {
      return JSON.parse(input);
    } catch (e) {
      throw malformed(`bundle is not valid JSON: ${(e as Error).message}`);
    }
  }
  return input;
}

// @sigstore/verify dereferences the checkpoint of every inclusion proof: name it here.
function checkInclusionProofs(doc: { verificationMaterial?: { tlogEntries?: unknown[] } }): void {
  const entries: unknown[] = doc.verificationMaterial?.tlogEntries ?? [];
  entries.forEach((e, i) => {
    const proof = (e as { inclusionProof?: { checkpoint?: { envelope?: unknown } } } | null)?.inclusionProof;
    if (proof && !proof.checkpoint?.envelope) {
      throw malformed(
        `bundle.verificationMaterial.tlogEntries[${i}].inclusionProof has no checkpoint: the proof cannot be tied to a signed log root`,
      );
    }
  });
}

/** Parse a bundle given as JSON text, UTF-8 bytes or an already-parsed JSON object. */
export function parseBundle(input: unknown, maxBytes = DEFAULT_MAX_BUNDLE_BYTES): Bundle {
  const doc = decode(input, maxBytes);
  const deep = depthProblem(doc, 'bundle');
  if (deep) throw malformed(deep);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw malformed(`bundle must be a JSON object, got ${typeName(doc)}`);
  }
  const mediaType = (doc as Record<string, unknown>).mediaType;
  if (typeof mediaType !== 'string') throw malformed('bundle mediaType is missing or not a string');
  if (!SUPPORTED_BUNDLE_MEDIA_TYPES.includes(mediaType)) {
    throw malformed(
      `unsupported bundle media type ${JSON.stringify(mediaType)} (supported: ${SUPPORTED_BUNDLE_MEDIA_TYPES.join(', ')})`,
    );
  }
  checkShape(doc, BUNDLE, 'bundle');
  checkInclusionProofs(doc);
  try {
    return bundleFromJSON(doc);
  } catch (e) {
    const fields = (e as { fields?: string[] }).fields;
    throw malformed(`${(e as Error).message}${fields?.length ? `: ${fields.join(', ')}` : ''}`, e);
  }
}

/** Short human description: "v0.3 bundle, message signature, certificate". */
export function describeBundle(b: Bundle): string {
  const version =
    b.mediaType === BUNDLE_V03_MEDIA_TYPE
      ? 'v0.3'
      : (/version=(\d+\.\d+)/.exec(b.mediaType)?.[1] ?? '?').replace(/^/, 'v');
  const content =
    b.content.$case === 'dsseEnvelope' ? `DSSE envelope (${b.content.dsseEnvelope.payloadType})` : 'message signature';
  const vm = b.verificationMaterial.content;
  const key =
    vm.$case === 'publicKey'
      ? `public key (hint ${JSON.stringify(vm.publicKey.hint)})`
      : vm.$case === 'certificate'
        ? 'certificate'
        : 'certificate chain';
  const tlogs = b.verificationMaterial.tlogEntries.length;
  const ts = b.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0;
  return `${version} bundle, ${content}, ${key}, ${tlogs} tlog entr${tlogs === 1 ? 'y' : 'ies'}, ${ts} RFC3161 timestamp${ts === 1 ? '' : 's'}`;
}
