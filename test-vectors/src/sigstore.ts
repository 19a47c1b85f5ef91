// The private Sigstore instance: a Fulcio-style CA with a CT log, a Rekor-style log and a TSA,
// plus signing helpers that emit Sigstore bundles (and the pieces of cosign legacy layers).
import type { x509 } from './pki/x509.ts';
import { dsse } from '@sigstore/core';
import {
  buildBundle,
  type BundleContent,
  type BundleJSON,
  type BundleVersion,
  type DSSEEnvelopeJSON,
} from './bundle/build.ts';
import { b64, digest, utf8 } from './encoding.ts';
import {
  dsseBody,
  dsseV2Body,
  hashedrekordBody,
  hashedrekordV2Body,
  intotoBody,
  TestRekor,
  type AppendedEntry,
  type RekorV2Verifier,
} from './log/rekor.ts';
import { certPEM } from './pki/certificates.ts';
import { TestCTLog } from './pki/ct-log.ts';
import type { FulcioExtensionValues, IssuerEncoding } from './pki/fulcio-extensions.ts';
import { TestFulcio } from './pki/fulcio.ts';
import { generateKeyPair, KeyPair, type KeyType } from './pki/keys.ts';
import { TestTSA } from './pki/tsa.ts';
import {
  certificateAuthority,
  transparencyLog,
  TRUSTED_ROOT_MEDIA_TYPE,
  validity,
  type TrustedRootJSON,
} from './trusted-root.ts';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const DIGEST_NAMES = { sha256: 'SHA2_256', sha384: 'SHA2_384', sha512: 'SHA2_512' } as const;

export interface SignInput {
  /** Bytes to sign as a message signature. */
  artifact?: Uint8Array;
  /** An in-toto statement to sign as a DSSE envelope (payloadType application/vnd.in-toto+json). */
  dsseStatement?: object;
  /** Any DSSE payload and type (alternative to dsseStatement). */
  dsse?: { payload: Uint8Array; payloadType: string };
  /** When the signature was made: Rekor's integrated time and the TSA time. Default: now. */
  signedAt?: Date;
  /** Hash to sign with and to declare in a message signature's messageDigest (default: the key's
   *  registered hash; sha256 for Ed25519, which signs pure whatever this says). For negative vectors. */
  hash?: 'sha256' | 'sha384' | 'sha512';
  /** Add an RFC 3161 timestamp over the signature. */
  withTimestamp?: boolean;
  /** Bundle shape; default '0.3'. */
  bundleVersion?: BundleVersion;
  /** Upload to the Rekor-style log (default true). */
  tlog?: boolean;
  /** Include the SET (default true). */
  withPromise?: boolean;
  /** Include the inclusion proof and checkpoint (default true). */
  withProof?: boolean;
  /** Negative vectors: flip a bit of the signature before it is logged and timestamped,
   *  so the log entry and timestamp agree with a signature that does not verify. */
  corruptSignature?: boolean;
  /** Rekor API version of the log entry: 1 (hashedrekord/dsse 0.0.1, SET) or 2 (0.0.2 bodies,
   *  inclusion proof and checkpoint only, no SET: pair it with withTimestamp). Default 1. */
  rekorVersion?: 1 | 2;
  /** Rekor v1 entry kind for DSSE content: 'dsse' 0.0.1 (default) or 'intoto' 0.0.2 (what `cosign attest` logged). */
  dsseLogKind?: 'dsse' | 'intoto';
  /** Log to another Rekor-style log (e.g. one the trusted root does not list). */
  rekor?: TestRekor;
  /** Timestamp with another TSA (e.g. one the trusted root does not list). */
  tsa?: TestTSA;
}

export interface KeylessSignInput extends SignInput {
  /** SAN: email or URI. */
  subject: string;
  /** OIDC issuer (1.1 and 1.8). */
  issuer: string;
  extensions?: FulcioExtensionValues;
  /** Issue from another CA (e.g. one that is not in the trusted root). */
  ca?: TestFulcio;
  /** Certificate lifetime in seconds (default 600, as Fulcio). */
  validitySeconds?: number;
  /** Embed an SCT in the certificate (default true; false makes a negative vector). */
  embedSCT?: boolean;
  /** CT log that issues the SCT (default: this instance's). */
  ctlog?: TestCTLog;
  /** Issuer as 1.1 and 1.8 (default 'both'), 'v1-only' or 'v2-only'. */
  issuerEncoding?: IssuerEncoding;
  /** Ephemeral key type (default ecdsa-p256). */
  keyType?: KeyType;
  /** Leaf extended key usage OIDs (default code signing); [] leaves the extension out. */
  extendedKeyUsages?: string[];
}

export interface KeySignInput extends SignInput {
  /** The signing key or a key type to generate; default ecdsa-p256. */
  key?: KeyPair | KeyType;
}

