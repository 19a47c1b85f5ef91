// Builds protobuf-JSON TrustedRoot documents from the pieces policy-controller accepts
// (legacy TUF targets, inline sigstoreKeys, a PEM chain) and recomputes log IDs the way
// its reconciler does: from the sha256 of the log's DER public key.
import { encodeBase64, sha256Bytes } from './bytes.ts';
import { TrustRootLoadError } from './errors.ts';
import { isCaCertificate, keyDetailsOf, pemCertificates, pemPublicKey } from './pem.ts';
import { decodeBase64 } from './bytes.ts';

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
/** policy-controller gives converted keys and CAs this validity start. */
export const EPOCH = '1970-01-01T00:00:00Z';

type Json = Record<string, unknown>;

/**
 * The log ID of a DER SPKI: sha256 of the key. policy-controller stores it as the ASCII
 * hex of that digest; we keep the raw digest (what bundles carry in logId.keyId, and
 * what @sigstore/verify matches on). Same identifier, one encoding layer less.
 */
export function logIdOf(spki: Uint8Array): string {
  return encodeBase64(sha256Bytes(spki));
}

/** Replaces every tlog/ctlog logId with the one computed from its public key. */
export function withRecomputedLogIds(doc: Json, where: string): Json {
  const out: Json = { ...doc };
  for (const field of ['tlogs', 'ctlogs'] as const) {
    const logs = doc[field];
    if (logs === undefined || logs === null) continue;
    if (!Array.isArray(logs)) throw new TrustRootLoadError('RESOURCE_INVALID', `${where}: ${field} must be an array`);
    out[field] = logs.map((log: unknown, i) => {
      const raw = (log as { publicKey?: { rawBytes?: unknown } } | null)?.publicKey?.rawBytes;
      if (typeof raw !== 'string') {
        throw new TrustRootLoadError('RESOURCE_INVALID', `${where}: ${field}[${i}].publicKey.rawBytes is required`);
      }
      const spki = decodeBase64(
        raw.replace(/-/g, '+').replace(/_/g, '/'),
        `${where}: ${field}[${i}].publicKey.rawBytes`,
      );
      return { ...(log as Json), logId: { keyId: logIdOf(spki) } };
    });
  }
  return out;
}

function logEntry(spki: Uint8Array, where: string, baseUrl: string | undefined, hashAlgorithm: string): Json {
  const entry: Json = {
    hashAlgorithm,
    publicKey: { rawBytes: encodeBase64(spki), keyDetails: keyDetailsOf(spki, where), validFor: { start: EPOCH } },
    logId: { keyId: logIdOf(spki) },
  };
  if (baseUrl) entry.baseUrl = baseUrl;
  return entry;
}

function authority(certs: Uint8Array[], extra: Json = {}): Json {
  return {
    ...extra,
    certChain: { certificates: certs.map((der) => ({ rawBytes: encodeBase64(der) })) },
    validFor: { start: EPOCH },
  };
}

export type LegacyUsage = 'fulcio' | 'rekor' | 'ctfe' | 'tsa' | 'unknown';

export interface LegacyTarget {
  name: string;
  usage: LegacyUsage;
  bytes: Uint8Array;
}

/** `custom.sigstore.usage` of a TUF target, lower-cased; undefined when absent. */
export function legacyUsage(custom: unknown): LegacyUsage | undefined {
  const usage = (custom as { sigstore?: { usage?: unknown } } | undefined)?.sigstore?.usage;
  if (typeof usage !== 'string') return undefined;
  const u = usage.toLowerCase();
  return u === 'fulcio' || u === 'rekor' || u === 'ctfe' || u === 'tsa' ? u : 'unknown';
}

/**
 * Trust material from pre-trusted_root.json TUF targets (policy-controller's fallback):
 * Fulcio targets → CAs (PEM chains), Rekor → tlogs (ECDSA only), CTFE → ctlogs. TSA
 * and Unknown usages are ignored there, and so here.
 */
