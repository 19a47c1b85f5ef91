// Signs images the way cosign does, with the project's private Sigstore instance
// (@sigguard/test-vectors): legacy `.sig` simple-signing layers and `.att` DSSE layers with
// their annotations, and cosign v3 bundle signatures/attestations.
import { simpleSigningPayload } from '../cosign.ts';
import { canonicalJSON } from '../encoding.ts';
import type { TestFulcio } from '../pki/fulcio.ts';
import type { SignedBundle, TestSigstore } from '../sigstore.ts';

export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1';

export interface Signer {
  subject: string;
  issuer: string;
  /** Issue the certificate from another CA (one outside the trusted root, say). */
  ca?: TestFulcio;
}

export interface LegacyLayer {
  bytes: Uint8Array;
  annotations: Record<string, string>;
  signed: SignedBundle;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export function statement(repository: string, digest: string, predicateType: string, predicate: unknown = {}) {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: repository, digest: { sha256: digest.slice('sha256:'.length) } }],
    predicateType,
    predicate,
  };
}

function commonAnnotations(signed: SignedBundle): Record<string, string> {
  const a: Record<string, string> = {};
  if (signed.certificatePEM) a['dev.sigstore.cosign/certificate'] = signed.certificatePEM;
  if (signed.chainPEM) a['dev.sigstore.cosign/chain'] = signed.chainPEM;
  if (signed.tlogEntry) {
    const e = signed.tlogEntry;
    a['dev.sigstore.cosign/bundle'] = JSON.stringify({
      SignedEntryTimestamp: e.signedEntryTimestamp,
      Payload: {
        body: e.entry.canonicalizedBody,
        integratedTime: e.integratedTime,
        logIndex: e.logIndex,
        logID: e.logIdHex,
      },
    });
  }
  if (signed.rfc3161Timestamp) {
    a['dev.sigstore.cosign/rfc3161timestamp'] = JSON.stringify({
      SignedRFC3161Timestamp: b64(signed.rfc3161Timestamp),
    });
  }
  return a;
}

type SignOpts = {
  signer?: Signer;
  key?: boolean;
  payload?: Uint8Array;
  signedAt?: Date;
  withTimestamp?: boolean;
  tlog?: boolean;
};

async function sign(
  ts: TestSigstore,
  input: { artifact?: Uint8Array; dsseStatement?: object },
  o: SignOpts,
): Promise<SignedBundle> {
  const extra = {
    ...(o.signedAt ? { signedAt: o.signedAt } : {}),
    ...(o.withTimestamp ? { withTimestamp: true } : {}),
    ...(o.tlog === false ? { tlog: false } : {}),
  };
  if (o.key) return ts.signWithKey({ ...input, ...extra, bundleVersion: '0.1' });
  const s = o.signer ?? { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };
  const ca = s.ca ? { ca: s.ca } : {};
  return ts.signKeyless({ ...input, ...extra, ...ca, subject: s.subject, issuer: s.issuer, bundleVersion: '0.1' });
}

/** One `.sig` layer: the simple-signing payload signed as a message signature (hashedrekord). */
export async function legacySignatureLayer(
  ts: TestSigstore,
  repository: string,
  digest: string,
  o: SignOpts = {},
): Promise<LegacyLayer> {
  const bytes = o.payload ?? simpleSigningPayload(repository, digest);
  const signed = await sign(ts, { artifact: bytes }, o);
  return {
    bytes,
    signed,
    annotations: { 'dev.cosignproject.cosign/signature': b64(signed.signature), ...commonAnnotations(signed) },
  };
}

/** One `.att` layer: a DSSE envelope (dsse Rekor entry), empty signature annotation, predicateType. */
export async function legacyAttestationLayer(
  ts: TestSigstore,
  repository: string,
  digest: string,
  predicateType: string,
  predicate: unknown,
  o: SignOpts = {},
): Promise<LegacyLayer> {
  const signed = await sign(ts, { dsseStatement: statement(repository, digest, predicateType, predicate) }, o);
  // The dsse Rekor entry hashes the envelope as submitted; cosign stores the same bytes.
  const bytes = new TextEncoder().encode(canonicalJSON(signed.dsseEnvelope));
  return {
    bytes,
    signed,
    annotations: { 'dev.cosignproject.cosign/signature': '', predicateType, ...commonAnnotations(signed) },
  };
}

/** A cosign v3 signature: a v0.3 bundle over an in-toto statement of predicateType sign/v1 (no subject name). */
export async function bundleSignature(ts: TestSigstore, digest: string, signer?: Signer): Promise<SignedBundle> {
  const s = signer ?? { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };
  return ts.signKeyless({
    subject: s.subject,
    issuer: s.issuer,
    dsseStatement: {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: digest.slice('sha256:'.length) } }],
      predicateType: COSIGN_SIGN_PREDICATE,
      predicate: {},
    },
  });
}

/** A cosign v3 attestation bundle. */
export async function bundleAttestation(
  ts: TestSigstore,
  repository: string,
  digest: string,
  predicateType: string,
  predicate: unknown,
  signer?: Signer,
): Promise<SignedBundle> {
  const s = signer ?? { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };
  return ts.signKeyless({
    subject: s.subject,
    issuer: s.issuer,
    dsseStatement: statement(repository, digest, predicateType, predicate),
  });
}
