// A Rekor-style transparency log: canonicalized hashedrekord/dsse 0.0.1 bodies, a signed entry
// timestamp (SET) over {body, integratedTime, logID, logIndex}, RFC 6962 inclusion proofs and a
// signed checkpoint (signed note), in the JSON shape Sigstore bundles carry.
import { b64, canonicalJSON, hex, sha256, utf8 } from '../encoding.ts';
import { generateKeyPair, type KeyPair } from '../pki/keys.ts';
import { inclusionProof, leafHash, rootHash } from './merkle.ts';

export interface TLogEntryJSON {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  integratedTime: string;
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof?: {
    logIndex: string;
    rootHash: string;
    treeSize: string;
    hashes: string[];
    checkpoint: { envelope: string };
  };
  canonicalizedBody: string;
}

export interface AppendOptions {
  /** Rekor v1 integrated time; omit for Rekor v2, which records none (integratedTime "0"). */
  integratedTime?: Date;
  /** Include the SET (default true). Without it the integrated time is not a verified timestamp. */
  withPromise?: boolean;
  /** Include the inclusion proof and checkpoint (default true; bundles v0.2+ require it). */
  withProof?: boolean;
}

export interface AppendedEntry {
  entry: TLogEntryJSON;
  /** The canonicalized body bytes. */
  body: Buffer;
  /** Base64 SET, as cosign's "bundle" annotation carries it. */
  signedEntryTimestamp: string;
  logIndex: number;
  integratedTime: number;
  logIdHex: string;
}

export class TestRekor {
  readonly key: KeyPair;
  readonly baseUrl: string;
  readonly treeId: string;
  private readonly leaves: Buffer[] = [];

  constructor(key: KeyPair, baseUrl: string, treeId: string) {
    this.key = key;
    this.baseUrl = baseUrl;
    this.treeId = treeId;
  }

  /** A Rekor v1-style log has a tree id in its checkpoint origin; pass treeId '' for a v2-style origin (the host alone). */
  static async create(baseUrl = 'https://rekor.sigguard.test', treeId = '1193050959916656506'): Promise<TestRekor> {
    return new TestRekor(await generateKeyPair('ecdsa-p256'), baseUrl, treeId);
  }

  get logId(): Buffer {
    return this.key.keyId;
  }

  /** Name in the checkpoint signature line; verifiers match it against the log's baseUrl. */
  get hostname(): string {
    return new URL(this.baseUrl).host;
  }

  append(body: object, opts: AppendOptions): AppendedEntry {
    const bodyBytes = utf8(canonicalJSON(body));
    const parsed = body as { kind: string; apiVersion: string };
    const logIndex = this.leaves.length;
    this.leaves.push(leafHash(bodyBytes));
    const integratedTime = opts.integratedTime ? Math.floor(opts.integratedTime.getTime() / 1000) : 0;
    const logIdHex = hex(this.logId);

    const setPayload = { body: b64(bodyBytes), integratedTime, logID: logIdHex, logIndex };
    const signedEntryTimestamp = b64(this.key.sign(utf8(canonicalJSON(setPayload))));

    const entry: TLogEntryJSON = {
      logIndex: String(logIndex),
      logId: { keyId: b64(this.logId) },
      kindVersion: { kind: parsed.kind, version: parsed.apiVersion },
      integratedTime: String(integratedTime),
      canonicalizedBody: b64(bodyBytes),
    };
    if (opts.withPromise ?? true) entry.inclusionPromise = { signedEntryTimestamp };
    if (opts.withProof ?? true) {
      const leaves = this.leaves.slice();
      const root = rootHash(leaves);
      entry.inclusionProof = {
        logIndex: String(logIndex),
        rootHash: b64(root),
        treeSize: String(leaves.length),
        hashes: inclusionProof(logIndex, leaves).map(b64),
        checkpoint: { envelope: this.checkpoint(leaves.length, root) },
      };
    }
    // Key order as protobuf JSON writes it, so bundles read naturally.
    const ordered: TLogEntryJSON = {
      logIndex: entry.logIndex,
      logId: entry.logId,
      kindVersion: entry.kindVersion,
      integratedTime: entry.integratedTime,
      ...(entry.inclusionPromise ? { inclusionPromise: entry.inclusionPromise } : {}),
      ...(entry.inclusionProof ? { inclusionProof: entry.inclusionProof } : {}),
      canonicalizedBody: entry.canonicalizedBody,
    };
    return { entry: ordered, body: bodyBytes, signedEntryTimestamp, logIndex, integratedTime, logIdHex };
  }

