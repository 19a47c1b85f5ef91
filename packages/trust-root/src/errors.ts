// Errors raised while turning a trust *source* (TUF repository, mirrorFS archive,
// TrustRoot resource, pinned root, PEM chain) into trust material. `code` stays the
// package-wide TRUST_ROOT so callers can treat every trust problem alike; `reason`
// says which kind of problem it was, for tests and for tools that want to branch.

import type { TrustRootErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

export type TrustRootLoadReason =
  | 'NOT_BASE64' // a field that must be base64 is not
  | 'NOT_GZIP' // mirrorFS is not a gzip stream
  | 'BAD_TAR' // mirrorFS is not a readable tar, or holds links/devices
  | 'TAR_PATH' // a tar entry escapes repository/ (absolute path, "..")
  | 'ARCHIVE_TOO_LARGE' // compressed or uncompressed size, or entry count, over the limit
  | 'TUF_MISSING' // a TUF role, root version or target file is not in the repository
  | 'TUF_EXPIRED' // a TUF role expired
  | 'TUF_SIGNATURE' // a TUF role is not signed by enough of its keys
  | 'TUF_TARGET_MISMATCH' // a target's length or hashes differ from targets.json
  | 'TUF_INVALID' // any other TUF verification failure (versions, malformed metadata)
  | 'TUF_FETCH' // network failure reaching the mirror
  | 'ROOT_PIN_MISMATCH' // the initial root.json does not have the pinned sha256
  | 'NO_TRUST_MATERIAL' // the repository holds neither trusted_root.json nor legacy targets
  | 'BAD_PEM' // a PEM certificate chain or public key could not be read
  | 'RESOURCE_INVALID' // a TrustRoot resource failed validation
  | 'UNKNOWN_TRUST_ROOT'; // trustRootRef names no loaded TrustRoot

export class TrustRootLoadError extends SigguardError<TrustRootErrorCode> {
  readonly reason: TrustRootLoadReason;
  override name = 'TrustRootLoadError';
  constructor(reason: TrustRootLoadReason, message: string, options?: { cause?: unknown }) {
    super('TRUST_ROOT', message, options);
    this.reason = reason;
  }
}

/** Any problem with the trust material itself (a trusted_root.json and what it holds). */
export class TrustRootError extends SigguardError<TrustRootErrorCode> {
  override name = 'TrustRootError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('TRUST_ROOT', message, options);
  }
}
