// A Rekor v1 log entry (openapi LogEntry) as a Sigstore v0.3 bundle, so that @sigguard/verify checks it
// like any other evidence: the signature over the recorded digest, the certificate chain, the SET
// (inclusionPromise) and the inclusion proof against a checkpoint signed by the trust root's log key.
// Only the shape is read here; nothing in the entry is trusted until that verification passes.
import {
  base64Decode,
  base64Encode,
  bundleEvidence,
  hexDecode,
  pemBlocks,
  sha256Hex,
  type ImageEvidence,
} from '@sigguard/oci';
import { readSignerCertificate } from '@sigguard/identity';
import { depthProblem } from '@sigguard/input-limits';
import { RekorEntryError } from './errors.ts';
import type { RekorLogEntry } from './rekor-client.ts';

const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX64 = /^[0-9a-f]{64}$/;

function field<T>(ok: boolean, value: unknown, what: string): T {
  if (!ok) throw new RekorEntryError(`${what} is missing or malformed`);
  return value as T;
}

function text(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RekorEntryError(`${what} is not UTF-8`);
  }
}

/** RFC 6962 leaf hash of the body, hex: the last 64 hex digits of the entry's UUID. */
function leafHashHex(body: Uint8Array): string {
  const leaf = new Uint8Array(body.length + 1);
  leaf.set(body, 1);
  return sha256Hex(leaf);
}

/**
 * Builds the bundle for a `hashedrekord` 0.0.1 entry. Throws RekorEntryError for another kind (dsse
 * and intoto entries hold only hashes of the envelope, not what a signature can be checked over),
 * for a body that is not the one the UUID names, and for a malformed entry.
 */
