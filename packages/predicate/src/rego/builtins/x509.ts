// crypto.x509.parse_certificates: certificates as Go's encoding/json writes x509.Certificate,
// which is what OPA returns. Fields sigguard cannot reproduce exactly (PublicKey, Policies, name
// constraints, CRL/OCSP URLs) are absent rather than guessed.
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  type Name,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { intResult, str } from './args.ts';
import { base64ToBytes } from './documents.ts';
import { formatIP, parseIP } from './net.ts';

const base64 = (b: ArrayBuffer | Uint8Array) =>
  btoa(Array.from(new Uint8Array(b), (x) => String.fromCharCode(x)).join(''));
const oidArray = (oid: string) => oid.split('.').map(Number);

/** Certificates from PEM text, or base64 of DER or of PEM (OPA's getX509CertsFromString). */
function certificateDERs(input: string): Uint8Array[] {
  let pem = input;
  if (!input.includes('-----BEGIN')) {
    const raw = base64ToBytes(input);
    const asText = new TextDecoder().decode(raw);
    if (!asText.includes('-----BEGIN')) return [raw];
    pem = asText;
  }
  const blocks = pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g);
  const ders = [...blocks].map((m) => base64ToBytes(m[1]!));
  if (ders.length === 0) throw new SyntaxError('no certificates found');
  return ders;
}

const NAME_FIELDS: [string, string][] = [
  ['2.5.4.6', 'Country'],
  ['2.5.4.10', 'Organization'],
  ['2.5.4.11', 'OrganizationalUnit'],
  ['2.5.4.7', 'Locality'],
  ['2.5.4.8', 'Province'],
  ['2.5.4.9', 'StreetAddress'],
  ['2.5.4.17', 'PostalCode'],
];

/** Go's pkix.Name (the common attributes; Names lists every one). */
function pkixName(name: Name): RegoValue {
  const out: Record<string, RegoValue> = Object.fromEntries(NAME_FIELDS.map(([, f]) => [f, null]));
  Object.assign(out, { SerialNumber: '', CommonName: '' });
  const names: RegoValue[] = [];
  for (const rdn of name) {
    for (const atv of rdn) {
      const value = atv.value.toString();
      names.push({ Type: oidArray(atv.type), Value: value });
      const field = NAME_FIELDS.find(([oid]) => oid === atv.type)?.[1];
      if (field) ((out[field] ??= []) as RegoValue[]).push(value);
      else if (atv.type === '2.5.4.3') out.CommonName = value;
      else if (atv.type === '2.5.4.5') out.SerialNumber = value;
    }
  }
  out.Names = names.length ? names : null; // Go leaves a nil slice for an empty name
  out.ExtraNames = null;
  return out;
}

// Go's x509.ExtKeyUsage numbering.
const EXT_KEY_USAGE: Record<string, number> = {
  '2.5.29.37.0': 0,
  '1.3.6.1.5.5.7.3.1': 1,
  '1.3.6.1.5.5.7.3.2': 2,
  '1.3.6.1.5.5.7.3.3': 3,
  '1.3.6.1.5.5.7.3.4': 4,
  '1.3.6.1.5.5.7.3.5': 5,
  '1.3.6.1.5.5.7.3.6': 6,
  '1.3.6.1.5.5.7.3.7': 7,
  '1.3.6.1.5.5.7.3.8': 8,
  '1.3.6.1.5.5.7.3.9': 9,
  '1.3.6.1.4.1.311.10.3.3': 10,
  '2.16.840.1.113730.4.1': 11,
  '1.3.6.1.4.1.311.2.1.22': 12,
  '1.3.6.1.4.1.311.61.1.1': 13,
};

/** Go's url.URL as encoding/json writes it, for the common absolute URIs of SANs. */
function goURL(uri: string): RegoValue {
  const hash = uri.indexOf('#');
  const [rest0, fragment] = hash < 0 ? [uri, ''] : [uri.slice(0, hash), uri.slice(hash + 1)];
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(rest0);
  const scheme = m ? m[1]!.toLowerCase() : '';
  let rest = m ? m[2]! : rest0;
  const q = rest.indexOf('?');
  const rawQuery = q < 0 ? '' : rest.slice(q + 1);
  if (q >= 0) rest = rest.slice(0, q);
  let host = '';
  let user: RegoValue = null;
  let opaque = '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    let authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = {}; // url.Userinfo has no exported fields
      authority = authority.slice(at + 1);
    }
    host = authority;
  } else if (scheme && !rest.startsWith('/')) {
    opaque = rest;
    rest = '';
  }
  const path = decodeURIComponent(rest);
  const rawPath = path !== rest && encodeURI(path) !== rest ? rest : '';
  return {
    Scheme: scheme,
    Opaque: opaque,
    User: user,
    Host: host,
    Path: path,
    RawPath: rawPath,
    OmitHost: false,
    ForceQuery: q >= 0 && rawQuery === '',
    RawQuery: rawQuery,
    Fragment: decodeURIComponent(fragment),
    RawFragment: '',
  };
}

