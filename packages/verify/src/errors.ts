// Typed verification errors: `code` names the check that failed.

export type VerifyErrorCode =
  | 'MALFORMED_BUNDLE' // bundle is not valid JSON / not a Sigstore bundle / unsupported shape
  | 'INVALID_OPTIONS' // the caller's options are unusable (no artifact, no identity or key, bad digest)
  | 'TRUST_ROOT' // trust material cannot be used
  | 'TIMESTAMP' // RFC3161 or transparency-log time missing or invalid
  | 'CERTIFICATE_CHAIN' // signing certificate does not chain to a trusted CA at signing time
  | 'SCT' // embedded certificate-transparency proof missing or invalid
  | 'PUBLIC_KEY' // key-signed bundle without a matching trusted key (or key-type mismatch)
  | 'TLOG' // transparency log entry, SET, inclusion proof or checkpoint invalid
  | 'SIGNATURE' // signature does not verify over the artifact / envelope
  | 'ARTIFACT_DIGEST' // artifact (or digest) does not match the bundle / in-toto subject
  | 'IDENTITY'; // signer identity does not match what the caller requires

/** A failed verification. The `check` is the name of the Check that failed. */
export class BundleVerificationError extends Error {
  readonly code: VerifyErrorCode;
  readonly check: string;
  constructor(code: VerifyErrorCode, check: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BundleVerificationError';
    this.code = code;
    this.check = check;
  }
}

/** Usage errors (exit 2 in the CLI) as opposed to "not verified" (exit 1). */
export function isInputError(code: VerifyErrorCode): boolean {
  return code === 'MALFORMED_BUNDLE' || code === 'INVALID_OPTIONS' || code === 'TRUST_ROOT';
}