export function rekorEntryBundle(
  uuid: string,
  entry: RekorLogEntry,
): { bundle: Record<string, unknown>; rekorKeysDer: Uint8Array[] } {
  const bodyB64 = field<string>(typeof entry.body === 'string', entry.body, 'body');
  const body = base64Decode(bodyB64);
  if (leafHashHex(body) !== uuid.slice(-64))
    throw new RekorEntryError(`the body is not the entry ${uuid} (its leaf hash differs)`);
  const integratedTime = field<number>(
    Number.isSafeInteger(entry.integratedTime),
    entry.integratedTime,
    'integratedTime',
  );
  const logIndex = field<number>(Number.isSafeInteger(entry.logIndex), entry.logIndex, 'logIndex');
  const logID = field<string>(typeof entry.logID === 'string' && HEX64.test(entry.logID), entry.logID, 'logID');
  const verification = field<Record<string, unknown>>(isObj(entry.verification), entry.verification, 'verification');
  const set = field<string>(
    typeof verification.signedEntryTimestamp === 'string',
    verification.signedEntryTimestamp,
    'verification.signedEntryTimestamp',
  );
  const proof = field<Record<string, unknown>>(
    isObj(verification.inclusionProof),
    verification.inclusionProof,
    'verification.inclusionProof',
  );
  const hashes = field<string[]>(
    Array.isArray(proof.hashes) && proof.hashes.every((h) => typeof h === 'string' && HEX64.test(h)),
    proof.hashes,
    'inclusionProof.hashes',
  );
  const rootHash = field<string>(
    typeof proof.rootHash === 'string' && HEX64.test(proof.rootHash),
    proof.rootHash,
    'inclusionProof.rootHash',
  );
  const checkpoint = field<string>(typeof proof.checkpoint === 'string', proof.checkpoint, 'inclusionProof.checkpoint');
  const treeSize = field<number>(Number.isSafeInteger(proof.treeSize), proof.treeSize, 'inclusionProof.treeSize');
  const proofIndex = field<number>(Number.isSafeInteger(proof.logIndex), proof.logIndex, 'inclusionProof.logIndex');

  let doc: unknown;
  try {
    doc = JSON.parse(text(body, 'body'));
  } catch (e) {
    throw e instanceof RekorEntryError ? e : new RekorEntryError(`body is not JSON: ${(e as Error).message}`);
  }
  const deep = depthProblem(doc, 'the body');
  if (deep) throw new RekorEntryError(deep);
  const kind = isObj(doc) ? `${String(doc.kind)} ${String(doc.apiVersion)}` : 'not an object';
  if (!isObj(doc) || doc.kind !== 'hashedrekord' || doc.apiVersion !== '0.0.1') {
    const claim = claimedSigner(doc);
    throw new RekorEntryError(
      `a ${kind} entry records hashes only; only hashedrekord 0.0.1 entries can be verified from the log alone` +
        (claim ? ` (its certificate names ${claim}, unverified: audit the registry or bundles for it)` : ''),
    );
  }
  const spec = isObj(doc.spec) ? doc.spec : {};
  const hash = isObj(spec.data) && isObj(spec.data.hash) ? spec.data.hash : {};
  const sig = isObj(spec.signature) ? spec.signature : {};
  const digestHex = field<string>(
    hash.algorithm === 'sha256' && typeof hash.value === 'string' && HEX64.test(hash.value),
    hash.value,
    'spec.data.hash (sha256)',
  );
  const signature = field<string>(typeof sig.content === 'string', sig.content, 'spec.signature.content');
  const pem = text(
    base64Decode(
      field<string>(
        isObj(sig.publicKey) && typeof sig.publicKey.content === 'string',
        isObj(sig.publicKey) ? sig.publicKey.content : undefined,
        'spec.signature.publicKey',
      ),
    ),
    'publicKey',
  );
  const [block] = pemBlocks(pem);
  if (!block || (block.label !== 'CERTIFICATE' && block.label !== 'PUBLIC KEY'))
    throw new RekorEntryError('spec.signature.publicKey is neither a PEM certificate nor a PEM public key');

  const verificationMaterial = {
    ...(block.label === 'CERTIFICATE'
      ? { certificate: { rawBytes: base64Encode(block.der) } }
      : { publicKey: { hint: sha256Hex(block.der) } }),
    tlogEntries: [
      {
        logIndex: String(logIndex),
        logId: { keyId: base64Encode(hexDecode(logID)) },
        kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
        integratedTime: String(integratedTime),
        inclusionPromise: { signedEntryTimestamp: set },
        inclusionProof: {
          logIndex: String(proofIndex),
          rootHash: base64Encode(hexDecode(rootHash)),
          treeSize: String(treeSize),
          hashes: hashes.map((h) => base64Encode(hexDecode(h))),
          checkpoint: { envelope: checkpoint },
        },
        canonicalizedBody: bodyB64,
      },
    ],
  };
  const bundle = {
    mediaType: BUNDLE_V03,
    verificationMaterial,
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: base64Encode(hexDecode(digestHex)) },
      signature,
    },
  };
  return { bundle, rekorKeysDer: block.label === 'PUBLIC KEY' ? [block.der] : [] };
}

/**
 * Who a dsse or intoto entry's certificate names, to point the reader at evidence worth finding; it is
 * never counted (nothing is verified). Undefined when the body has no readable certificate.
 */
function claimedSigner(doc: unknown): string | undefined {
  const spec = isObj(doc) && isObj(doc.spec) ? doc.spec : {};
  // dsse 0.0.1: spec.signatures[].verifier; intoto 0.0.2: spec.content.envelope.signatures[].publicKey.
  const envelope = isObj(spec.content) && isObj(spec.content.envelope) ? spec.content.envelope : {};
  const sigs = spec.signatures ?? envelope.signatures;
  const first: unknown = Array.isArray(sigs) ? sigs[0] : undefined;
  const b64 = isObj(first) ? (first.verifier ?? first.publicKey) : undefined;
  if (typeof b64 !== 'string') return undefined;
  try {
    const cert = readSignerCertificate(new TextDecoder().decode(base64Decode(b64)));
    const san = cert.sans[0]?.value;
    return san ? `${san}${cert.issuer ? ` (issuer ${cert.issuer})` : ''}` : undefined;
  } catch {
    return undefined;
  }
}

/** The entry as evidence for an image, or why it cannot be. */
export function rekorEvidence(logUrl: string, uuid: string, entry: RekorLogEntry): ImageEvidence {
  const { bundle, rekorKeysDer } = rekorEntryBundle(uuid, entry);
  const e = bundleEvidence(bundle, `rekor ${logUrl} entry ${uuid}`);
  if (rekorKeysDer.length) e.rekorKeysDer = rekorKeysDer;
  return e;
}
