// The signer certificate's identity read from the parse @sigstore/verify already made (no second parse with
// asn1js/@peculiar, which cost about a quarter of a warm keyless verification). Only certificates of the
// plain X.509 v3 shape are read here, every field checked for the form @peculiar's parser would also accept;
// anything else (and every error) goes to readSignerCertificate, which decides as before. The interpretation
// of the fields is @sigguard/identity's own (signerCertificateFromParts), shared with readSignerCertificate.
import type { ASN1Obj, X509Certificate } from '@sigstore/core';
import { readSignerCertificate, signerCertificateFromParts } from '@sigguard/identity';
import type { SignerCertificate, SubjectAltName } from '@sigguard/identity';

// Universal tag bytes of the elements read.
const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const BOOLEAN = 0x01;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const VERSION = 0xa0; // [0] EXPLICIT Version
const EXTENSIONS = 0xa3; // [3] EXPLICIT Extensions

const SUBJECT_ALT_NAME = '2.5.29.17';
const SAN_TYPES: Record<number, SubjectAltName['type']> = { 0x81: 'email', 0x82: 'dns', 0x86: 'uri' };

const tagOf = (n: ASN1Obj | undefined): number => (n ? n.tag.toDER() : -1);

/** Reads the signer certificate `leaf` (already parsed and verified); same result as readSignerCertificate. */
export function signerCertificateOf(leaf: X509Certificate): SignerCertificate {
  const der = new Uint8Array(leaf.root.toDER());
  const parts = v3Parts(leaf.root, der);
  if (parts === undefined) return readSignerCertificate(der);
  try {
    return signerCertificateFromParts(parts);
  } catch {
    return readSignerCertificate(der); // the error (and its wording) is readSignerCertificate's
  }
}

function v3Parts(root: ASN1Obj, der: Uint8Array): Parameters<typeof signerCertificateFromParts>[0] | undefined {
  const [tbs, signatureAlgorithm, signature] = root.subs;
  if (!plainDer(root)) return undefined;
  if (root.subs.length !== 3 || tagOf(root) !== SEQUENCE || tagOf(tbs) !== SEQUENCE) return undefined;
  if (!isAlgorithmIdentifier(signatureAlgorithm) || !isBitString(signature) || !tbs) return undefined;
  const [version, serial, algorithm, issuer, validity, subject, spki, ...rest] = tbs.subs;
  const v = version?.subs[0];
  if (tagOf(version) !== VERSION || version!.subs.length !== 1) return undefined;
  if (tagOf(v) !== INTEGER || !isByte(v!.value, 2)) return undefined;
  if (tagOf(serial) !== INTEGER || serial!.value.length === 0 || !isAlgorithmIdentifier(algorithm)) return undefined;
  if (!isName(issuer) || !isName(subject)) return undefined;
  if (tagOf(validity) !== SEQUENCE || validity!.subs.length !== 2) return undefined;
  const notBefore = timeOf(validity!.subs[0]!);
  const notAfter = timeOf(validity!.subs[1]!);
  if (!notBefore || !notAfter || tagOf(spki) !== SEQUENCE || spki!.subs.length !== 2) return undefined;
  // The key's BIT STRING has no unused bits (readSignerCertificate re-serializes it; with them it may differ).
  const [keyAlgorithm, keyBits] = spki!.subs;
  if (!isAlgorithmIdentifier(keyAlgorithm) || !isBitString(keyBits) || keyBits!.value[0] !== 0) return undefined;
  // After the key: only the extensions (unique identifiers, rare, are left to readSignerCertificate).
  const [extensionsNode] = rest;
  if (rest.length !== 1 || tagOf(extensionsNode) !== EXTENSIONS || extensionsNode!.subs.length !== 1) return undefined;
  const list = extensionsNode!.subs[0]!.subs;
  if (tagOf(extensionsNode!.subs[0]) !== SEQUENCE || list.length === 0) return undefined;
  const extensions: { oid: string; critical: boolean; value: Uint8Array; sans?: SubjectAltName[] }[] = [];
  for (const e of list) {
    const oid = e.subs[0];
    const critical = e.subs.length === 3 ? e.subs[1]! : undefined;
    const value = e.subs[e.subs.length - 1];
    if (tagOf(e) !== SEQUENCE || e.subs.length < 2 || e.subs.length > 3) return undefined;
    if (!isOid(oid) || tagOf(value) !== OCTET_STRING) return undefined;
    const flag = critical ? critical.value : undefined;
    if (flag && (tagOf(critical) !== BOOLEAN || !(isByte(flag, 0) || isByte(flag, 0xff)))) return undefined;
    const id = oid!.toOID();
    const sans = id === SUBJECT_ALT_NAME ? plainSans(value!) : undefined;
    const isCritical = flag?.[0] === 0xff;
    extensions.push({ oid: id, critical: isCritical, value: new Uint8Array(value!.value), ...(sans ? { sans } : {}) });
  }
  return {
    der,
    serialNumber: new Uint8Array(serial!.value),
    notBefore,
    notAfter,
    extensions,
    publicKeyInfo: new Uint8Array(spki!.toDER()),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Every element outside OCTET STRINGs is of a form asn1js (readSignerCertificate's framing check) reads without
// complaint: SEQUENCE/SET constructed, other universal types primitive and of the kinds a certificate holds,
// with valid content (OIDs, BIT STRINGs, BOOLEANs, NULLs, ASCII/UTF-8 strings; times are checked where read).
function plainDer(root: ASN1Obj): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { tag, value } = node;
    if (!tag.isUniversal()) {
      stack.push(...node.subs);
      continue;
    }
    if ((tag.number === 0x10 || tag.number === 0x11) !== tag.constructed) return false;
    if (tag.constructed) {
      stack.push(...node.subs);
      continue;
    }
    const ok = PRIMITIVE_CHECKS[tag.number]?.(node, value) ?? false;
    if (!ok) return false;
  }
  return true;
}

const ascii = (v: Uint8Array): boolean => v.every((b) => b < 0x80);
const PRIMITIVE_CHECKS: Record<number, (node: ASN1Obj, value: Uint8Array) => boolean> = {
  0x01: (_n, v) => v.length === 1,
  0x02: (_n, v) => v.length > 0,
  0x03: (n) => isBitString(n),
  0x04: () => true,
  0x05: (_n, v) => v.length === 0,
  0x06: (n) => isOid(n),
  0x0c: (_n, v) => {
    try {
      utf8.decode(v);
      return true;
    } catch {
      return false;
    }
  },
  0x13: (_n, v) => ascii(v),
  0x16: (_n, v) => ascii(v),
  0x17: (n) => timeOf(n) !== undefined,
  0x18: (n) => timeOf(n) !== undefined,
};

// A BIT STRING whose unused-bits count is 0-7 (0 when it has no content byte).
function isBitString(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== BIT_STRING || node!.value.length === 0) return false;
  return node!.value[0]! <= (node!.value.length === 1 ? 0 : 7);
}

