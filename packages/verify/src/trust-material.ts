// TrustRoot -> @sigstore/verify TrustMaterial, built once per TrustRoot (the TrustRoot
// is immutable and itself cached by content hash, so a WeakMap is enough).
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { crypto, pem } from '@sigstore/core';
import type { TrustRoot } from '@sigguard/trust-root';
import { BundleVerificationError } from './errors.ts';
import { checkKeyScheme, type KeyHashAlgorithm, type RsaSignatureScheme } from './key-signature.ts';
import { hotPathEnabled, prepareTrustMaterial } from './fast/index.ts';
import { importSpki } from './fast/key-objects.ts';

type BaseMaterial = Omit<TrustMaterial, 'publicKey'>;
const materials = new WeakMap<TrustRoot, BaseMaterial>();

function noKeys(hint: string): never {
  throw new BundleVerificationError(
    'PUBLIC_KEY',
    'signing-key',
    `bundle is signed with a public key (hint ${JSON.stringify(hint)}) but no trusted public key was given`,
  );
}

/** Trust material for keyless verification (and the base for key-based). Throws TRUST_ROOT. */
export function trustMaterialFor(root: TrustRoot): BaseMaterial {
  const hit = hotPathEnabled() ? materials.get(root) : undefined;
  if (hit) return hit;
  if (!root || typeof root !== 'object' || !('trustedRoot' in root)) {
    throw new BundleVerificationError(
      'TRUST_ROOT',
      'trust-root',
      'options.trustRoot must be a TrustRoot from @sigguard/trust-root',
    );
  }
  let material: TrustMaterial;
  try {
    material = prepareTrustMaterial(toTrustMaterial(root.trustedRoot, noKeys));
  } catch (e) {
    throw new BundleVerificationError(
      'TRUST_ROOT',
      'trust-root',
      `trust root ${root.name} cannot be used: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const { publicKey: _unused, ...base } = material;
  if (hotPathEnabled()) materials.set(root, base);
  return base;
}

/** A trusted public key (SubjectPublicKeyInfo, DER) for key-signed bundles. */
export interface TrustedPublicKey {
  /** DER SubjectPublicKeyInfo */
  spki: Uint8Array;
  /** Optional validity window (inclusive) checked against the signing time. */
  validFor?: { start?: Date; end?: Date };
  /**
   * The hash the signer used with this key (cosign `--key` / policy `key.hashAlgorithm`; policy-controller
   * defaults to sha256). Unset: the bundle's messageDigest algorithm for message signatures and
   * sha256 for DSSE (plain @sigstore/verify). Ignored for Ed25519, which signs the message itself.
   */
  hashAlgorithm?: KeyHashAlgorithm;
  /**
   * RSA only. An id-RSASSA-PSS key always verifies RSA-PSS. An rsaEncryption key verifies PKCS#1 v1.5
   * (cosign, policy-controller) unless this says 'pss' (e.g. a key exported from WebCrypto for RSA-PSS
   * signing); the PSS salt length is recovered from the signature, as Go's PSSSaltLengthAuto does.
   */
  rsaScheme?: RsaSignatureScheme;
}

/** How a PEM key is to verify: see TrustedPublicKey. */
export interface PublicKeyFromPemOptions {
  hashAlgorithm?: KeyHashAlgorithm;
  rsaScheme?: RsaSignatureScheme;
}

/** Trust material that answers every key hint with this one key (bundles' hints are not authoritative). */
export function withPublicKey(base: BaseMaterial, key: TrustedPublicKey): TrustMaterial {
  let publicKey: crypto.KeyObject;
  try {
    publicKey = importSpki(key.spki);
  } catch (e) {
    throw new BundleVerificationError(
      'PUBLIC_KEY',
      'signing-key',
      `trusted public key cannot be loaded: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const start = key.validFor?.start?.getTime() ?? -Infinity;
  const end = key.validFor?.end?.getTime() ?? Infinity;
  return {
    ...base,
    publicKey: () => ({ publicKey, validFor: (d: Date) => start <= d.getTime() && d.getTime() <= end }),
  };
}

/** A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) as a TrustedPublicKey. Throws PUBLIC_KEY on anything else. */
export function publicKeyFromPem(text: string, options: PublicKeyFromPemOptions = {}): TrustedPublicKey {
  if (typeof text !== 'string' || !/-----BEGIN PUBLIC KEY-----/.test(text)) {
    throw new BundleVerificationError('PUBLIC_KEY', 'signing-key', 'not a PEM "PUBLIC KEY" block');
  }
  let spki: Uint8Array;
  try {
    spki = new Uint8Array(pem.toDER(text));
  } catch (e) {
    throw new BundleVerificationError('PUBLIC_KEY', 'signing-key', `invalid PEM public key: ${(e as Error).message}`, {
      cause: e,
    });
  }
  // Load it once now so a corrupt key is reported here, not as a failed signature.
  try {
    crypto.createPublicKey(Buffer.from(spki.buffer as ArrayBuffer, spki.byteOffset, spki.byteLength));
  } catch (e) {
    throw new BundleVerificationError(
      'PUBLIC_KEY',
      'signing-key',
      `public key cannot be loaded: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const key: TrustedPublicKey = { spki };
  if (options.hashAlgorithm !== undefined) key.hashAlgorithm = options.hashAlgorithm;
  if (options.rsaScheme !== undefined) key.rsaScheme = options.rsaScheme;
  try {
    checkKeyScheme(key, 0);
  } catch (e) {
    throw new BundleVerificationError(
      'PUBLIC_KEY',
      'signing-key',
      (e as Error).message.replace('options.keys[0]', 'public key'),
      { cause: e },
    );
  }
  return key;
}
