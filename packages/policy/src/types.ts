// The typed, defaulted form of ClusterImagePolicy and TrustRoot documents
// (policy.sigstore.dev v1alpha1/v1beta1; both versions have identical fields).

export type PolicyMode = 'enforce' | 'warn';
import type { HashAlgorithm } from '@sigguard/types';
export type { HashAlgorithm } from '@sigguard/types';
export type NoMatchPolicy = 'deny' | 'warn' | 'allow';

export interface ObjectMeta {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface SecretRef {
  name: string;
  namespace?: string;
}

/** `key` of an authority (and `keyless.ca-cert`): exactly one of data / kms / secretRef. */
export interface KeyRef {
  /** PEM public key (or, for ca-cert, PEM certificates). */
  data?: string;
  /** awskms:// azurekms:// hashivault:// gcpkms:// reference (never fetched by sigguard). */
  kms?: string;
  secretRef?: SecretRef;
  hashAlgorithm: HashAlgorithm;
}

/** One accepted signer identity; exact values or Go RE2 regexps (unanchored). */
export interface IdentityMatch {
  issuer?: string;
  issuerRegExp?: string;
  subject?: string;
  subjectRegExp?: string;
}

export interface KeylessRef {
  /** Defaulted to https://fulcio.sigstore.dev when neither url nor caCert is given. */
  url?: string;
  /** `ca-cert` in YAML. */
  caCert?: KeyRef;
  identities: IdentityMatch[];
  trustRootRef?: string;
  insecureIgnoreSCT: boolean;
}

export interface StaticRef {
  action: 'pass' | 'fail';
  message?: string;
}

export interface SignatureSource {
  oci?: string;
  tagPrefix?: string;
  signaturePullSecrets: { name: string }[];
}

export interface TlogRef {
  url?: string;
  trustRootRef?: string;
}

export interface TimestampAuthorityRef {
  trustRootRef?: string;
}

export interface ConfigMapRef {
  name: string;
  key: string;
  namespace?: string;
}

export interface RemotePolicyRef {
  url: string;
  sha256sum: string;
}

/** A CUE or Rego policy: on an attestation, or CIP-level (`spec.policy`). */
export interface PolicyRef {
  type: 'cue' | 'rego';
  data?: string;
  configMapRef?: ConfigMapRef;
  remote?: RemotePolicyRef;
  /** Only on spec.policy. */
  fetchConfigFile: boolean;
  includeSpec: boolean;
  includeObjectMeta: boolean;
  includeTypeMeta: boolean;
}

export interface AttestationRequirement {
  name: string;
  /** As written in the CIP: a URI, or a cosign short name (custom, vuln, spdxjson, ...). */
  predicateType: string;
  policy?: PolicyRef;
}

export interface Authority {
  /** Defaulted to `authority-<index>`. */
  name: string;
  index: number;
  key?: KeyRef;
  keyless?: KeylessRef;
  static?: StaticRef;
  source: SignatureSource[];
  ctlog?: TlogRef;
  rfc3161timestamp?: TimestampAuthorityRef;
  attestations: AttestationRequirement[];
  signatureFormat: 'legacy' | 'bundle';
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface MatchResource {
  group: string;
  version: string;
  resource: string;
  selector?: LabelSelector;
}

export interface ClusterImagePolicy {
  apiVersion: 'policy.sigstore.dev/v1alpha1' | 'policy.sigstore.dev/v1beta1';
  kind: 'ClusterImagePolicy';
  /** metadata.name */
  name: string;
  metadata: ObjectMeta;
  images: { glob: string }[];
  authorities: Authority[];
  policy?: PolicyRef;
  mode: PolicyMode;
  match: MatchResource[];
  /**
   * sigguard extension (annotation `sigguard.dev/required-authorities`): how many distinct
   * authorities must pass. Absent = policy-controller's "any one authority".
   */
  requiredAuthorities?: number;
}

/**
 * A TrustRoot document, kept raw for @sigguard/trust-root (which owns its validation and
 * loading); only its envelope is checked here.
 */
export interface TrustRootDocument {
  apiVersion: 'policy.sigstore.dev/v1alpha1';
  kind: 'TrustRoot';
  name: string;
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
  /** The whole document as parsed from YAML, for the trust-root loader. */
  raw: Record<string, unknown>;
  /** What `ParseOptions.trustRootParser` returned (e.g. @sigguard/trust-root's TrustRootResource). */
  resource?: unknown;
}
