// PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1).
import { TAG, isInteger, malformedElement, tagOf, type ASN1Obj } from './der.ts';

/** Whether `node` is an RSAPublicKey of DER INTEGERs (values are not judged here). */
export function isRsaPublicKey(node: ASN1Obj): boolean {
  const [n, e] = node.subs;
  return (
    tagOf(node) === TAG.SEQUENCE &&
    node.subs.length === 2 &&
    isInteger(n) &&
    isInteger(e) &&
    malformedElement(node) === undefined
  );
}
