// The shapes of auditSigners(): what to read, how far, and the report (schema in docs/audit.md).
import type { ArtifactSource, FetchLike, RegistryClient, RegistryClientOptions } from '@sigguard/oci';
import type { ClusterImagePolicy } from '@sigguard/policy';
import type { TrustRoot, TrustRootSet } from '@sigguard/trust-root';
import type { DiscoveryLimits } from '@sigguard/image';

/** The `schema` field of every report; bumped only on an incompatible change. */
export const AUDIT_SCHEMA = 'https://sigguard.dev/audit/v1';

/** Where the evidence comes from. A registry is read for `repositories`, and for `images` with no other source. */
export interface AuditSources {
  /** Registry repositories (`registry/repo`): every tag is resolved and its evidence read. */
  repositories?: readonly string[];
  /**
   * Images by reference. Alone: read from the registry. With `layouts`: resolved in the layouts (a tag or a digest).
   * With `bundles` or `rekor`: which images the bundles and log entries are matched to (by digest; required).
   */
  images?: readonly string[];
  /** OCI image layouts (OciLayout, e.g. openOciLayoutDir). Images: `images`, else the layout's full references. */
  layouts?: readonly ArtifactSource[];
  /** Sigstore bundle documents (JSON text, bytes or parsed), each with a name for messages. */
  bundles?: readonly { name: string; bundle: string | Uint8Array | object }[];
  /**
   * A Rekor v1 log: the entries indexed under each image digest, and under each e-mail or SAN (`subjects`: a
   * workflow URI, say; newer Rekor servers index these) are read and verified, then counted for the images they sign.
   */
  rekor?: { url: string; emails?: readonly string[]; subjects?: readonly string[] };
}

export interface AuditLimits {
  /** Images audited in all (tags of the repositories included). Default 1000. */
  maxImages?: number;
  /** Tags read per repository. Default 10000. */
  maxTags?: number;
  /** Rekor entries read in all. Default 1000. */
  maxRekorEntries?: number;
  /** Bytes of one Rekor response. Default 4 MiB. */
  maxRekorResponseBytes?: number;
  /** Per Rekor request, body included. Default 30 s. */
  rekorTimeoutMs?: number;
  /** Wall-clock budget of the whole audit; past it, what is left is an error. Default 10 min. */
  timeoutMs?: number;
  /** Evidence discovery per image in a registry or layout (docs/limits.md). */
  discovery?: DiscoveryLimits;
}

export interface AuditProgress {
  phase: 'listing' | 'rekor' | 'verifying';
  done: number;
  total: number;
  /** The image or repository being read. */
  current?: string;
}

export interface AuditOptions {
  /** Validated ClusterImagePolicies, or YAML text holding ClusterImagePolicy and TrustRoot documents. */
  policies: readonly ClusterImagePolicy[] | string;
  /** Named trust roots (TrustRoot documents). */
  trustRoots?: TrustRootSet | readonly TrustRoot[];
  /** The root for authorities without a trustRootRef. Default: the embedded Sigstore public-good root. */
  defaultTrustRoot?: TrustRoot | string | object;
  sources: AuditSources;
  /** Registry client (or its options) for `repositories` and registry `images`. */
  registry?: RegistryClient | RegistryClientOptions;
  /** fetch for the Rekor log. Default: globalThis.fetch. */
  fetch?: FetchLike;
  /** Only signatures made at or after this time count; a signature without a trusted time always counts. */
  since?: Date;
  /** Verification time for key-signed evidence without a trusted time. Default: now. */
  now?: Date;
  limits?: AuditLimits;
  onProgress?: (progress: AuditProgress) => void;
}

/** An authority that admitted a signature: the policy's images match the image and its authority verified it. */
export interface AuditAdmission {
  policy: string;
  authority: string;
}

export interface AuditSignature {
  /** `registry/repo@sha256:…` */
  image: string;
  /** Where the signature was found (registry tag/referrer, layout, bundle file, Rekor entry). */
  evidence: string;
  kind: 'signature' | 'attestation';
  predicateType?: string;
  /** Signing time the verification trusted (log integration time), ISO 8601; absent when the evidence has none. */
  time?: string;
  admittedBy: AuditAdmission[];
}

export interface AuditSigner {
  /** Stable id: `certificate:<issuer> <subject>[ <extension>=<value>…]` or `key:sha256:<hex>`. */
  id: string;
  kind: 'certificate' | 'key';
  issuer?: string;
  subject?: string;
  /** The Fulcio extensions that say which workflow, repository and ref signed (not per-run values). */
  extensions?: Record<string, string>;
  /** sha256 of the public key's DER SubjectPublicKeyInfo, `sha256:<hex>` (key signers). */
  keyFingerprint?: string;
  /** The trust roots its signatures verified against. */
  trustRoots: string[];
  /** True when every one of its signatures is admitted by a policy that covers the image. */
  authorized: boolean;
  firstSeen?: string;
  lastSeen?: string;
  signatures: AuditSignature[];
}

export interface AuditFinding {
  signer: string;
  /** Images it signed that no policy admits it for. */
  images: string[];
  reason: string;
}

/** A policy identity or key that admitted no signature in the audited evidence. */
export interface AuditStaleIdentity {
  policy: string;
  authority: string;
  identity?: { issuer?: string; issuerRegExp?: string; subject?: string; subjectRegExp?: string };
  keyFingerprint?: string;
  /** Audited images the policy covers. */
  images: number;
}

export interface AuditUnverified {
  image?: string;
  evidence: string;
  reason: string;
}

export interface AuditError {
  where: string;
  reason: string;
  code?: string;
}

export interface AuditReport {
  schema: typeof AUDIT_SCHEMA;
  generatedAt: string;
  since?: string;
  summary: {
    images: number;
    evidence: number;
    signatures: number;
    signers: number;
    findings: number;
    stale: number;
    unverified: number;
    errors: number;
  };
  images: { reference: string; digest: string; source: string; tags?: string[] }[];
  signers: AuditSigner[];
  findings: AuditFinding[];
  stale: AuditStaleIdentity[];
  unverified: AuditUnverified[];
  errors: AuditError[];
  notes: string[];
}
