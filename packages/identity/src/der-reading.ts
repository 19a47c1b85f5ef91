// `@sigguard/identity/der`: the DER reading over @sigstore/core's parser on its own, for @sigguard/browser's
// crypto shim (reading public keys, converting ECDSA signatures for WebCrypto) without the rest of the package.
export { parseDer, derElementLength, malformedElement, oidOf, tagOf, isBitString, TAG as DER_TAG } from './der.ts';
export type { ASN1Obj } from './der.ts';
export { isSubjectPublicKeyInfo } from './certificate-der.ts';
export { isRsaPublicKey } from './rsa-public-key.ts';