  /** A signed note: "<origin>\n<size>\n<root>\n" + blank line + "— <name> <b64(keyhint||sig)>". */
  checkpoint(size: number, root: Buffer): string {
    const origin = this.treeId ? `${this.hostname} - ${this.treeId}` : this.hostname;
    const note = `${origin}\n${size}\n${b64(root)}\n`;
    const signature = Buffer.concat([this.logId.subarray(0, 4), this.key.sign(utf8(note))]);
    return `${note}\n\u2014 ${this.hostname} ${b64(signature)}\n`;
  }
}

/** hashedrekord 0.0.1 body for a message signature. `verifierPEM` is the signing cert or public key. */
export function hashedrekordBody(
  digest: Uint8Array,
  signature: Uint8Array,
  verifierPEM: string,
  algorithm = 'sha256',
): object {
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm, value: hex(digest) } },
      signature: { content: b64(signature), publicKey: { content: b64(utf8(verifierPEM)) } },
    },
  };
}

/** dsse 0.0.1 body for a DSSE envelope with one signature. */
export function dsseBody(
  envelope: { payload: string; payloadType: string; signatures: { sig: string; keyid?: string }[] },
  verifierPEM: string,
): object {
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: hex(sha256(utf8(canonicalJSON(envelope)))) },
      payloadHash: { algorithm: 'sha256', value: hex(sha256(Buffer.from(envelope.payload, 'base64'))) },
      signatures: envelope.signatures.map((s) => ({ signature: s.sig, verifier: b64(utf8(verifierPEM)) })),
    },
  };
}

/** Rekor v2 verifier material: the signing certificate or public key (DER) and its key details. */
export interface RekorV2Verifier {
  certificate?: Uint8Array;
  publicKey?: Uint8Array;
  keyDetails: string;
}

function v2Verifier(v: RekorV2Verifier): object {
  const material = v.certificate
    ? { x509Certificate: { rawBytes: b64(v.certificate) } }
    : { publicKey: { rawBytes: b64(v.publicKey ?? new Uint8Array()) } };
  return { ...material, keyDetails: v.keyDetails };
}

const V2_DIGEST_NAMES: Record<string, string> = { sha256: 'SHA2_256', sha384: 'SHA2_384', sha512: 'SHA2_512' };

/** hashedrekord 0.0.2 body (Rekor v2, protobuf JSON of rekor.v2.Entry). */
export function hashedrekordV2Body(
  digest: Uint8Array,
  signature: Uint8Array,
  verifier: RekorV2Verifier,
  algorithm = 'sha256',
): object {
  return {
    apiVersion: '0.0.2',
    kind: 'hashedrekord',
    spec: {
      hashedRekordV002: {
        data: { algorithm: V2_DIGEST_NAMES[algorithm], digest: b64(digest) },
        signature: { content: b64(signature), verifier: v2Verifier(verifier) },
      },
    },
  };
}

/** dsse 0.0.2 body (Rekor v2). */
export function dsseV2Body(
  envelope: { payload: string; signatures: { sig: string }[] },
  verifier: RekorV2Verifier,
): object {
  return {
    apiVersion: '0.0.2',
    kind: 'dsse',
    spec: {
      dsseV002: {
        payloadHash: { algorithm: 'SHA2_256', digest: b64(sha256(Buffer.from(envelope.payload, 'base64'))) },
        signatures: envelope.signatures.map((s) => ({ content: s.sig, verifier: v2Verifier(verifier) })),
      },
    },
  };
}

/** intoto 0.0.2 body, as `cosign attest` logged DSSE attestations: the payload is not stored, the
 *  signature is base64 of the base64 signature, and `hash` covers the envelope JSON as submitted. */
export function intotoBody(
  envelope: { payload: string; payloadType: string; signatures: { sig: string; keyid?: string }[] },
  verifierPEM: string,
): object {
  return {
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: {
      content: {
        envelope: {
          payloadType: envelope.payloadType,
          signatures: envelope.signatures.map((s) => ({ sig: b64(utf8(s.sig)), publicKey: b64(utf8(verifierPEM)) })),
        },
        hash: { algorithm: 'sha256', value: hex(sha256(utf8(canonicalJSON(envelope)))) },
        payloadHash: { algorithm: 'sha256', value: hex(sha256(Buffer.from(envelope.payload, 'base64'))) },
      },
    },
  };
}