export interface SignedBundle {
  bundle: BundleJSON;
  /** The raw signature bytes. */
  signature: Buffer;
  /** What was signed: the artifact, or the DSSE PAE. */
  signedBytes: Buffer;
  /** Signing time used for the log entry and timestamp (whole seconds). */
  signedAt: Date;
  key: KeyPair;
  certificate?: x509.X509Certificate;
  certificatePEM?: string;
  /** Intermediate and root PEM, as cosign's chain annotation. */
  chainPEM?: string;
  publicKeyPEM: string;
  tlogEntry?: AppendedEntry;
  rfc3161Timestamp?: Buffer;
  dsseEnvelope?: DSSEEnvelopeJSON;
}

export interface TestSigstoreOptions {
  name?: string;
  notBefore?: Date;
  notAfter?: Date;
}

export class TestSigstore {
  readonly fulcio: TestFulcio;
  readonly ctlog: TestCTLog;
  readonly rekor: TestRekor;
  /** A second, Rekor v2-style log (0.0.2 entries, checkpoints, no SETs). */
  readonly rekorV2: TestRekor;
  readonly tsa: TestTSA;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly name: string;

  constructor(parts: {
    fulcio: TestFulcio;
    ctlog: TestCTLog;
    rekor: TestRekor;
    rekorV2: TestRekor;
    tsa: TestTSA;
    notBefore: Date;
    notAfter: Date;
    name: string;
  }) {
    this.fulcio = parts.fulcio;
    this.ctlog = parts.ctlog;
    this.rekor = parts.rekor;
    this.rekorV2 = parts.rekorV2;
    this.tsa = parts.tsa;
    this.notBefore = parts.notBefore;
    this.notAfter = parts.notAfter;
    this.name = parts.name;
  }

  /** trusted_root.json for this instance (protobuf JSON). */
  trustedRoot(): TrustedRootJSON {
    const validFor = validity(this.notBefore);
    return {
      mediaType: TRUSTED_ROOT_MEDIA_TYPE,
      tlogs: [
        transparencyLog(this.rekor.baseUrl, this.rekor.key, validFor),
        transparencyLog(this.rekorV2.baseUrl, this.rekorV2.key, validFor),
      ],
      certificateAuthorities: [
        certificateAuthority(this.fulcio.uri, this.name, `${this.name}-intermediate`, this.fulcio.chain, validFor),
      ],
      ctlogs: [transparencyLog(this.ctlog.baseUrl, this.ctlog.key, validFor)],
      timestampAuthorities: [
        certificateAuthority(this.tsa.uri, this.name, `${this.name}-tsa`, this.tsa.chain, validFor),
      ],
    };
  }

  /** A separate CA (own root and intermediate, same CT log) that this instance's trusted root does not list. */
  async createOtherCA(name = 'sigguard-other'): Promise<TestFulcio> {
    return TestFulcio.create({
      name,
      notBefore: this.notBefore,
      notAfter: this.notAfter,
      ctlog: this.ctlog,
      uri: 'https://fulcio.other.test',
    });
  }

  async signKeyless(input: KeylessSignInput): Promise<SignedBundle> {
    const signedAt = wholeSeconds(input.signedAt ?? new Date());
    const key = await generateKeyPair(input.keyType ?? 'ecdsa-p256');
    const ca = input.ca ?? this.fulcio;
    const certificate = await ca.issue({
      key,
      subject: input.subject,
      issuer: input.issuer,
      ...(input.extensions ? { extensions: input.extensions } : {}),
      notBefore: new Date(signedAt.getTime() - 5000),
      ...(input.validitySeconds === undefined ? {} : { validitySeconds: input.validitySeconds }),
      ...(input.embedSCT === undefined ? {} : { embedSCT: input.embedSCT }),
      ...(input.ctlog ? { ctlog: input.ctlog } : {}),
      ...(input.issuerEncoding ? { issuerEncoding: input.issuerEncoding } : {}),
      ...(input.extendedKeyUsages ? { extendedKeyUsages: input.extendedKeyUsages } : {}),
    });
    const der = new Uint8Array(certificate.rawData);
    const certificatePEM = certPEM(certificate);
    const chainPEM = ca.chain.map(certPEM).join('');
    const signed = await this.sign(input, key, signedAt, certificatePEM, {
      certificate: der,
      chain: ca.chain.map((c) => new Uint8Array(c.rawData)),
    });
    return { ...signed, certificate, certificatePEM, chainPEM };
  }

  async signWithKey(input: KeySignInput): Promise<SignedBundle> {
    const signedAt = wholeSeconds(input.signedAt ?? new Date());
    const key = input.key instanceof KeyPair ? input.key : await generateKeyPair(input.key ?? 'ecdsa-p256');
    return this.sign(input, key, signedAt, key.publicKeyPEM, { publicKeyHint: publicKeyHint(key) });
  }

