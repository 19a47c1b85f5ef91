// Types only: importing this module adds nothing to a bundle, so every package (including the
// crypto-free policy and oci) shares these contracts. The error base class is `@sigguard/types/errors`.
export type { Check, CheckStatus } from './check.ts';
export type { InTotoStatement, InTotoSubject } from './in-toto.ts';
export type { HashAlgorithm, SigningHashAlgorithm } from './hash-algorithm.ts';
export type { FetchLike } from './fetch.ts';
export type { DecisionCode, PolicyDecisionCode } from './decision-codes.ts';
export type {
  ErrorCode,
  SharedErrorCode,
  IdentityErrorCode,
  OciErrorCode,
  PolicyErrorCode,
  PredicateErrorCode,
  TrustRootErrorCode,
  VerifyErrorCode,
  VerifyImageErrorCode,
  ImageErrorCode,
  AuditErrorCode,
} from './error-codes.ts';
