// Signature content for key-signed bundles that verifies with the trusted key's own scheme:
// @sigstore/verify alone uses the bundle's messageDigest algorithm for message signatures and
// node's default (SHA-256) for DSSE, never pads RSA keys with PSS unless the SPKI says
// id-RSASSA-PSS, and hands Ed25519 keys a digest (which node refuses). cosign and
// policy-controller instead verify with the key's configured hash (key.hashAlgorithm, default
// sha256), RSA PKCS#1 v1.5 for rsaEncryption keys, and pure Ed25519 (sigstore/sigstore
// signature.LoadVerifier). This module carries those choices through the same seam the digest
// mode uses (SignedEntity.signature). Crypto goes through @sigstore/core, which the browser
// build shims; only the Ed25519ph diagnosis uses @noble/curves.
import { ed25519Curves } from './deps/noble-curves.ts';
import type { SignedEntity } from '@sigstore/verify';
import { crypto, dsse } from '@sigstore/core';
import type { Bundle } from '@sigstore/bundle';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { BundleVerificationError } from './errors.ts';
import { readSpki, type SpkiInfo } from './spki.ts';

type SignatureContent = SignedEntity['signature'];

export type { SigningHashAlgorithm as KeyHashAlgorithm } from '@sigguard/types';
import type { SigningHashAlgorithm as KeyHashAlgorithm } from '@sigguard/types';
export type RsaSignatureScheme = 'pkcs1v15' | 'pss';
export const KEY_HASH_ALGORITHMS: readonly KeyHashAlgorithm[] = ['sha256', 'sha384', 'sha512'];

// node:crypto constants (the browser shim uses the same numbers); @sigstore/core does not export them.
export const RSA_PKCS1_PADDING = 1;
export const RSA_PKCS1_PSS_PADDING = 6;
const RSA_PSS_SALTLEN_AUTO = -2; // Go's rsa.PSSSaltLengthAuto, what sigstore's RSAPSSVerifier uses
const RSA_PSS_SALTLEN_DIGEST = -1;

/** Bundle messageDigest algorithm -> hash name (unspecified reads as sha256, as @sigstore/verify does). */
export const MESSAGE_HASH: Partial<Record<HashAlgorithm, KeyHashAlgorithm>> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

/** The parts of a TrustedPublicKey that decide how a signature is checked. */
export interface KeyScheme {
  spki: Uint8Array;
  hashAlgorithm?: KeyHashAlgorithm;
  rsaScheme?: RsaSignatureScheme;
}

/** Rejects scheme options that do not fit the key (INVALID_OPTIONS), so a misconfiguration is named, not a bad signature. */
export function checkKeyScheme(key: KeyScheme, index: number): void {
  const where = `options.keys[${index}]`;
  if (key.hashAlgorithm !== undefined && !KEY_HASH_ALGORITHMS.includes(key.hashAlgorithm)) {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'signing-key',
      `${where}.hashAlgorithm must be sha256, sha384 or sha512, got ${JSON.stringify(key.hashAlgorithm)}`,
    );
  }
  if (key.rsaScheme === undefined) return;
  if (key.rsaScheme !== 'pkcs1v15' && key.rsaScheme !== 'pss') {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'signing-key',
      `${where}.rsaScheme must be "pkcs1v15" or "pss", got ${JSON.stringify(key.rsaScheme)}`,
    );
  }
  const kind = spkiKind(key.spki);
  if (kind !== 'rsa' && kind !== 'rsa-pss') {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'signing-key',
      `${where}.rsaScheme applies to RSA keys only, this key is ${kind}`,
    );
  }
  if (kind === 'rsa-pss' && key.rsaScheme === 'pkcs1v15') {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'signing-key',
      `${where} is an id-RSASSA-PSS key: it verifies RSA-PSS signatures only, not PKCS#1 v1.5`,
    );
  }
}

function spkiKind(spki: Uint8Array): SpkiInfo['kind'] {
  try {
    return readSpki(spki).kind;
  } catch {
    return 'other'; // reported when the key is loaded
  }
}

