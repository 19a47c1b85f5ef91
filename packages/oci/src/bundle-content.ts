import { depthProblem } from '@sigguard/input-limits';
import { base64Decode, utf8 } from './encoding.ts';
import { OciError } from './errors.ts';
import { fail, pass, type Check, type EvidenceKind, type ImageEvidence } from './evidence.ts';
import { COSIGN_SIGN_PREDICATE, IN_TOTO } from './media-types.ts';
import { parseDigest } from './digest.ts';

import type { InTotoStatement } from '@sigguard/types';
export type { InTotoStatement } from '@sigguard/types';

/** What a bundle signs: a DSSE envelope (usually an in-toto statement) or a message digest. */
export type BundleContent =
  | { type: 'dsse'; payloadType: string; payload: Uint8Array; statement?: InTotoStatement }
  | { type: 'message-signature'; digestAlgorithm: string; digestHex: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hexOfBase64(b64: string): string {
  return [...base64Decode(b64)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads the content of a Sigstore bundle JSON (unverified: only to classify and bind). */
export function bundleContent(bundle: unknown): BundleContent {
  const bad = (why: string) => new OciError('EVIDENCE_INVALID', `Sigstore bundle: ${why}`);
  if (!isObj(bundle)) throw bad('not a JSON object');
  if (typeof bundle.mediaType !== 'string' || !bundle.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) {
    throw bad(`mediaType '${String(bundle.mediaType)}' is not a Sigstore bundle media type`);
  }
  const env = bundle.dsseEnvelope;
  const msg = bundle.messageSignature;
  if (isObj(env) && !msg) {
    if (typeof env.payloadType !== 'string' || typeof env.payload !== 'string') {
      throw bad('dsseEnvelope lacks payloadType or payload');
    }
    let payload: Uint8Array;
    try {
      payload = base64Decode(env.payload);
    } catch {
      throw bad('dsseEnvelope payload is not base64');
    }
    const out: BundleContent = { type: 'dsse', payloadType: env.payloadType, payload };
    if (env.payloadType === IN_TOTO) out.statement = parseStatement(payload);
    return out;
  }
  if (isObj(msg) && !env) {
    const md = msg.messageDigest;
    if (!isObj(md) || typeof md.digest !== 'string') throw bad('messageSignature has no messageDigest');
    return {
      type: 'message-signature',
      digestAlgorithm: typeof md.algorithm === 'string' ? md.algorithm : 'HASH_ALGORITHM_UNSPECIFIED',
      digestHex: hexOfBase64(md.digest),
    };
  }
  throw bad('must hold exactly one of dsseEnvelope and messageSignature');
}

export function parseStatement(payload: Uint8Array): InTotoStatement {
  let doc: unknown;
  try {
    doc = JSON.parse(utf8(payload));
  } catch {
    throw new OciError('EVIDENCE_INVALID', 'in-toto statement is not UTF-8 JSON');
  }
  const deep = depthProblem(doc, 'in-toto statement');
  if (deep) throw new OciError('EVIDENCE_INVALID', deep);
  if (!isObj(doc) || typeof doc.predicateType !== 'string' || !Array.isArray(doc.subject)) {
    throw new OciError('EVIDENCE_INVALID', 'in-toto statement lacks predicateType or subject');
  }
  for (const s of doc.subject) {
    if (!isObj(s) || !isObj(s.digest)) throw new OciError('EVIDENCE_INVALID', 'in-toto subject without digest map');
  }
  return doc as unknown as InTotoStatement;
}

/** cosign v3 signs with an in-toto statement of predicateType sign/v1: a signature, not an attestation. */
export function evidenceKindOf(content: BundleContent): EvidenceKind {
  if (content.type === 'message-signature') return 'signature';
  return content.statement?.predicateType === COSIGN_SIGN_PREDICATE ? 'signature' : 'attestation';
}

/**
 * Does the evidence bind to this image digest? DSSE: an in-toto subject with that sha256;
 * message signature: messageDigest equals it; cosign simple signing: docker-manifest-digest.
 */
export function checkImageBinding(evidence: ImageEvidence, imageDigest: string): Check {
  const name = 'image-binding';
  const { hex } = parseDigest(imageDigest);
  if (evidence.payload) {
    let claim: unknown;
    try {
      claim = (JSON.parse(utf8(evidence.payload)) as { critical?: { image?: Record<string, unknown> } }).critical
        ?.image?.['docker-manifest-digest'];
    } catch {
      return fail(name, 'simple-signing payload is not JSON', 'ARTIFACT_DIGEST');
    }
    return claim === imageDigest
      ? pass(name, `simple-signing docker-manifest-digest is ${imageDigest}`)
      : fail(name, `invalid or missing digest in claim: ${String(claim)} (image is ${imageDigest})`, 'ARTIFACT_DIGEST');
  }
  if (!evidence.bundle) return fail(name, 'no bundle to bind', 'MALFORMED_BUNDLE');
  let content: BundleContent;
  try {
    content = evidence.content ?? bundleContent(evidence.bundle);
  } catch (e) {
    return fail(name, (e as Error).message, 'MALFORMED_BUNDLE');
  }
  if (content.type === 'message-signature') {
    if (content.digestAlgorithm !== 'SHA2_256') {
      return fail(name, `message digest algorithm ${content.digestAlgorithm} is not SHA2_256`, 'ARTIFACT_DIGEST');
    }
    return content.digestHex === hex
      ? pass(name, `message signature digest is ${imageDigest}`)
      : fail(
          name,
          `message signature is over sha256:${content.digestHex}, not the image ${imageDigest}`,
          'ARTIFACT_DIGEST',
        );
  }
  if (content.payloadType !== IN_TOTO || !content.statement) {
    return fail(name, `DSSE payloadType '${content.payloadType}' is not ${IN_TOTO}`, 'ARTIFACT_DIGEST');
  }
  // parseStatement checked that subjects are there and each has a digest map.
  const subjects = content.statement.subject ?? [];
  if (subjects.some((s) => s.digest?.sha256 === hex)) {
    return pass(name, `in-toto subject digest matches ${imageDigest}`);
  }
  const seen = subjects
    .map((s) => (s.digest?.sha256 ? `sha256:${s.digest.sha256}` : JSON.stringify(s.digest)))
    .join(', ');
  return fail(name, `no in-toto subject has digest ${imageDigest} (subjects: ${seen || 'none'})`, 'ARTIFACT_DIGEST');
}
