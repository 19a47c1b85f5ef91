// Machine-readable reasons in decision trees (docs/decisions.md, "Codes"). A node carries either
// a code the policy evaluation itself decided, or an error code passed through from the package
// that failed. Codes from an embedder's own verifier are passed through as given, hence the open end.
import type { ErrorCode } from './error-codes.ts';

/** Codes @sigguard/policy decides itself (one row each in docs/decisions.md). */
export type PolicyDecisionCode =
  | 'NO_AUTHORITY_PASSED' // no authority of a policy passed
  | 'TOO_FEW_AUTHORITIES' // fewer than sigguard.dev/required-authorities passed
  | 'TOO_FEW_SIGNERS' // enough authorities, too few distinct signers
  | 'NO_AUTHORITIES' // the policy has no authorities
  | 'POLICY_FAILED' // the CIP-level or an attestation policy did not pass
  | 'ATTESTATION_FAILED' // a required attestation failed without a code of its own
  | 'RESOURCE_MISSING' // include* set but no resource given
  | 'CONFIG_UNAVAILABLE' // fetchConfigFile set but configs unavailable
  | 'POLICY_UNUSABLE' // a hand-built policy (or its glob) could not be evaluated
  | 'INTERNAL' // an unexpected error while evaluating
  | 'STATIC_FAIL' // static: fail
  | 'NO_SIGNATURES' // the verifier found no signatures
  | 'NO_MATCHING_SIGNATURES' // signatures found, none verified
  | 'UNVERIFIED' // the verifier did not report the evidence verified
  | 'NO_MATCHING_ATTESTATIONS' // no verified attestation (of the required type)
  | 'UNSUPPORTED' // e.g. bundle format with a key authority
  | 'VERIFIER_ERROR' // the verifier threw without a code
  | 'TIMEOUT'; // a verifier or policy call exceeded its time limit

/**
 * The code of a decision node or check. `(string & {})` admits codes of verifiers that are not
 * sigguard's (the EvidenceVerifier seam is open) while editors still offer the known ones.
 */
export type DecisionCode = PolicyDecisionCode | ErrorCode | (string & {});