  private async sign(
    input: SignInput,
    key: KeyPair,
    signedAt: Date,
    verifierPEM: string,
    signer: { certificate: Uint8Array; chain?: Uint8Array[] } | { publicKeyHint: string },
  ): Promise<SignedBundle> {
    const v2 = input.rekorVersion === 2;
    const v2Verifier: RekorV2Verifier =
      'certificate' in signer
        ? { certificate: signer.certificate, keyDetails: key.keyDetails }
        : { publicKey: key.spki, keyDetails: key.keyDetails };
    const dssePayload = input.dsseStatement
      ? { payload: utf8(JSON.stringify(input.dsseStatement)), payloadType: IN_TOTO_PAYLOAD_TYPE }
      : input.dsse;
    let content: BundleContent;
    let signature: Buffer;
    let signedBytes: Buffer;
    let body: object;
    let dsseEnvelope: DSSEEnvelopeJSON | undefined;
    if (dssePayload) {
      signedBytes = dsse.preAuthEncoding(dssePayload.payloadType, Buffer.from(dssePayload.payload));
      signature = maybeCorrupt(key.sign(signedBytes, input.hash), input.corruptSignature);
      dsseEnvelope = {
        payload: b64(dssePayload.payload),
        payloadType: dssePayload.payloadType,
        signatures: [{ sig: b64(signature), keyid: '' }],
      };
      content = { dsseEnvelope };
      if (v2) body = dsseV2Body(dsseEnvelope, v2Verifier);
      else
        body =
          input.dsseLogKind === 'intoto' ? intotoBody(dsseEnvelope, verifierPEM) : dsseBody(dsseEnvelope, verifierPEM);
    } else if (input.artifact) {
      signedBytes = Buffer.from(input.artifact);
      signature = maybeCorrupt(key.sign(signedBytes, input.hash), input.corruptSignature);
      const hash = input.hash ?? key.hash ?? 'sha256';
      const messageDigest = digest(hash, signedBytes);
      content = {
        messageSignature: {
          messageDigest: { algorithm: DIGEST_NAMES[hash], digest: b64(messageDigest) },
          signature: b64(signature),
        },
      };
      body = v2
        ? hashedrekordV2Body(messageDigest, signature, v2Verifier, hash)
        : hashedrekordBody(messageDigest, signature, verifierPEM, hash);
    } else {
      throw new TypeError('sign: give artifact, dsseStatement or dsse');
    }

    const log = input.rekor ?? (v2 ? this.rekorV2 : this.rekor);
    const tlogEntry =
      input.tlog === false
        ? undefined
        : log.append(
            body,
            v2
              ? { withPromise: false, withProof: true }
              : {
                  integratedTime: signedAt,
                  withPromise: input.withPromise ?? true,
                  withProof: input.withProof ?? true,
                },
          );
    const rfc3161Timestamp = input.withTimestamp
      ? await (input.tsa ?? this.tsa).timestamp(signature, signedAt)
      : undefined;
    const bundle = buildBundle({
      version: input.bundleVersion ?? '0.3',
      signer,
      tlogEntries: tlogEntry ? [tlogEntry.entry] : [],
      ...(rfc3161Timestamp ? { rfc3161Timestamps: [rfc3161Timestamp] } : {}),
      content,
    });
    return {
      bundle,
      signature,
      signedBytes,
      signedAt,
      key,
      publicKeyPEM: key.publicKeyPEM,
      ...(tlogEntry ? { tlogEntry } : {}),
      ...(rfc3161Timestamp ? { rfc3161Timestamp } : {}),
      ...(dsseEnvelope ? { dsseEnvelope } : {}),
    };
  }
}

/** A key hint as cosign writes it: base64 sha256 of the DER public key. */
export function publicKeyHint(key: KeyPair): string {
  return b64(key.keyId);
}

function maybeCorrupt(signature: Buffer, corrupt: boolean | undefined): Buffer {
  if (!corrupt) return signature;
  const out = Buffer.from(signature);
  const at = out.length - 8; // inside the last integer of a DER ECDSA signature, or the RSA/Ed25519 bytes
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out;
}

function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

export async function createTestSigstore(opts: TestSigstoreOptions = {}): Promise<TestSigstore> {
  const name = opts.name ?? 'sigguard-test';
  const notBefore = opts.notBefore ?? new Date('2020-01-01T00:00:00Z');
  const notAfter = opts.notAfter ?? new Date('2045-01-01T00:00:00Z');
  const ctlog = await TestCTLog.create();
  const [fulcio, rekor, rekorV2, tsa] = await Promise.all([
    TestFulcio.create({ name, notBefore, notAfter, ctlog }),
    TestRekor.create(),
    TestRekor.create('https://log2026-1.rekor.sigguard.test', ''),
    TestTSA.create({ name, notBefore, notAfter }),
  ]);
  return new TestSigstore({ fulcio, ctlog, rekor, rekorV2, tsa, notBefore, notAfter, name });
}

let shared: Promise<TestSigstore> | undefined;

/** One instance per process: key generation is cheap, but tests should not repeat it. */
export function sharedTestSigstore(): Promise<TestSigstore> {
  shared ??= createTestSigstore();
  return shared;
}