// GeneralNames of the kinds read as text (rfc822Name, dNSName, uniformResourceIdentifier: IA5String, [1] [2] [6]
// IMPLICIT), when every name is one of them and ASCII; else undefined and @sigguard/identity parses the value.
// @sigstore/core has already parsed the OCTET STRING's content (a single GeneralNames SEQUENCE, exactly).
function plainSans(extnValue: ASN1Obj): SubjectAltName[] | undefined {
  const names = extnValue.subs[0];
  if (extnValue.subs.length !== 1 || tagOf(names) !== SEQUENCE || names!.subs.length === 0) return undefined;
  const out: SubjectAltName[] = [];
  for (const name of names!.subs) {
    const type = SAN_TYPES[tagOf(name)];
    if (type === undefined || name.subs.length !== 0) return undefined;
    let text = '';
    for (const b of name.value) {
      if (b > 0x7f) return undefined;
      text += String.fromCharCode(b);
    }
    out.push({ type, value: text });
  }
  return out;
}

const isByte = (value: Uint8Array, byte: number): boolean => value.length === 1 && value[0] === byte;

// An OID @sigstore/core reads as any other parser does: first arc 0-2 with second < 40 under 2, no
// multi-byte first sub-identifier, no unfinished or padded (0x80-led) sub-identifier.
function isOid(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== OID) return false;
  const v = node!.value;
  if (v.length === 0 || v[0]! >= 120 || (v[v.length - 1]! & 0x80) !== 0) return false;
  for (let i = 1; i < v.length; i++) if (v[i] === 0x80 && (v[i - 1]! & 0x80) === 0) return false;
  return true;
}

function isAlgorithmIdentifier(node: ASN1Obj | undefined): boolean {
  return tagOf(node) === SEQUENCE && node!.subs.length >= 1 && node!.subs.length <= 2 && isOid(node!.subs[0]);
}

// Name: SEQUENCE OF SET OF SEQUENCE { type OID, value }.
function isName(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== SEQUENCE) return false;
  return node!.subs.every(
    (rdn) => tagOf(rdn) === SET && rdn.subs.length > 0 && rdn.subs.every(isAttributeTypeAndValue),
  );
}

const isAttributeTypeAndValue = (atv: ASN1Obj): boolean =>
  tagOf(atv) === SEQUENCE && atv.subs.length === 2 && isOid(atv.subs[0]);

const UTC_FORM = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/;
const GENERALIZED_FORM = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/;

// Only the plain forms (UTCTime YYMMDDHHMMSSZ, GeneralizedTime YYYYMMDDHHMMSSZ) of real calendar times.
function timeOf(node: ASN1Obj): Date | undefined {
  const tag = tagOf(node);
  let text = '';
  for (const b of node.value) text += String.fromCharCode(b);
  const form = tag === UTC_TIME ? UTC_FORM : tag === GENERALIZED_TIME ? GENERALIZED_FORM : undefined;
  const m = form?.exec(text);
  if (!m) return undefined;
  const year = tag === UTC_TIME ? Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000) : Number(m[1]);
  const [month, day, hour, minute, second] = m.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return real ? date : undefined;
}
