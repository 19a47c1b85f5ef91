// Every error code of every sigguard package, in one place so that one name never means two things.
// A code shared by several packages (USAGE, TIMEOUT, POLICY_INVALID) has one meaning, given here.

/** Codes with one meaning wherever they are raised. */
export type SharedErrorCode =
  | 'USAGE' // the caller's arguments or command-line flags are unusable (the CLI exits 2)
  | 'TIMEOUT' // an operation exceeded its time limit; the message names the operation and the limit
  | 'POLICY_INVALID'; // a ClusterImagePolicy (or a part of it, e.g. an identity or key) fails validation

/** @sigguard/identity */
export type IdentityErrorCode =
  | Extract<SharedErrorCode, 'POLICY_INVALID' | 'USAGE'>
  | 'CERTIFICATE_MALFORMED' // bytes that should be an X.509 certificate do not parse
  | 'CERTIFICATE_EXPECTED' // something else (e.g. a bare public key) where a certificate is required
  | 'KEY_INVALID' // a PEM public key that does not parse
  | 'KEY_WEAK' // a key below the accepted strength (RSA < 2048 bits)
  | 'KEY_UNSUPPORTED' // a parsed key of a type or curve we do not verify
  | 'KMS_UNAVAILABLE' // a KMS reference: needs a network service, refused offline
  | 'REGEXP_ENGINE_NOT_LOADED'; // a regexp compiled before loadGoRegExpEngine() (lazy builds: browsers, workers)

/** @sigguard/oci */
export type OciErrorCode =
  | Extract<SharedErrorCode, 'TIMEOUT'> // a request exceeded its time limit
  | 'REFERENCE_INVALID' // an image reference or digest that does not parse
  | 'NOT_FOUND' // manifest, blob or tag absent (404)
  | 'UNAUTHORIZED' // 401/403 after trying the configured credentials
  | 'TOO_LARGE' // manifest/blob larger than the configured limit
  | 'DIGEST_MISMATCH' // downloaded bytes do not hash to the requested digest
  | 'SIZE_MISMATCH' // a blob's length differs from its descriptor's `size`
  | 'NETWORK' // fetch failed, or the registry kept failing after retries
  | 'REGISTRY' // an unexpected HTTP status or protocol violation
  | 'MANIFEST_INVALID' // a manifest/index that is not valid JSON of the expected shape
  | 'LAYOUT_INVALID' // an OCI image layout directory that is malformed
  | 'EVIDENCE_INVALID' // a signature/attestation object that cannot be read
  | 'CONFIG_INVALID'; // a Docker config.json that is not one (@sigguard/oci/node)

/** @sigguard/policy */
export type PolicyErrorCode =
  | Extract<SharedErrorCode, 'POLICY_INVALID' | 'TIMEOUT'> // TIMEOUT: a verifier call exceeded verifierTimeoutMs
  | 'POLICY_PARSE' // the text is not YAML, or a document is not an object
  | 'GLOB_INVALID' // an images[].glob uses characters policy-controller rejects
  | 'IMAGE_REF_INVALID' // an image reference go-containerregistry would not parse
  | 'EVALUATION'; // evaluation could not run (bad arguments)

/** @sigguard/predicate: why a predicate evaluation reached no verdict (not a policy saying "no"). */
export type PredicateErrorCode =
  | Extract<SharedErrorCode, 'TIMEOUT'> // a helper outside the engines (e.g. `opa build`) took too long
  | 'PAYLOAD_INVALID' // DSSE envelope / statement could not be decoded
  | 'PREDICATE_POLICY_INVALID' // a CUE/Rego policy's text, wasm or bundle is unusable
  | 'POLICY_SOURCE' // policy could not be obtained (url, digest mismatch, configMapRef, file)
  | 'INPUT_TOO_LARGE'
  | 'ENGINE_UNAVAILABLE' // engine failed to load, or no `opa` to compile Rego
  | 'ENGINE_FAILURE' // the engine crashed or ran out of memory while evaluating
  | 'ENGINE_LIMIT' // the engine was stopped at a limit: evaluation time, engine start-up time, or memory
  | 'UNSUPPORTED_POLICY_TYPE';

/** @sigguard/trust-root: one code for every trust problem; the error's `reason` says which. */
export type TrustRootErrorCode = 'TRUST_ROOT';

/** @sigguard/verify: the check that failed. */
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

/** @sigguard/image (verifyImage()/auditSigners()): problems with their arguments, never a verification outcome. */
export type VerifyImageErrorCode =
  | Extract<SharedErrorCode, 'USAGE'>
  | 'DIGEST_REQUIRED' // a tag where an offline check needs a digest
  | 'PLATFORM_NOT_FOUND' // an index without the requested platform
  | 'INPUT_INVALID'; // an input file or text that cannot be read

/** @sigguard/image: failures while verifying, reported in the decision tree. */
export type ImageErrorCode = 'AUTHORITY_CONFIG'; // an authority's trust material or keys cannot be assembled

/** @sigguard/audit: failures while auditing, reported in the audit report. */
export type AuditErrorCode = 'REKOR_ENTRY_INVALID'; // a Rekor log entry that is not a readable signature

export type ErrorCode =
  | SharedErrorCode
  | IdentityErrorCode
  | OciErrorCode
  | PolicyErrorCode
  | PredicateErrorCode
  | TrustRootErrorCode
  | VerifyErrorCode
  | VerifyImageErrorCode
  | ImageErrorCode
  | AuditErrorCode;
