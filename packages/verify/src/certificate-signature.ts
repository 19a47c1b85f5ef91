// Signature content for certificate-signed (keyless) bundles that verifies with exactly the
// algorithm the Sigstore algorithm registry (protobuf-specs PublicKeyDetails, sigstore-go's
// default algorithm details per key) assigns to the certificate's key:
//   ECDSA P-256 -> SHA-256, P-384 -> SHA-384, P-521 -> SHA-512 (PKIX_ECDSA_P*_SHA_*),
//   RSA (rsaEncryption) 2048/3072/4096 -> PKCS#1 v1.5 with SHA-256 (PKIX_RSA_PKCS1V15_*_SHA256),
//   RSA (id-RSASSA-PSS) 2048/3072/4096 -> PSS with SHA-256 (PKIX_RSA_PSS_*_SHA256),
//   Ed25519 -> pure Ed25519 over the message or DSSE PAE (PKIX_ED25519).
// @sigstore/verify instead lets node pick SHA-256 for DSSE whatever the key, and takes the
// message hash from the bundle, so a P-384/SHA-384 DSSE signature was denied and a P-384
// key used with SHA-256 was accepted. One algorithm per key: no fallback to other hashes
// decides anything (explain() only names the mismatch after a denial).
import type { SignedEntity } from '@sigstore/verify';
import { ASN1Obj } from '@sigstore/core';
import type { Bundle } from '@sigstore/bundle';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { BundleVerificationError } from './errors.ts';
import { readSpki, type SpkiInfo } from './spki.ts';
import {
  KEY_HASH_ALGORITHMS,
  MESSAGE_HASH,
  RSA_PKCS1_PADDING,
  describeAttempt,
  fixedSchemeContent,
  isEd25519ph,
  signedBytes,
  type Attempt,
  type KeyHashAlgorithm,
  type KeySignatureContent,
} from './key-signature.ts';

type SignatureContent = SignedEntity['signature'];

/** A registry entry: the PublicKeyDetails name and how a signature with it is checked. */
export interface RegisteredAlgorithm {
  /** protobuf-specs PublicKeyDetails name, e.g. PKIX_ECDSA_P384_SHA_384. */
  details: string;
  /** The hash the signature is made over (undefined for pure Ed25519). */
  hash: KeyHashAlgorithm | undefined;
  /** Hashes a message signature's messageDigest may declare with this key. */
  messageDigests: readonly KeyHashAlgorithm[];
  attempt: Attempt;
}

const EC_CURVES: Record<string, { curve: string; hash: KeyHashAlgorithm; details: string }> = {
  '1.2.840.10045.3.1.7': { curve: 'P-256', hash: 'sha256', details: 'PKIX_ECDSA_P256_SHA_256' },
  '1.3.132.0.34': { curve: 'P-384', hash: 'sha384', details: 'PKIX_ECDSA_P384_SHA_384' },
  '1.3.132.0.35': { curve: 'P-521', hash: 'sha512', details: 'PKIX_ECDSA_P521_SHA_512' },
};
const RSA_SIZES = [2048, 3072, 4096];
// Pure Ed25519 signs the message itself; the messageDigest only binds the artifact (and the log
// entry). sha256 is what Sigstore clients write for hashedrekord, sha512 is Ed25519's own hash.
const ED25519_MESSAGE_DIGESTS: readonly KeyHashAlgorithm[] = ['sha256', 'sha512'];

function unregistered(what: string): BundleVerificationError {
  return new BundleVerificationError(
    'SIGNATURE',
    'signature',
    `the signing certificate's key is ${what}, which has no signing algorithm in the Sigstore algorithm registry (ECDSA P-256/P-384/P-521, RSA 2048/3072/4096 PKCS#1 v1.5 or PSS, Ed25519)`,
  );
}

function rsaModulusBits(info: SpkiInfo): number {
  const n = ASN1Obj.parseBuffer(Buffer.from(info.key.buffer as ArrayBuffer, info.key.byteOffset, info.key.byteLength))
    .subs[0]?.value;
  if (!n) throw new Error('RSA public key has no modulus');
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i]!));
}

