// Binding the bundle to the artifact: the message digest for message signatures, an
// in-toto subject for DSSE. Also the digest-only signature content (prehashed ECDSA).
import type { Bundle } from '@sigstore/bundle';
import type { SignedEntity } from '@sigstore/verify';

type SignatureContent = SignedEntity['signature'];
import { crypto } from '@sigstore/core';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { depthProblem } from '@sigguard/input-limits';
import { BundleVerificationError } from './errors.ts';
import { prehashVerifier } from './prehash.ts';

export interface ArtifactDigest {
  algorithm: 'sha256';
  /** lowercase hex */
  hex: string;
}

import type { InTotoStatement } from '@sigguard/types';
import { hex } from './hex-bytes.ts';
export type { InTotoStatement } from '@sigguard/types';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const NODE_HASH: Partial<Record<HashAlgorithm, string>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

function fail(message: string): BundleVerificationError {
  return new BundleVerificationError('ARTIFACT_DIGEST', 'artifact', message);
}

/** Parse "sha256:<64 hex>" (the conformance digest form). Returns undefined for anything else. */
export function parseArtifactDigest(s: string): ArtifactDigest | undefined {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(s);
  return m ? { algorithm: 'sha256', hex: m[1]!.toLowerCase() } : undefined;
}

export function checkDigestOption(d: ArtifactDigest): void {
  if (d?.algorithm !== 'sha256' || typeof d.hex !== 'string' || !HEX_SHA256.test(d.hex.toLowerCase())) {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'artifact',
      'artifactDigest must be { algorithm: "sha256", hex: <64 hex digits> }',
    );
  }
}

/** sha256 hex of the artifact as the caller gave it (bytes are hashed here). */
export function artifactSha256(artifact: Uint8Array | undefined, digest: ArtifactDigest | undefined): string {
  if (digest) return digest.hex.toLowerCase();
  return hex(crypto.digest('sha256', artifact!));
}

/** Message signature: the artifact's digest must equal the bundle's messageDigest. Returns a reason. */
export function checkMessageDigest(
  bundle: Bundle,
  artifact: Uint8Array | undefined,
  digest: ArtifactDigest | undefined,
): string {
  if (bundle.content.$case !== 'messageSignature') throw new Error('not a message signature');
  const md = bundle.content.messageSignature.messageDigest;
  const algorithm =
    NODE_HASH[md.algorithm as HashAlgorithm] ??
    (md.algorithm === HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED ? 'sha256' : undefined);
  if (!algorithm) throw fail(`bundle messageDigest uses unsupported hash algorithm ${md.algorithm}`);
  const want = hex(md.digest);
  let got: string;
  if (digest) {
    if (algorithm !== 'sha256')
      throw fail(`bundle messageDigest is ${algorithm}, but only a sha256 artifact digest was given`);
    got = digest.hex.toLowerCase();
  } else {
    got = hex(crypto.digest(algorithm, artifact!));
  }
  if (got !== want) throw fail(`artifact ${algorithm} ${got} does not match the bundle's message digest ${want}`);
  return `artifact ${algorithm}:${got} matches the signed message digest`;
}

/** DSSE: the payload must be an in-toto statement with a subject whose sha256 is the artifact's. */
export function checkInTotoSubject(bundle: Bundle, sha256Hex: string): { statement: InTotoStatement; reason: string } {
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE envelope');
  const env = bundle.content.dsseEnvelope;
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw fail(
      `DSSE payload type is ${JSON.stringify(env.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}: it names no subject the artifact could match`,
    );
  }
  const statement = parseStatement(env.payload);
  const subjects = statement.subject ?? []; // parseStatement checked that it is an array
  const match = subjects.find(
    (s) => typeof s?.digest?.sha256 === 'string' && s.digest.sha256.toLowerCase() === sha256Hex,
  );
  if (!match) {
    const names = subjects
      .map((s) => `${s?.name ?? '?'}@sha256:${s?.digest?.sha256 ?? '-'}`)
      .slice(0, 5)
      .join(', ');
    throw fail(`no in-toto subject has sha256 ${sha256Hex} (subjects: ${names || 'none'})`);
  }
  return { statement, reason: `in-toto subject ${JSON.stringify(match.name ?? '')} has sha256:${sha256Hex}` };
}

// One decoder for every call (a decode without `stream` keeps no state).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function parseStatement(payload: Uint8Array): InTotoStatement {
  let doc: unknown;
  try {
    doc = JSON.parse(strictUtf8.decode(payload));
  } catch (e) {
    throw fail(`DSSE payload is not a JSON in-toto statement: ${(e as Error).message}`);
  }
  const deep = depthProblem(doc, 'the in-toto statement');
  if (deep) throw fail(deep);
  const s = doc as Partial<InTotoStatement>;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    !Array.isArray(s.subject) ||
    typeof s.predicateType !== 'string' ||
    typeof s._type !== 'string'
  ) {
    throw fail('DSSE payload is not an in-toto statement (needs _type, subject[], predicateType)');
  }
  return s as InTotoStatement;
}

/**
 * Signature content for a message signature when only the artifact digest is known:
 * same comparisons as @sigstore/verify's MessageSignatureContent, but the signature is
 * checked against the digest with prehashed ECDSA, using the signer's SPKI.
 */
export function digestSignatureContent(bundle: Bundle, signerSpki: Uint8Array): SignatureContent {
  if (bundle.content.$case !== 'messageSignature') throw new Error('not a message signature');
  const ms = bundle.content.messageSignature;
  const verifier = prehashVerifier(signerSpki);
  return {
    signature: ms.signature,
    compareSignature: (sig: Buffer) => crypto.bufferEqual(sig, ms.signature),
    compareDigest: (d: Buffer) => crypto.bufferEqual(d, ms.messageDigest.digest),
    compareSignedDigest: (d: Buffer) => crypto.bufferEqual(d, ms.messageDigest.digest),
    // The digest was already bound to the caller's artifact digest by checkMessageDigest.
    verifySignature: () => verifier.verify(ms.signature, ms.messageDigest.digest),
  };
}
