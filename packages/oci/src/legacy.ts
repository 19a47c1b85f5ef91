import { depthProblem } from '@sigguard/input-limits';
import { sha256Hex } from './digest.ts';
import { base64Decode, base64Encode, bytesEqual, hexDecode, pemBlocks, utf8 } from './encoding.ts';
import { OciError } from './errors.ts';
import { fail, pass, type Check, type EvidenceKind } from './evidence.ts';
import type { Descriptor } from './manifest.ts';
import { ANN_BUNDLE, ANN_CERTIFICATE, ANN_CHAIN, ANN_RFC3161, ANN_SIGNATURE } from './media-types.ts';

export const BUNDLE_V01 = 'application/vnd.dev.sigstore.bundle+json;version=0.1';

/** cosign's Rekor bundle annotation (pkg/cosign/bundle/rekor.go): capitalised outer keys. */
interface RekorBundle {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON from a layer or annotation, or undefined when it does not parse; too deep is EVIDENCE_INVALID. */
function parseJson(text: string, what: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const deep = depthProblem(doc, what);
  if (deep) throw new OciError('EVIDENCE_INVALID', deep);
  return doc;
}

function parseRekorBundle(json: string): RekorBundle {
  const doc = parseJson(json, `${ANN_BUNDLE} annotation`);
  if (doc === undefined) throw new OciError('EVIDENCE_INVALID', `${ANN_BUNDLE} annotation is not JSON`);
  const p = isObj(doc) ? doc.Payload : undefined;
  if (
    !isObj(doc) ||
    typeof doc.SignedEntryTimestamp !== 'string' ||
    !isObj(p) ||
    typeof p.body !== 'string' ||
    !Number.isSafeInteger(p.integratedTime) ||
    !Number.isSafeInteger(p.logIndex) ||
    typeof p.logID !== 'string' ||
    !/^[0-9a-f]{64}$/.test(p.logID)
  ) {
    throw new OciError(
      'EVIDENCE_INVALID',
      `${ANN_BUNDLE} annotation must be {SignedEntryTimestamp, Payload:{body, integratedTime, logIndex, logID}}`,
    );
  }
  return doc as unknown as RekorBundle;
}

/** The Rekor entry body (hashedrekord / dsse / intoto) as JSON. */
interface RekorBody {
  kind: string;
  apiVersion: string;
  spec: Record<string, unknown>;
}

function decodeBody(b64: string): RekorBody {
  let text: string;
  try {
    text = utf8(base64Decode(b64));
  } catch {
    throw new OciError('EVIDENCE_INVALID', 'Rekor bundle body is not base64 JSON');
  }
  const body = parseJson(text, 'Rekor bundle body');
  if (body === undefined) throw new OciError('EVIDENCE_INVALID', 'Rekor bundle body is not base64 JSON');
  if (!isObj(body) || typeof body.kind !== 'string' || typeof body.apiVersion !== 'string' || !isObj(body.spec)) {
    throw new OciError('EVIDENCE_INVALID', 'Rekor bundle body lacks kind/apiVersion/spec');
  }
  return body as unknown as RekorBody;
}

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);

/** Key material in the Rekor body: base64 of a PEM certificate or public key, decoded to DER. */
function bodyKeysDer(body: RekorBody): Uint8Array[] {
  const pems: unknown[] = [];
  if (body.kind === 'hashedrekord') pems.push(get(body.spec, 'signature', 'publicKey', 'content'));
  if (body.kind === 'dsse') {
    for (const s of (get(body.spec, 'signatures') as unknown[] | undefined) ?? []) pems.push(get(s, 'verifier'));
  }
  if (body.kind === 'intoto') {
    for (const s of (get(body.spec, 'content', 'envelope', 'signatures') as unknown[] | undefined) ?? []) {
      pems.push(get(s, 'publicKey'));
    }
  }
  const out: Uint8Array[] = [];
  for (const p of pems) {
    if (typeof p !== 'string') continue;
    for (const b of pemBlocks(utf8(base64Decode(p)))) out.push(b.der);
  }
  return out;
}

/** The hash the Rekor body records for the signed object (cosign `bundleHash`). */
function bodyHash(body: RekorBody): { algorithm: unknown; value: unknown } {
  if (body.kind === 'hashedrekord') {
    return { algorithm: get(body.spec, 'data', 'hash', 'algorithm'), value: get(body.spec, 'data', 'hash', 'value') };
  }
  if (body.kind === 'dsse') {
    return { algorithm: get(body.spec, 'envelopeHash', 'algorithm'), value: get(body.spec, 'envelopeHash', 'value') };
  }
  if (body.kind === 'intoto') {
    return {
      algorithm: get(body.spec, 'content', 'hash', 'algorithm'),
      value: get(body.spec, 'content', 'hash', 'value'),
    };
  }
  throw new OciError('EVIDENCE_INVALID', `Rekor entry kind '${body.kind}' is not hashedrekord, dsse or intoto`);
}

