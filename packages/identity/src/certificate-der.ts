// The X.509 Certificate structure (RFC 5280 §4.1) read from a @sigstore/core parse: every field checked for
// the shape and DER form Go's crypto/x509 requires, and the fields the signer reading needs taken out.
import type { SignerCertificateParts } from './certificate.ts';
import {
  TAG,
  booleanOf,
  isAlgorithmIdentifier,
  isBitString,
  isInteger,
  malformedElement,
  oidOf,
  tagOf,
  timeOf,
  type ASN1Obj,
} from './der.ts';

const VERSION = 0xa0; // [0] EXPLICIT Version DEFAULT v1
const ISSUER_UNIQUE_ID = 0x81; // [1] IMPLICIT BIT STRING
const SUBJECT_UNIQUE_ID = 0x82; // [2] IMPLICIT BIT STRING
const EXTENSIONS = 0xa3; // [3] EXPLICIT Extensions

/** The certificate's fields, or why `root` is not a certificate. `der`: the bytes `root` was parsed from. */
export function certificateParts(root: ASN1Obj, der: Uint8Array): SignerCertificateParts | string {
  if (tagOf(root) !== TAG.SEQUENCE || root.subs.length !== 3)
    return 'not a SEQUENCE of tbsCertificate, algorithm, signature';
  const [tbs, signatureAlgorithm, signature] = root.subs as [ASN1Obj, ASN1Obj, ASN1Obj];
  if (tagOf(tbs) !== TAG.SEQUENCE) return 'tbsCertificate is not a SEQUENCE';
  if (!isAlgorithmIdentifier(signatureAlgorithm)) return 'signatureAlgorithm is not an AlgorithmIdentifier';
  if (!isBitString(signature)) return 'signatureValue is not a BIT STRING';
  const malformed = malformedElement(root);
  if (malformed !== undefined) return malformed;

  const fields = [...tbs.subs];
  if (tagOf(fields[0]) === VERSION) {
    const version = fields.shift()!;
    const v = version.subs[0];
    if (version.subs.length !== 1 || !isInteger(v) || v!.value.length !== 1 || v!.value[0]! > 2) {
      return 'version is not v1, v2 or v3';
    }
  }
  const [serial, algorithm, issuer, validity, subject, spki, ...rest] = fields;
  if (!isInteger(serial)) return 'serialNumber is not an INTEGER';
  if (!isAlgorithmIdentifier(algorithm)) return 'signature is not an AlgorithmIdentifier';
  if (!isName(issuer)) return 'issuer is not a Name';
  if (tagOf(validity) !== TAG.SEQUENCE || validity!.subs.length !== 2) return 'validity is not a SEQUENCE of two times';
  const notBefore = timeOf(validity!.subs[0]);
  const notAfter = timeOf(validity!.subs[1]);
  if (!notBefore || !notAfter) return 'validity holds a time that is not UTCTime/GeneralizedTime YYMMDDHHMMSSZ';
  if (!isName(subject)) return 'subject is not a Name';
  if (!isSubjectPublicKeyInfo(spki)) return 'subjectPublicKeyInfo is not an AlgorithmIdentifier and a BIT STRING';
  // Every key sigguard reads is whole bytes (a point, a DER RSAPublicKey, an Ed25519 key).
  if (spki!.subs[1]!.value[0] !== 0) return 'subjectPublicKey BIT STRING has unused bits';
  if (tagOf(rest[0]) === ISSUER_UNIQUE_ID) rest.shift();
  if (tagOf(rest[0]) === SUBJECT_UNIQUE_ID) rest.shift();
  let extensions: SignerCertificateParts['extensions'] = [];
  if (tagOf(rest[0]) === EXTENSIONS) {
    const read = extensionsOf(rest.shift()!);
    if (typeof read === 'string') return read;
    extensions = read;
  }
  if (rest.length > 0) return `unexpected element (tag 0x${tagOf(rest[0]).toString(16)}) in tbsCertificate`;
  return {
    der,
    serialNumber: new Uint8Array(serial!.value),
    notBefore,
    notAfter,
    extensions,
    publicKeyInfo: new Uint8Array(spki!.toDER()),
  };
}

function extensionsOf(node: ASN1Obj): SignerCertificateParts['extensions'] | string {
  const list = node.subs[0];
  if (node.subs.length !== 1 || tagOf(list) !== TAG.SEQUENCE) return 'extensions are not a SEQUENCE';
  const out: { oid: string; critical: boolean; value: Uint8Array }[] = [];
  for (const e of list!.subs) {
    // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    const oid = oidOf(e.subs[0]);
    const value = e.subs[e.subs.length - 1];
    const critical = e.subs.length === 3 ? booleanOf(e.subs[1]) : false;
    if (tagOf(e) !== TAG.SEQUENCE || e.subs.length < 2 || e.subs.length > 3 || oid === undefined)
      return 'malformed extension';
    if (critical === undefined || tagOf(value) !== TAG.OCTET_STRING) return `malformed extension ${oid}`;
    out.push({ oid, critical, value: new Uint8Array(value!.value) });
  }
  return out;
}

// Name: SEQUENCE OF RelativeDistinguishedName (SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY }).
function isName(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== TAG.SEQUENCE) return false;
  return node!.subs.every((rdn) => tagOf(rdn) === TAG.SET && rdn.subs.length > 0 && rdn.subs.every(isAttribute));
}

const isAttribute = (atv: ASN1Obj): boolean =>
  tagOf(atv) === TAG.SEQUENCE && atv.subs.length === 2 && oidOf(atv.subs[0]) !== undefined;

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }. */
export function isSubjectPublicKeyInfo(node: ASN1Obj | undefined): boolean {
  return (
    tagOf(node) === TAG.SEQUENCE &&
    node!.subs.length === 2 &&
    isAlgorithmIdentifier(node!.subs[0]) &&
    isBitString(node!.subs[1])
  );
}