/** Signature content whose verifySignature uses the key's hash and scheme; explain() says why a check failed. */
export interface KeySignatureContent extends SignatureContent {
  /** After a failed verifySignature: the likely cause (hash or scheme mismatch), if one is found. */
  explain(): string | undefined;
  /** What was checked, e.g. "ECDSA with sha384". */
  describe(): string;
}

export interface Attempt {
  hash: KeyHashAlgorithm | undefined;
  padding: number | undefined;
  /** PSS salt length; default auto (recovered from the signature). */
  saltLength?: number;
}

export function keySignatureContent(
  bundle: Bundle,
  base: SignatureContent,
  artifact: Uint8Array | undefined,
  key: KeyScheme,
): KeySignatureContent {
  let info: SpkiInfo;
  try {
    info = readSpki(key.spki);
  } catch (e) {
    throw new BundleVerificationError(
      'PUBLIC_KEY',
      'signing-key',
      `trusted public key cannot be parsed: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const signed = signedBytes(bundle, artifact);
  let defaultHash: KeyHashAlgorithm | undefined;
  if (bundle.content.$case === 'messageSignature') {
    const md = bundle.content.messageSignature.messageDigest.algorithm;
    defaultHash = MESSAGE_HASH[md];
    if (defaultHash === undefined && key.hashAlgorithm === undefined) {
      throw new BundleVerificationError(
        'SIGNATURE',
        'signature',
        `bundle messageDigest uses hash algorithm ${md}, which key-signed verification does not support; give the key's hashAlgorithm`,
      );
    }
  } else {
    defaultHash = undefined; // node's default for DSSE: SHA-256 for EC and RSA keys (what @sigstore/verify does)
  }
  const chosen: Attempt = {
    hash: info.kind === 'ed25519' ? undefined : (key.hashAlgorithm ?? defaultHash),
    padding: info.kind === 'rsa' ? (key.rsaScheme === 'pss' ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) : undefined,
  };
  return fixedSchemeContent(base, signed, chosen, describeAttempt(info, chosen), (attempt) =>
    diagnose(info, chosen, attempt, signed, base.signature),
  );
}

/** Signature content that verifies with one fixed attempt; `diagnose` may name the cause after a failure. */
export function fixedSchemeContent(
  base: SignatureContent,
  signed: Buffer,
  chosen: Attempt,
  description: string,
  diagnose: (attempt: (a: Attempt) => boolean) => string | undefined,
): KeySignatureContent {
  const signature = base.signature;
  let keyObject: crypto.KeyObject | undefined;
  let failed = false;
  const attempt = (a: Attempt): boolean => (keyObject ? verifyWithAttempt(keyObject, signed, signature, a) : false);
  return {
    signature,
    compareSignature: (s) => base.compareSignature(s),
    compareDigest: (d) => base.compareDigest(d),
    compareSignedDigest: (d) => base.compareSignedDigest(d),
    verifySignature(k) {
      keyObject = k;
      const ok = attempt(chosen);
      failed = !ok;
      return ok;
    },
    describe: () => description,
    explain: () => (failed && keyObject ? diagnose(attempt) : undefined),
  };
}

/** The bytes a signature covers: the artifact (message signature) or the DSSE PAE. */
export function signedBytes(bundle: Bundle, artifact: Uint8Array | undefined): Buffer {
  if (bundle.content.$case === 'messageSignature') {
    if (!artifact) throw new Error('message signature content needs the artifact bytes');
    return Buffer.from(artifact.buffer as ArrayBuffer, artifact.byteOffset, artifact.byteLength);
  }
  const env = bundle.content.dsseEnvelope;
  return dsse.preAuthEncoding(env.payloadType, env.payload);
}