export interface LegacyLayer {
  kind: EvidenceKind;
  descriptor: Descriptor;
  /** Exact layer bytes: simple-signing payload (.sig) or DSSE envelope JSON (.att). */
  bytes: Uint8Array;
}

export interface ConvertedLayer {
  bundle: Record<string, unknown>;
  checks: Check[];
  /** DER of the public key/cert recorded in the Rekor body (cross-checked against a key authority later). */
  rekorKeysDer: Uint8Array[];
}

/**
 * Converts one cosign legacy layer into a v0.1 Sigstore bundle, replicating cosign's
 * cross-checks of the layer against its Rekor bundle (signature, key, body hash) on the
 * exact bytes. The SET, chain, SCT and validity-at-signing-time are checked by the bundle
 * verifier (inclusion promise + certificate chain in the bundle).
 */
export function convertLegacyLayer(layer: LegacyLayer): ConvertedLayer {
  const ann = layer.descriptor.annotations ?? {};
  const checks: Check[] = [];
  const layerHash = sha256Hex(layer.bytes);

  // Verification material: the leaf certificate plus chain, or (keyed signing) a key hint.
  const certs: Uint8Array[] = [];
  if (ann[ANN_CERTIFICATE]) {
    const leaf = pemBlocks(ann[ANN_CERTIFICATE], 'CERTIFICATE');
    if (leaf.length !== 1) {
      throw new OciError(
        'EVIDENCE_INVALID',
        `${ANN_CERTIFICATE} must hold exactly one PEM certificate, found ${leaf.length}`,
      );
    }
    certs.push(leaf[0]!.der);
    if (ann[ANN_CHAIN]) {
      const chain = pemBlocks(ann[ANN_CHAIN], 'CERTIFICATE');
      if (chain.length === 0) throw new OciError('EVIDENCE_INVALID', `${ANN_CHAIN} holds no PEM certificate`);
      certs.push(...chain.map((c) => c.der));
    }
  }
  const verificationMaterial: Record<string, unknown> =
    certs.length > 0
      ? { x509CertificateChain: { certificates: certs.map((c) => ({ rawBytes: base64Encode(c) })) } }
      : { publicKey: { hint: '' } };

  // Content: message signature over the simple-signing payload, or the DSSE envelope itself.
  let content: Record<string, unknown>;
  let layerSignatures: string[];
  if (layer.kind === 'signature') {
    const sig = ann[ANN_SIGNATURE];
    if (!sig) throw new OciError('EVIDENCE_INVALID', `signature layer has no ${ANN_SIGNATURE} annotation`);
    content = {
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: base64Encode(hexDecode(layerHash)) },
        signature: sig,
      },
    };
    layerSignatures = [sig];
  } else {
    let text: string;
    try {
      text = utf8(layer.bytes);
    } catch {
      throw new OciError('EVIDENCE_INVALID', 'attestation layer is not a DSSE envelope (not JSON)');
    }
    const env = parseJson(text, 'attestation layer');
    if (env === undefined)
      throw new OciError('EVIDENCE_INVALID', 'attestation layer is not a DSSE envelope (not JSON)');
    const sigs = get(env, 'signatures');
    if (
      !isObj(env) ||
      typeof env.payload !== 'string' ||
      typeof env.payloadType !== 'string' ||
      !Array.isArray(sigs) ||
      sigs.length === 0 ||
      sigs.some((s) => typeof get(s, 'sig') !== 'string')
    ) {
      throw new OciError(
        'EVIDENCE_INVALID',
        'attestation layer is not a DSSE envelope {payloadType, payload, signatures}',
      );
    }
    layerSignatures = sigs.map((s) => get(s, 'sig') as string);
    content = {
      dsseEnvelope: {
        payload: env.payload,
        payloadType: env.payloadType,
        signatures: sigs.map((s) => ({ sig: get(s, 'sig'), keyid: (get(s, 'keyid') as string | undefined) ?? '' })),
      },
    };
  }

  // Transparency: the Rekor bundle with its SET becomes a tlog entry with an inclusion promise.
  const tlogEntries: unknown[] = [];
  let rekorKeysDer: Uint8Array[] = [];
  if (ann[ANN_BUNDLE]) {
    const rb = parseRekorBundle(ann[ANN_BUNDLE]);
    const body = decodeBody(rb.Payload.body);
    tlogEntries.push({
      logIndex: String(rb.Payload.logIndex),
      logId: { keyId: base64Encode(hexDecode(rb.Payload.logID)) },
      kindVersion: { kind: body.kind, version: body.apiVersion },
      integratedTime: String(rb.Payload.integratedTime),
      inclusionPromise: { signedEntryTimestamp: rb.SignedEntryTimestamp },
      canonicalizedBody: rb.Payload.body,
    });
    checks.push(...crossCheckRekorBody(layer, body, layerSignatures, certs[0], layerHash));
    rekorKeysDer = bodyKeysDer(body);
  } else {
    checks.push({
      name: 'rekor-bundle',
      status: 'skip',
      reason: `no ${ANN_BUNDLE} annotation: no transparency-log entry to cross-check (offline verification needs one unless the authority ignores the tlog)`,
    });
  }

  const timestampVerificationData: Record<string, unknown> = { rfc3161Timestamps: [] };
  if (ann[ANN_RFC3161]) {
    const ts = parseJson(ann[ANN_RFC3161], `${ANN_RFC3161} annotation`);
    if (ts === undefined) throw new OciError('EVIDENCE_INVALID', `${ANN_RFC3161} annotation is not JSON`);
    const signed = get(ts, 'SignedRFC3161Timestamp');
    if (typeof signed !== 'string') {
      throw new OciError('EVIDENCE_INVALID', `${ANN_RFC3161} annotation lacks SignedRFC3161Timestamp`);
    }
    timestampVerificationData.rfc3161Timestamps = [{ signedTimestamp: signed }];
  }

  const bundle = {
    mediaType: BUNDLE_V01,
    verificationMaterial: { ...verificationMaterial, tlogEntries, timestampVerificationData },
    ...content,
  };
  return { bundle, checks, rekorKeysDer };
}

