// The raw pieces of cosign's legacy OCI layers (`.sig` simple-signing, `.att` DSSE), as cosign
// writes them in layer annotations: signature, certificate, chain, Rekor "bundle" and RFC 3161
// timestamp. Built on the same instance, so they verify against its trusted_root.json.
import { b64, canonicalJSON, utf8 } from './encoding.ts';
import type { AppendedEntry } from './log/rekor.ts';
import type { FulcioExtensionValues } from './pki/fulcio-extensions.ts';
import type { KeyPair, KeyType } from './pki/keys.ts';
import type { SignedBundle, TestSigstore } from './sigstore.ts';

export const ANNOTATION_SIGNATURE = 'dev.cosignproject.cosign/signature';
export const ANNOTATION_CERTIFICATE = 'dev.sigstore.cosign/certificate';
export const ANNOTATION_CHAIN = 'dev.sigstore.cosign/chain';
export const ANNOTATION_BUNDLE = 'dev.sigstore.cosign/bundle';
export const ANNOTATION_RFC3161 = 'dev.sigstore.cosign/rfc3161timestamp';

/** cosign's Rekor "bundle" annotation: the SET and the entry it covers. */
export interface RekorBundleAnnotation {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
}

export interface CosignLegacyLayer {
  /** Layer content: the simple-signing payload (`.sig`) or the DSSE envelope JSON (`.att`). */
  payload: Uint8Array;
  /** Base64 signature annotation value ('' for attestations, as cosign writes). */
  signatureB64: string;
  certificatePEM?: string;
  chainPEM?: string;
  publicKeyPEM: string;
  rekorBundle?: RekorBundleAnnotation;
  /** DER TimeStampResp: over the raw signature (`.sig`) or the payload (`.att`), as cosign does. */
  rfc3161Timestamp?: Uint8Array;
  annotations: Record<string, string>;
  /** The underlying signing result (bundle form, keys, log entry). */
  signed: SignedBundle;
}

export type CosignSigner =
  | { subject: string; issuer: string; extensions?: FulcioExtensionValues }
  | { key: KeyPair | KeyType };

export interface CosignSignOptions {
  signer: CosignSigner;
  /** Attestations only: Rekor entry kind, 'intoto' 0.0.2 as `cosign attest` wrote (default) or 'dsse' 0.0.1. */
  attestationLogKind?: 'dsse' | 'intoto';
  signedAt?: Date;
  withTimestamp?: boolean;
  tlog?: boolean;
}

export function rekorBundleAnnotation(entry: AppendedEntry): RekorBundleAnnotation {
  return {
    SignedEntryTimestamp: entry.signedEntryTimestamp,
    Payload: {
      body: entry.entry.canonicalizedBody,
      integratedTime: entry.integratedTime,
      logIndex: entry.logIndex,
      logID: entry.logIdHex,
    },
  };
}

/** cosign's simple-signing payload for an image digest. */
export function simpleSigningPayload(dockerReference: string, manifestDigest: string): Uint8Array {
  return utf8(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': dockerReference },
        image: { 'docker-manifest-digest': manifestDigest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

async function signWith(
  s: TestSigstore,
  o: CosignSignOptions,
  content: { artifact: Uint8Array } | { dsseStatement: object; dsseLogKind: 'dsse' | 'intoto' },
): Promise<SignedBundle> {
  const common = {
    ...content,
    bundleVersion: '0.1' as const,
    withProof: false,
    ...(o.signedAt ? { signedAt: o.signedAt } : {}),
    ...(o.tlog === false ? { tlog: false } : {}),
  };
  if ('key' in o.signer) return s.signWithKey({ ...common, key: o.signer.key });
  return s.signKeyless({
    ...common,
    subject: o.signer.subject,
    issuer: o.signer.issuer,
    ...(o.signer.extensions ? { extensions: o.signer.extensions } : {}),
  });
}

function layer(
  signed: SignedBundle,
  payload: Uint8Array,
  signatureB64: string,
  timestamp: Uint8Array | undefined,
): CosignLegacyLayer {
  const annotations: Record<string, string> = { [ANNOTATION_SIGNATURE]: signatureB64 };
  if (signed.certificatePEM) annotations[ANNOTATION_CERTIFICATE] = signed.certificatePEM;
  if (signed.chainPEM) annotations[ANNOTATION_CHAIN] = signed.chainPEM;
  const rekorBundle = signed.tlogEntry ? rekorBundleAnnotation(signed.tlogEntry) : undefined;
  if (rekorBundle) annotations[ANNOTATION_BUNDLE] = JSON.stringify(rekorBundle);
  if (timestamp) annotations[ANNOTATION_RFC3161] = JSON.stringify({ SignedRFC3161Timestamp: b64(timestamp) });
  return {
    payload,
    signatureB64,
    publicKeyPEM: signed.publicKeyPEM,
    annotations,
    signed,
    ...(signed.certificatePEM ? { certificatePEM: signed.certificatePEM } : {}),
    ...(signed.chainPEM ? { chainPEM: signed.chainPEM } : {}),
    ...(rekorBundle ? { rekorBundle } : {}),
    ...(timestamp ? { rfc3161Timestamp: timestamp } : {}),
  };
}

/** A `.sig` layer: `payload` (default: simple-signing) signed as a hashedrekord message signature. */
export async function cosignLegacySignature(
  s: TestSigstore,
  payload: Uint8Array,
  o: CosignSignOptions,
): Promise<CosignLegacyLayer> {
  const signed = await signWith(s, o, { artifact: payload });
  const timestamp = o.withTimestamp ? await s.tsa.timestamp(signed.signature, signed.signedAt) : undefined;
  return layer(signed, payload, b64(signed.signature), timestamp);
}

/** An `.att` layer: an in-toto statement in a DSSE envelope (intoto 0.0.2 Rekor entry by default);
 *  the layer holds the envelope JSON. */
export async function cosignLegacyAttestation(
  s: TestSigstore,
  statement: object,
  o: CosignSignOptions,
): Promise<CosignLegacyLayer> {
  const signed = await signWith(s, o, { dsseStatement: statement, dsseLogKind: o.attestationLogKind ?? 'intoto' });
  // The entry's envelope hash is over the canonical envelope; the layer stores the same bytes.
  const payload = utf8(canonicalJSON(signed.dsseEnvelope));
  const timestamp = o.withTimestamp ? await s.tsa.timestamp(payload, signed.signedAt) : undefined;
  return layer(signed, payload, '', timestamp);
}
