// The seam between policy evaluation (pure) and verification (crypto, registries): a verifier
// returns verified (or failed) signatures and attestations for an image under one authority.
import type { FulcioExtensions } from '@sigguard/identity';
import type { Check } from './decision.ts';
import type { ImageRef } from './reference.ts';
import type { Authority } from './types.ts';

/** Who signed, as far as the verifier established it. Key-signed evidence has no signer. */
export interface EvidenceSigner {
  /** The certificate SAN the identity matched (policy-controller: SAN[0]). */
  subject?: string;
  /** OIDC issuer from the certificate. */
  issuer?: string;
  extensions?: Partial<FulcioExtensions>;
}

import type { InTotoStatement } from '@sigguard/types';
export type { InTotoStatement } from '@sigguard/types';

export interface EvidenceResult {
  /** Stable id of this signature/attestation (policy-controller: sha256 hex of signature [+ cert]). */
  id: string;
  /** Verified: signature, chain, transparency/timestamps, identity and artifact binding all passed. */
  ok: boolean;
  /** Every check the verifier ran, passed or failed; shown in the decision tree. */
  checks: Check[];
  signer?: EvidenceSigner;
  /** For attestations: the verified in-toto statement. */
  statement?: InTotoStatement;
  /** For attestations: digest of the attestation (e.g. `sha256:…`), reported to CIP-level policies. */
  digest?: string;
  /**
   * Stable name of who signed (e.g. the key, or the certificate's issuer and SANs), used to count
   * distinct signers for N-of-M. Optional: without it the certificate identity in `signer`, else `id`.
   */
  signerId?: string;
}

export interface EvidenceVerifier {
  /** Signatures on `image`, each verified against `authority` (key or keyless). */
  signatures(image: ImageRef, authority: Authority): Promise<EvidenceResult[]>;
  /** Attestations on `image`, each verified against `authority`; statements included when ok. */
  attestations(image: ImageRef, authority: Authority): Promise<EvidenceResult[]>;
  /**
   * OCI image config(s), keyed `<os>/<arch>[/<variant>]` (every platform of an index), for
   * `spec.policy.fetchConfigFile`. Optional: without it such policies fail closed.
   */
  imageConfigs?(image: ImageRef): Promise<Record<string, unknown>>;
}
