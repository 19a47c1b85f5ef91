// The signer part of a ClusterImagePolicy authority: `key` XOR `keyless` (XOR `static`), as
// policy-controller validates it. @sigguard/policy calls this; it compiles what it validates, so a
// policy that passes validation is also usable for verification.
import { PolicyInvalidError } from './errors.ts';
import { compileIdentities, type IdentityMatcher } from './matcher.ts';
import type { IdentitySpec } from './identity-spec.ts';
import { refuseKmsReference } from './kms.ts';
import { parsePublicKeys, type AuthorityKey } from './public-key.ts';

export interface KeyRefSpec {
  data?: string;
  kms?: string;
  secretRef?: unknown;
  hashAlgorithm?: string;
}

export interface KeylessSpec {
  url?: string;
  identities?: IdentitySpec[];
  'ca-cert'?: unknown;
  trustRootRef?: string;
  insecureIgnoreSCT?: boolean;
}

export interface AuthoritySignerSpec {
  key?: KeyRefSpec;
  keyless?: KeylessSpec;
  static?: { action?: string };
}

export type CompiledAuthoritySigner =
  | { kind: 'key'; keys: AuthorityKey[] }
  | { kind: 'keyless'; identities: IdentityMatcher }
  | { kind: 'static'; action: 'pass' | 'fail' };

export interface ValidateAuthorityOptions {
  /** Path prefix for errors, e.g. `spec.authorities[0]`. Default `authority`. */
  field?: string;
  /** Accept RSA keys below 2048 bits (see parsePublicKey). */
  allowWeakRSA?: boolean;
}

const KEY_FIELDS = new Set(['data', 'kms', 'secretRef', 'hashAlgorithm']);
const KEYLESS_FIELDS = new Set(['url', 'identities', 'ca-cert', 'trustRootRef', 'insecureIgnoreSCT']);

/**
 * Validate and compile the signer part of an authority. Throws PolicyInvalidError (POLICY_INVALID) when
 * key and keyless (or static) are combined or none is given, PublicKeyError for a bad key,
 * KmsUnavailableError for a KMS reference, PatternError for a regexp RE2 rejects.
 * Other authority fields (name, source, ctlog, attestations, …) are @sigguard/policy's business.
 */
export function validateAuthoritySigner(
  authority: AuthoritySignerSpec,
  opts: ValidateAuthorityOptions = {},
): CompiledAuthoritySigner {
  const field = opts.field ?? 'authority';
  if (authority === null || typeof authority !== 'object')
    throw new PolicyInvalidError(field, `${field}: must be an object`);
  const present = (['key', 'keyless', 'static'] as const).filter(
    (k) => authority[k] !== undefined && authority[k] !== null,
  );
  if (present.length !== 1) {
    const got = present.length === 0 ? 'neither' : 'both';
    throw new PolicyInvalidError(
      field,
      `${field}: expected exactly one, got ${got}: ${field}.key, ${field}.keyless, ${field}.static`,
    );
  }
  // Dispatch on what is present, not on truthiness: `key: ""` is a key that is not an object.
  if (present[0] === 'key') {
    return { kind: 'key', keys: compileKeyRef(authority.key as KeyRefSpec, `${field}.key`, opts) };
  }
  if (present[0] === 'keyless') {
    return { kind: 'keyless', identities: compileKeyless(authority.keyless as KeylessSpec, `${field}.keyless`) };
  }
  const action = authority.static?.action;
  if (action !== 'pass' && action !== 'fail') {
    throw new PolicyInvalidError(
      `${field}.static.action`,
      `${field}.static.action: must be "pass" or "fail", got ${JSON.stringify(action)}`,
    );
  }
  return { kind: 'static', action };
}

function compileKeyRef(key: KeyRefSpec, field: string, opts: ValidateAuthorityOptions): AuthorityKey[] {
  rejectUnknown(key, KEY_FIELDS, field);
  // null and '' are "not given", as for the Go types policy-controller decodes into.
  const given = (k: 'data' | 'kms' | 'secretRef') => key[k] !== undefined && key[k] !== null && key[k] !== '';
  const sources = (['data', 'kms', 'secretRef'] as const).filter(given);
  if (sources.length !== 1) {
    throw new PolicyInvalidError(
      field,
      `${field}: expected exactly one, got ${sources.length === 0 ? 'neither' : 'both'}: ${field}.data, ${field}.kms, ${field}.secretRef`,
    );
  }
  if (given('kms')) {
    refuseKmsReference(key.kms as string);
    throw new PolicyInvalidError(
      `${field}.kms`,
      `${field}.kms: ${JSON.stringify(key.kms)} is not a recognised KMS reference`,
    );
  }
  if (given('secretRef')) {
    throw new PolicyInvalidError(
      `${field}.secretRef`,
      `${field}.secretRef: Kubernetes secrets are not available offline; put the PEM public key in ${field}.data`,
    );
  }
  if (typeof key.data !== 'string')
    throw new PolicyInvalidError(`${field}.data`, `${field}.data: must be a PEM string`);
  const keyOpts = {
    allowWeakRSA: opts.allowWeakRSA === true,
    ...(key.hashAlgorithm !== undefined ? { hashAlgorithm: key.hashAlgorithm } : {}),
  };
  return parsePublicKeys(key.data, keyOpts);
}

function compileKeyless(keyless: KeylessSpec, field: string): IdentityMatcher {
  rejectUnknown(keyless, KEYLESS_FIELDS, field);
  if (!Array.isArray(keyless.identities) || keyless.identities.length === 0) {
    throw new PolicyInvalidError(`${field}.identities`, `${field}.identities: at least one identity is required`);
  }
  return compileIdentities(keyless.identities, { exactlyOne: true, field: `${field}.identities` });
}

function rejectUnknown(obj: object, known: Set<string>, field: string): void {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw new PolicyInvalidError(field, `${field}: must be an object`);
  for (const k of Object.keys(obj)) {
    if (!known.has(k))
      throw new PolicyInvalidError(
        `${field}.${k}`,
        `${field}: unknown field ${JSON.stringify(k)} (known: ${[...known].join(', ')})`,
      );
  }
}