/** cosign VerifyBundle's compareSigs / comparePublicKey / bundleHash on the raw layer. */
function crossCheckRekorBody(
  layer: LegacyLayer,
  body: RekorBody,
  layerSignatures: string[],
  leafDer: Uint8Array | undefined,
  layerHash: string,
): Check[] {
  const checks: Check[] = [];
  // Signature: only hashedrekord records it in a form comparable to the .sig annotation
  // (cosign skips this for attestations, whose signature annotation is empty).
  if (layer.kind === 'signature') {
    const recorded = get(body.spec, 'signature', 'content');
    if (body.kind !== 'hashedrekord') {
      checks.push(
        fail('rekor-signature', `Rekor entry kind '${body.kind}' cannot record a simple-signing signature`, 'TLOG'),
      );
    } else if (typeof recorded === 'string' && bytesEqual(base64Decode(recorded), base64Decode(layerSignatures[0]!))) {
      checks.push(pass('rekor-signature', 'signature in the Rekor entry equals the layer signature'));
    } else {
      checks.push(fail('rekor-signature', 'signature in the Rekor entry differs from the layer signature', 'TLOG'));
    }
  } else if (body.kind === 'dsse') {
    const recorded = ((get(body.spec, 'signatures') as unknown[] | undefined) ?? []).map((s) => get(s, 'signature'));
    const ok = layerSignatures.every((s) =>
      recorded.some((r) => typeof r === 'string' && bytesEqual(base64Decode(r), base64Decode(s))),
    );
    checks.push(
      ok
        ? pass('rekor-signature', 'DSSE signatures in the Rekor entry equal the envelope signatures')
        : fail('rekor-signature', 'DSSE signatures in the Rekor entry differ from the envelope signatures', 'TLOG'),
    );
  } else {
    checks.push({
      name: 'rekor-signature',
      status: 'skip',
      reason: `Rekor '${body.kind}' entries are matched to the envelope by the transparency-log check`,
    });
  }
  // Key: the certificate (or key) the log recorded must be the one in the layer.
  const keys = bodyKeysDer(body);
  if (leafDer) {
    checks.push(
      keys.some((k) => bytesEqual(k, leafDer))
        ? pass('rekor-public-key', 'certificate in the Rekor entry equals the layer certificate')
        : fail('rekor-public-key', 'certificate in the Rekor entry differs from the layer certificate', 'TLOG'),
    );
  } else if (keys.length === 0) {
    checks.push(fail('rekor-public-key', 'the Rekor entry records no public key', 'TLOG'));
  }
  // Body hash: sha256 of the exact layer bytes.
  const h = bodyHash(body);
  if (h.algorithm !== 'sha256') {
    checks.push(fail('rekor-body-hash', `Rekor entry hash algorithm '${String(h.algorithm)}' is not sha256`, 'TLOG'));
  } else if (h.value !== layerHash) {
    checks.push(
      fail(
        'rekor-body-hash',
        `matching bundle to payload: Rekor entry hash ${String(h.value)} != sha256 of the layer ${layerHash}`,
        'TLOG',
      ),
    );
  } else {
    checks.push(pass('rekor-body-hash', `Rekor entry hash equals sha256 of the layer (${layerHash.slice(0, 12)}…)`));
  }
  return checks;
}
