/** A digest algorithm a policy may name (policy-controller accepts these for `key.hashAlgorithm`). */
export type HashAlgorithm = 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** The digest algorithms sigguard verifies signatures with (WebCrypto has no SHA-224). */
export type SigningHashAlgorithm = Exclude<HashAlgorithm, 'sha224'>;
