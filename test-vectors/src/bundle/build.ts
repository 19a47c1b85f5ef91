// Sigstore bundle JSON (protobuf JSON form) in the v0.1, v0.2 and v0.3 shapes.
import { b64 } from '../encoding.ts';
import type { TLogEntryJSON } from '../log/rekor.ts';

export type BundleVersion = '0.1' | '0.2' | '0.3' | '0.3-legacy';

export const BUNDLE_MEDIA_TYPES: Record<BundleVersion, string> = {
  '0.1': 'application/vnd.dev.sigstore.bundle+json;version=0.1',
  '0.2': 'application/vnd.dev.sigstore.bundle+json;version=0.2',
  '0.3': 'application/vnd.dev.sigstore.bundle.v0.3+json',
  '0.3-legacy': 'application/vnd.dev.sigstore.bundle+json;version=0.3',
};

export interface DSSEEnvelopeJSON {
  payload: string;
  payloadType: string;
  signatures: { sig: string; keyid: string }[];
}

export type BundleContent =
  | { messageSignature: { messageDigest: { algorithm: string; digest: string }; signature: string } }
  | { dsseEnvelope: DSSEEnvelopeJSON };

export type SignerMaterial = { certificate: Uint8Array; chain?: Uint8Array[] } | { publicKeyHint: string };

export interface BundleJSON {
  mediaType: string;
  verificationMaterial: Record<string, unknown>;
  messageSignature?: unknown;
  dsseEnvelope?: DSSEEnvelopeJSON;
}

export function buildBundle(opts: {
  version: BundleVersion;
  signer: SignerMaterial;
  tlogEntries: TLogEntryJSON[];
  rfc3161Timestamps?: Uint8Array[];
  content: BundleContent;
}): BundleJSON {
  const material: Record<string, unknown> = {};
  if ('publicKeyHint' in opts.signer) {
    material.publicKey = { hint: opts.signer.publicKeyHint };
  } else if (opts.version === '0.1' || opts.version === '0.2') {
    // Older bundles carry a chain; cosign wrote the leaf alone or the leaf and its CAs.
    const certs = [opts.signer.certificate, ...(opts.signer.chain ?? [])];
    material.x509CertificateChain = { certificates: certs.map((c) => ({ rawBytes: b64(c) })) };
  } else {
    material.certificate = { rawBytes: b64(opts.signer.certificate) };
  }
  material.tlogEntries = opts.tlogEntries;
  const timestamps = opts.rfc3161Timestamps ?? [];
  material.timestampVerificationData = { rfc3161Timestamps: timestamps.map((t) => ({ signedTimestamp: b64(t) })) };
  return { mediaType: BUNDLE_MEDIA_TYPES[opts.version], verificationMaterial: material, ...opts.content };
}