/** The registry's algorithm for a certificate key (SPKI DER). Throws SIGNATURE for keys it does not list. */
export function registeredAlgorithm(spki: Uint8Array): RegisteredAlgorithm {
  let info: SpkiInfo;
  try {
    info = readSpki(spki);
  } catch (e) {
    throw new BundleVerificationError(
      'SIGNATURE',
      'signature',
      `the signing certificate's public key cannot be parsed: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return algorithmFor(info);
}

function algorithmFor(info: SpkiInfo): RegisteredAlgorithm {
  if (info.kind === 'ecdsa') {
    const ec = EC_CURVES[info.curveOid];
    if (!ec) throw unregistered(`ECDSA on curve ${info.curveOid || '(none)'}`);
    return {
      details: ec.details,
      hash: ec.hash,
      messageDigests: [ec.hash],
      attempt: { hash: ec.hash, padding: undefined },
    };
  }
  if (info.kind === 'ed25519') {
    return {
      details: 'PKIX_ED25519',
      hash: undefined,
      messageDigests: ED25519_MESSAGE_DIGESTS,
      attempt: { hash: undefined, padding: undefined },
    };
  }
  if (info.kind === 'rsa' || info.kind === 'rsa-pss') {
    let bits: number;
    try {
      bits = rsaModulusBits(info);
    } catch (e) {
      throw new BundleVerificationError(
        'SIGNATURE',
        'signature',
        `the signing certificate's RSA key cannot be read: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const pss = info.kind === 'rsa-pss';
    if (!RSA_SIZES.includes(bits)) throw unregistered(`a ${bits}-bit RSA${pss ? '-PSS' : ''} key`);
    return {
      details: pss ? `PKIX_RSA_PSS_${bits}_SHA256` : `PKIX_RSA_PKCS1V15_${bits}_SHA256`,
      hash: 'sha256',
      messageDigests: ['sha256'],
      // id-RSASSA-PSS keys are PSS-only in node and the browser shim; salt length auto, as Go's verifier.
      attempt: { hash: 'sha256', padding: pss ? undefined : RSA_PKCS1_PADDING },
    };
  }
  throw unregistered(`algorithm ${info.algorithm}`);
}

/** A message signature's declared digest must be the one the key's algorithm signs (SIGNATURE otherwise). */
export function checkCertificateMessageDigest(bundle: Bundle, alg: RegisteredAlgorithm): void {
  if (bundle.content.$case !== 'messageSignature') return;
  const md = bundle.content.messageSignature.messageDigest.algorithm;
  const declared = MESSAGE_HASH[md];
  if (declared !== undefined && alg.messageDigests.includes(declared)) return;
  const name = declared ?? HashAlgorithm[md] ?? `algorithm ${md}`;
  throw new BundleVerificationError(
    'SIGNATURE',
    'signature',
    `the bundle's message digest is ${name}, but the signing certificate's key is ${alg.details}, which signs ${alg.messageDigests.join(' or ')} message digests: the declared hash disagrees with the key's registered algorithm`,
  );
}

/** Signature content for a certificate-signed bundle, verifying with the registered algorithm only. */
export function certificateSignatureContent(
  bundle: Bundle,
  base: SignatureContent,
  artifact: Uint8Array | undefined,
  spki: Uint8Array,
): KeySignatureContent {
  const info = readSpki(spki);
  const alg = registeredAlgorithm(spki);
  checkCertificateMessageDigest(bundle, alg);
  const signed = signedBytes(bundle, artifact);
  const description = `${alg.details}: ${describeAttempt(info, alg.attempt)}`;
  return fixedSchemeContent(base, signed, alg.attempt, description, (attempt) =>
    diagnose(info, alg, attempt, signed, base.signature),
  );
}

// Only after the registered check failed, to name the likely cause; never turns a failure into a pass.
function diagnose(
  info: SpkiInfo,
  alg: RegisteredAlgorithm,
  attempt: (a: Attempt) => boolean,
  signed: Buffer,
  signature: Buffer,
): string | undefined {
  if (info.kind === 'ed25519') {
    return isEd25519ph(info, signed, signature)
      ? "the signature is Ed25519ph (prehashed), but certificate Ed25519 keys verify pure Ed25519 (PKIX_ED25519, sigstore-go's default); Ed25519ph is not accepted"
      : undefined;
  }
  if (info.kind !== 'ecdsa') return undefined;
  const other = KEY_HASH_ALGORITHMS.find((hash) => hash !== alg.hash && attempt({ hash, padding: undefined }));
  return other
    ? `the signature is ECDSA with ${other}, but the algorithm registry assigns ${alg.details} to this certificate key; other hashes are not accepted`
    : undefined;
}