export function legacyTrustedRootJson(targets: LegacyTarget[]): Json {
  const sorted = [...targets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const doc: Json = { mediaType: TRUSTED_ROOT_MEDIA_TYPE, tlogs: [], certificateAuthorities: [], ctlogs: [] };
  const decoder = new TextDecoder();
  for (const t of sorted) {
    const where = `TUF target ${t.name} (sigstore.usage ${t.usage})`;
    const pem = decoder.decode(t.bytes);
    if (t.usage === 'fulcio') {
      (doc.certificateAuthorities as Json[]).push(authority(pemCertificates(pem, where)));
    } else if (t.usage === 'rekor') {
      const spki = pemPublicKey(pem, where);
      if (!keyDetailsOf(spki, where).startsWith('PKIX_ECDSA')) {
        throw new TrustRootLoadError(
          'BAD_PEM',
          `${where}: Rekor keys from legacy targets must be ECDSA (as policy-controller requires)`,
        );
      }
      (doc.tlogs as Json[]).push(logEntry(spki, where, undefined, 'SHA2_256'));
    } else if (t.usage === 'ctfe') {
      (doc.ctlogs as Json[]).push(logEntry(pemPublicKey(pem, where), where, undefined, 'SHA2_256'));
    }
  }
  return doc;
}

export interface SigstoreKeysSpec {
  certificateAuthorities?: CertificateAuthoritySpec[];
  tLogs?: TransparencyLogSpec[];
  ctLogs?: TransparencyLogSpec[];
  timestampAuthorities?: CertificateAuthoritySpec[];
}

export interface CertificateAuthoritySpec {
  subject: { organization: string; commonName: string };
  uri: string;
  /** PEM chain, already base64-decoded from the resource. */
  certChain: string;
}

export interface TransparencyLogSpec {
  baseURL: string;
  hashAlgorithm: string;
  /** PEM public key, already base64-decoded from the resource. */
  publicKey: string;
}

const HASH_ALGORITHMS: Record<string, string> = {
  'sha-256': 'SHA2_256',
  sha256: 'SHA2_256',
  'sha-384': 'SHA2_384',
  sha384: 'SHA2_384',
  'sha-512': 'SHA2_512',
  sha512: 'SHA2_512',
};

export function hashAlgorithmName(value: string, where: string): string {
  const name = HASH_ALGORITHMS[value.trim().toLowerCase()];
  if (!name)
    throw new TrustRootLoadError(
      'RESOURCE_INVALID',
      `${where}: unsupported hashAlgorithm ${JSON.stringify(value)} (sha-256, sha-384, sha-512)`,
    );
  return name;
}

/** `spec.sigstoreKeys` → TrustedRoot JSON, as policy-controller's ConvertSigstoreKeys does. */
export function sigstoreKeysTrustedRootJson(keys: SigstoreKeysSpec, where: string): Json {
  const ca = (a: CertificateAuthoritySpec, path: string): Json =>
    authority(pemCertificates(a.certChain, `${path}.certChain`), {
      subject: { organization: a.subject.organization, commonName: a.subject.commonName },
      uri: a.uri,
    });
  const tsa = (a: CertificateAuthoritySpec, path: string): Json => {
    // policy-controller: a TSA chain holds at most one leaf (non-CA) certificate.
    const leaves = pemCertificates(a.certChain, `${path}.certChain`).filter((der) => !isCaCertificate(der)).length;
    if (leaves > 1)
      throw new TrustRootLoadError(
        'RESOURCE_INVALID',
        `${path}.certChain: holds ${leaves} leaf certificates; a TSA chain may hold at most one`,
      );
    return ca(a, path);
  };
  const log = (l: TransparencyLogSpec, path: string): Json =>
    logEntry(
      pemPublicKey(l.publicKey, `${path}.publicKey`),
      `${path}.publicKey`,
      l.baseURL,
      hashAlgorithmName(l.hashAlgorithm, `${path}.hashAlgorithm`),
    );
  return {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: (keys.tLogs ?? []).map((l, i) => log(l, `${where}.tLogs[${i}]`)),
    certificateAuthorities: (keys.certificateAuthorities ?? []).map((a, i) =>
      ca(a, `${where}.certificateAuthorities[${i}]`),
    ),
    ctlogs: (keys.ctLogs ?? []).map((l, i) => log(l, `${where}.ctLogs[${i}]`)),
    timestampAuthorities: (keys.timestampAuthorities ?? []).map((a, i) =>
      tsa(a, `${where}.timestampAuthorities[${i}]`),
    ),
  };
}

/** A copy of `doc` whose certificate authorities are exactly the given PEM chain. */
export function withCertificateChainJson(doc: Json, pemChain: string, where: string): Json {
  return { ...doc, certificateAuthorities: [authority(pemCertificates(pemChain, where))] };
}