function parseCertificate(der: Uint8Array): RegoValue {
  const cert = AsnConvert.parse(der, Certificate);
  const tbs = cert.tbsCertificate;
  const out: Record<string, RegoValue> = {
    Raw: base64(der),
    RawTBSCertificate: base64(AsnConvert.serialize(tbs)),
    RawSubjectPublicKeyInfo: base64(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    RawSubject: base64(AsnConvert.serialize(tbs.subject)),
    RawIssuer: base64(AsnConvert.serialize(tbs.issuer)),
    Signature: base64(cert.signatureValue),
    Version: tbs.version + 1,
    SerialNumber: intResult(BigInt(`0x${bytesToHex(new Uint8Array(tbs.serialNumber)) || '0'}`)),
    Issuer: pkixName(tbs.issuer),
    Subject: pkixName(tbs.subject),
    NotBefore: tbs.validity.notBefore.getTime().toISOString().replace('.000Z', 'Z'),
    NotAfter: tbs.validity.notAfter.getTime().toISOString().replace('.000Z', 'Z'),
    KeyUsage: 0,
    Extensions: [],
    ExtraExtensions: null,
    ExtKeyUsage: null,
    UnknownExtKeyUsage: null,
    BasicConstraintsValid: false,
    IsCA: false,
    MaxPathLen: 0,
    MaxPathLenZero: false,
    SubjectKeyId: null,
    AuthorityKeyId: null,
    DNSNames: null,
    EmailAddresses: null,
    IPAddresses: null,
    URIs: null,
  };
  const push = (field: string, v: RegoValue) => ((out[field] ??= []) as RegoValue[]).push(v);
  for (const ext of tbs.extensions ?? []) {
    const value = ext.extnValue.buffer;
    (out.Extensions as RegoValue[]).push({ Id: oidArray(ext.extnID), Critical: ext.critical, Value: base64(value) });
    switch (ext.extnID) {
      case id_ce_keyUsage:
        out.KeyUsage = AsnConvert.parse(value, KeyUsage).toNumber();
        break;
      case id_ce_extKeyUsage:
        for (const oid of AsnConvert.parse(value, ExtendedKeyUsage)) {
          if (oid in EXT_KEY_USAGE) push('ExtKeyUsage', EXT_KEY_USAGE[oid]!);
          else push('UnknownExtKeyUsage', oidArray(oid));
        }
        break;
      case id_ce_basicConstraints: {
        const bc = AsnConvert.parse(value, BasicConstraints);
        out.BasicConstraintsValid = true;
        out.IsCA = bc.cA;
        // Go: no pathLenConstraint is -1; an explicit 0 also sets MaxPathLenZero.
        out.MaxPathLen = bc.pathLenConstraint ?? -1;
        out.MaxPathLenZero = bc.pathLenConstraint === 0;
        break;
      }
      case id_ce_subjectKeyIdentifier:
        out.SubjectKeyId = base64(AsnConvert.parse(value, SubjectKeyIdentifier).buffer);
        break;
      case id_ce_authorityKeyIdentifier: {
        const id = AsnConvert.parse(value, AuthorityKeyIdentifier).keyIdentifier;
        if (id) out.AuthorityKeyId = base64(id.buffer);
        break;
      }
      case id_ce_subjectAltName:
        for (const name of AsnConvert.parse(value, SubjectAlternativeName)) {
          if (name.dNSName !== undefined) push('DNSNames', name.dNSName);
          else if (name.rfc822Name !== undefined) push('EmailAddresses', name.rfc822Name);
          else if (name.uniformResourceIdentifier !== undefined) push('URIs', goURL(name.uniformResourceIdentifier));
          else if (name.iPAddress !== undefined) {
            const ip = parseIP(name.iPAddress);
            if (!ip) throw new SyntaxError(`unreadable IP address in subjectAltName: ${name.iPAddress}`);
            push('IPAddresses', formatIP(ip.v6, ip.addr));
          }
        }
        break;
    }
  }
  return out;
}

export const X509_BUILTINS: Record<string, HostBuiltin> = {
  'crypto.x509.parse_certificates': ([s]) => certificateDERs(str(s)).map(parseCertificate),
};
