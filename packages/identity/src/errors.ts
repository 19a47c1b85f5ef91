// Typed errors of @sigguard/identity. Every error names what was wrong; callers switch on `code`.

import type { IdentityErrorCode } from '@sigguard/types';
import { SigguardError } from '@sigguard/types/errors';

export type { IdentityErrorCode } from '@sigguard/types';

export class IdentityError extends SigguardError<IdentityErrorCode> {
  constructor(code: IdentityErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'IdentityError';
  }
}

/** A spec (identity, authority) that cannot be used; `field` is a dotted path such as `identities[0].subjectRegExp`. */
export class PolicyInvalidError extends IdentityError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('POLICY_INVALID', message);
    this.name = 'PolicyInvalidError';
    this.field = field;
  }
}

/** A regular expression that Go's regexp (RE2) rejects. The message quotes the pattern. */
export class PatternError extends PolicyInvalidError {
  readonly pattern: string;
  /** The RE2 parser's complaint, e.g. "invalid or unsupported Perl syntax: `(?=`". */
  readonly detail: string;
  constructor(field: string, pattern: string, detail: string) {
    super(field, `${field}: invalid Go (RE2) regular expression ${JSON.stringify(pattern)}: ${detail}`);
    this.name = 'PatternError';
    this.pattern = pattern;
    this.detail = detail;
  }
}

export class CertificateError extends IdentityError {
  constructor(code: 'CERTIFICATE_MALFORMED' | 'CERTIFICATE_EXPECTED', message: string) {
    super(code, message);
    this.name = 'CertificateError';
  }
}

export class PublicKeyError extends IdentityError {
  constructor(code: 'KEY_INVALID' | 'KEY_WEAK' | 'KEY_UNSUPPORTED', message: string) {
    super(code, message);
    this.name = 'PublicKeyError';
  }
}

export class KmsUnavailableError extends IdentityError {
  readonly reference: string;
  constructor(reference: string, scheme: string) {
    super(
      'KMS_UNAVAILABLE',
      `key reference ${JSON.stringify(reference)} uses ${scheme}: KMS keys are not available offline; export the public key (e.g. \`cosign public-key --key ${scheme}...\`) and give it as PEM`,
    );
    this.name = 'KmsUnavailableError';
    this.reference = reference;
  }
}

/** Bad command-line flags: the CLI reports these as usage errors (exit 2). */
export class IdentityUsageError extends IdentityError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'IdentityUsageError';
  }
}

/**
 * A Go/RE2 pattern was compiled synchronously before the RE2 engine was loaded: outside Node, or in Node when
 * re2js cannot be required (a bundle of the Node build without it; the Node entry otherwise loads the engine on the
 * first regexp). `await loadGoRegExpEngine()` first, or use an async API (verifyBundle, verifyImage, loadPolicies),
 * which loads it when a policy has a regexp.
 */
export class RegExpEngineNotLoadedError extends IdentityError {
  /** `loadFailure`: why the Node entry's synchronous load of re2js failed, if it did. */
  constructor(field: string, loadFailure?: unknown) {
    const why = loadFailure === undefined ? '' : ` (${(loadFailure as Error)?.message ?? String(loadFailure)})`;
    super(
      'REGEXP_ENGINE_NOT_LOADED',
      `${field}: the Go (RE2) regexp engine is not loaded yet${why}: await loadGoRegExpEngine() before compiling regexps synchronously`,
      loadFailure === undefined ? undefined : { cause: loadFailure },
    );
    this.name = 'RegExpEngineNotLoadedError';
  }
}