/** One signature check with an explicit hash and RSA padding, through @sigstore/core's crypto. */
export function verifyWithAttempt(keyObject: crypto.KeyObject, signed: Buffer, signature: Buffer, a: Attempt): boolean {
  // PKCS#1 v1.5 is node's (and the shim's) padding for an rsaEncryption KeyObject given as is; the
  // { key, padding } form costs node a key re-preparation per call (about +60% of an RSA-2048 verify).
  const plain = a.padding === undefined || (a.padding === RSA_PKCS1_PADDING && keyType(keyObject) === 'rsa');
  const input = plain
    ? keyObject
    : { key: keyObject, padding: a.padding, saltLength: a.saltLength ?? RSA_PSS_SALTLEN_AUTO };
  return crypto.verify(signed, input as unknown as crypto.KeyObject, signature, a.hash);
}

const keyType = (k: crypto.KeyObject): string | undefined => (k as { asymmetricKeyType?: string }).asymmetricKeyType;

/** Whether the signature is Ed25519ph over the signed bytes (diagnosis only, never an accept). */
export function isEd25519ph(info: SpkiInfo, signed: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519Curves().ed25519ph.verify(signature, signed, info.key);
  } catch {
    return false;
  }
}

function schemeName(info: SpkiInfo, padding: number | undefined): string {
  if (info.kind === 'ecdsa') return 'ECDSA';
  if (info.kind === 'ed25519') return 'Ed25519 (pure)';
  if (info.kind === 'rsa-pss' || padding === RSA_PKCS1_PSS_PADDING) return 'RSA-PSS';
  if (info.kind === 'rsa') return 'RSA PKCS#1 v1.5';
  return `algorithm ${info.algorithm}`;
}

export function describeAttempt(info: SpkiInfo, a: Attempt): string {
  return info.kind === 'ed25519'
    ? schemeName(info, a.padding)
    : `${schemeName(info, a.padding)} with ${a.hash ?? 'sha256'}`;
}

// Only runs after the configured check failed, to name the mismatch; it never turns a failure into a pass.
function diagnose(
  info: SpkiInfo,
  chosen: Attempt,
  attempt: (a: Attempt) => boolean,
  signed: Buffer,
  signature: Buffer,
): string | undefined {
  const used = describeAttempt(info, chosen);
  if (info.kind === 'ed25519') {
    return isEd25519ph(info, signed, signature)
      ? 'the signature is Ed25519ph (prehashed Ed25519, as cosign signs blobs with Ed25519 keys), but Ed25519 keys verify pure Ed25519 (policy-controller and sigstore-go semantics); Ed25519ph is not accepted'
      : undefined;
  }
  if (info.kind !== 'ecdsa' && info.kind !== 'rsa' && info.kind !== 'rsa-pss') return undefined;
  const paddings =
    info.kind === 'rsa'
      ? [chosen.padding, chosen.padding === RSA_PKCS1_PSS_PADDING ? RSA_PKCS1_PADDING : RSA_PKCS1_PSS_PADDING]
      : [undefined];
  for (const padding of paddings) {
    for (const hash of KEY_HASH_ALGORITHMS) {
      // A PSS guess tries only salt = hash length: "auto" costs one RSA operation per salt
      // length in the browser shim, too much for a hint on a path an attacker can drive.
      const a: Attempt = {
        hash,
        padding,
        ...(padding === RSA_PKCS1_PSS_PADDING && padding !== chosen.padding
          ? { saltLength: RSA_PSS_SALTLEN_DIGEST }
          : {}),
      };
      if (padding === chosen.padding && hash === (chosen.hash ?? 'sha256')) continue;
      let ok = false;
      try {
        ok = attempt(a);
      } catch {
        ok = false;
      }
      if (!ok) continue;
      const what = describeAttempt(info, a);
      const fixes: string[] = [];
      if (hash !== (chosen.hash ?? 'sha256')) fixes.push(`hashAlgorithm ${hash}`);
      if (padding !== chosen.padding) {
        fixes.push(
          padding === RSA_PKCS1_PSS_PADDING
            ? 'rsaScheme "pss" (an rsaEncryption key verifies PKCS#1 v1.5 unless told otherwise)'
            : 'rsaScheme "pkcs1v15"',
        );
      }
      return `the signature is ${what}, but the key is configured for ${used}: if the signer used ${what}, configure the key with ${fixes.join(' and ')}`;
    }
  }
  return undefined;
}
