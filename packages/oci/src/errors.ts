/** Every failure of this package carries one of these codes. */
export type OciErrorCode =
  | 'REFERENCE_INVALID' // an image reference or digest that does not parse
  | 'NOT_FOUND' // manifest, blob or tag absent (404)
  | 'UNAUTHORIZED' // 401/403 after trying the configured credentials
  | 'TOO_LARGE' // manifest/blob larger than the configured limit
  | 'DIGEST_MISMATCH' // downloaded bytes do not hash to the requested digest
  | 'SIZE_MISMATCH' // a blob's length differs from its descriptor's `size`
  | 'TIMEOUT' // a request exceeded its time limit
  | 'NETWORK' // fetch failed, or the registry kept failing after retries
  | 'REGISTRY' // an unexpected HTTP status or protocol violation
  | 'MANIFEST_INVALID' // a manifest/index that is not valid JSON of the expected shape
  | 'LAYOUT_INVALID' // an OCI image layout directory that is malformed
  | 'EVIDENCE_INVALID' // a signature/attestation object that cannot be read
  | 'CONFIG_INVALID'; // a Docker config.json that is not one (@sigguard/oci/node)

export class OciError extends Error {
  override name = 'OciError';
  readonly code: OciErrorCode;
  constructor(code: OciErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
