// Key pairs for every role of the private instance (CA, CT log, Rekor, TSA, signers).
// Generated with WebCrypto (usable by @peculiar/x509 and pkijs) and mirrored as node:crypto
// KeyObjects for raw signatures (SCTs, SETs, checkpoints, artifact signatures).
import { KeyObject, constants, createPublicKey, sign as nodeSign, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { sha256, toPEM } from '../encoding.ts';

export type KeyType =
  | 'ecdsa-p256'
  | 'ecdsa-p384'
  | 'ecdsa-p521'
  | 'rsa-pkcs1-2048'
  | 'rsa-pss-2048'
  | 'rsa-pss-spki-2048'
  | 'rsa-pkcs1-1024'
  | 'ed25519';

/** Key types the committed vectors hold key pairs for (rsa-pss-spki-2048 is generated on demand only). */
export const KEY_TYPES: readonly KeyType[] = [
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
  'rsa-pkcs1-2048',
  'rsa-pss-2048',
  'rsa-pkcs1-1024',
  'ed25519',
];

type HashName = 'sha256' | 'sha384' | 'sha512';

interface KeySpec {
  algorithm: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
  /** Digest used when signing with this key (null for Ed25519, which hashes internally). */
  hash: HashName | null;
  /** protobuf-specs PublicKeyDetails name, as trusted_root.json and bundles spell it. */
  keyDetails: string;
  pss?: boolean;
  /** Publish the key as id-RSASSA-PSS (RFC 4055, no parameters) instead of rsaEncryption. */
  pssSpki?: boolean;
}

const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';

const RSA_E = new Uint8Array([1, 0, 1]);

const SPECS: Record<KeyType, KeySpec> = {
  'ecdsa-p256': {
    algorithm: { name: 'ECDSA', namedCurve: 'P-256' },
    hash: 'sha256',
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
  },
  'ecdsa-p384': {
    algorithm: { name: 'ECDSA', namedCurve: 'P-384' },
    hash: 'sha384',
    keyDetails: 'PKIX_ECDSA_P384_SHA_384',
  },
  'ecdsa-p521': {
    algorithm: { name: 'ECDSA', namedCurve: 'P-521' },
    hash: 'sha512',
    keyDetails: 'PKIX_ECDSA_P521_SHA_512',
  },
  'rsa-pkcs1-2048': {
    algorithm: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: RSA_E, hash: 'SHA-256' },
    hash: 'sha256',
    keyDetails: 'PKIX_RSA_PKCS1V15_2048_SHA256',
  },
  'rsa-pss-2048': {
    algorithm: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: RSA_E, hash: 'SHA-256' },
    hash: 'sha256',
    keyDetails: 'PKIX_RSA_PSS_2048_SHA256',
    pss: true,
  },
  'rsa-pss-spki-2048': {
    algorithm: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: RSA_E, hash: 'SHA-256' },
    hash: 'sha256',
    keyDetails: 'PKIX_RSA_PSS_2048_SHA256',
    pss: true,
    pssSpki: true,
  },
  'rsa-pkcs1-1024': {
    algorithm: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: RSA_E, hash: 'SHA-256' },
    hash: 'sha256',
    keyDetails: 'PKIX_RSA_PKCS1V15_2048_SHA256',
  },
  ed25519: { algorithm: { name: 'Ed25519' }, hash: null, keyDetails: 'PKIX_ED25519' },
};

export class KeyPair {
  readonly type: KeyType;
  readonly cryptoKeys: CryptoKeyPair;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Buffer;
  readonly hash: HashName | null;
  readonly keyDetails: string;
  readonly pss: boolean;

  constructor(type: KeyType, cryptoKeys: CryptoKeyPair) {
    const spec = SPECS[type];
    this.type = type;
    this.cryptoKeys = cryptoKeys;
    this.privateKey = KeyObject.from(cryptoKeys.privateKey);
    const spki = KeyObject.from(cryptoKeys.publicKey).export({ format: 'der', type: 'spki' });
    // WebCrypto exports RSA-PSS keys as rsaEncryption; re-label the same key bits when asked.
    this.spki = spec.pssSpki ? pssSpki(spki) : spki;
    this.publicKey = createPublicKey({ key: this.spki, format: 'der', type: 'spki' });
    this.hash = spec.hash;
    this.keyDetails = spec.keyDetails;
    this.pss = spec.pss === true;
  }

  /** sha256 of the SPKI: the Rekor / CT log id, and a convenient key hint. */
  get keyId(): Buffer {
    return sha256(this.spki);
  }

  get publicKeyPEM(): string {
    return toPEM(this.spki, 'PUBLIC KEY');
  }

  get privateKeyPEM(): string {
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  /** Signature in the encoding Sigstore uses (DER for ECDSA, raw for RSA and Ed25519).
   *  `hash` overrides the key's hash (negative vectors); Ed25519 always signs pure. */
  sign(data: Uint8Array, hash?: HashName): Buffer {
    const key = this.pss
      ? { key: this.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : this.privateKey;
    return nodeSign(this.hash === null ? null : (hash ?? this.hash), data, key);
  }

  /** What a certificate for this key carries: the SPKI bytes when they differ from WebCrypto's export. */
  get certificatePublicKey(): CryptoKey | Uint8Array<ArrayBuffer> {
    return SPECS[this.type].pssSpki ? new Uint8Array(this.spki) : this.cryptoKeys.publicKey;
  }
}

function pssSpki(rsaEncryptionSpki: Buffer): Buffer {
  const info = AsnConvert.parse(rsaEncryptionSpki, SubjectPublicKeyInfo);
  info.algorithm = new AlgorithmIdentifier({ algorithm: OID_RSASSA_PSS });
  return Buffer.from(AsnConvert.serialize(info));
}

export async function generateKeyPair(type: KeyType = 'ecdsa-p256'): Promise<KeyPair> {
  const pair = (await webcrypto.subtle.generateKey(SPECS[type].algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  return new KeyPair(type, pair);
}
