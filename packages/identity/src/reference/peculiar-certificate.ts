// TEST REFERENCE ONLY (not exported): the signer-certificate reading over asn1js/@peculiar as it was before
// certificate.ts moved onto @sigstore/core's DER parser; certificate-differential.test.ts compares the two.
// A deliberate frozen copy (the interpretation loop included): the differential test needs the old reading whole.
// Read what a signing (leaf) certificate says about its signer: SANs, Fulcio extensions, validity.
// Parsing only: chain, signature and time checks belong to @sigguard/verify.
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { CertificateError } from '../errors.ts';
import { decodeDerString, decodeRawUtf8, singleDerElementProblem } from './peculiar-der.ts';
import { fulcioExtensionByOid, SIGSTORE_OTHERNAME_OID, type FulcioExtensions } from '../fulcio-extensions.ts';
import { bytesToHex, parsePemBlocks, PemFormatError } from '../pem.ts';
import type {
  CertificateExtensionInfo,
  SignerCertificate,
  SignerCertificateParts,
  SubjectAltName,
} from '../certificate.ts';

// Extensions a standard X.509 verifier (Go crypto/x509) handles when critical.
const KNOWN_CRITICAL = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.30', // nameConstraints
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.36', // policyConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.54', // inhibitAnyPolicy
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);

/**
 * Read a signer certificate from DER bytes (or PEM text holding one CERTIFICATE block).
 * Throws CertificateError: CERTIFICATE_EXPECTED when given a public key instead of a certificate
 * (cosign GHSA-fx35-mq7g-6g98), CERTIFICATE_MALFORMED when the bytes are not a certificate.
 */
export function readSignerCertificate(input: Uint8Array | string): SignerCertificate {
  const der = typeof input === 'string' ? certificateDerFromPem(input) : input;
  if (!(der instanceof Uint8Array) || der.length === 0) {
    throw new CertificateError('CERTIFICATE_MALFORMED', 'signer certificate: empty or not bytes');
  }
  const framing = singleDerElementProblem(der);
  if (framing !== undefined)
    throw new CertificateError('CERTIFICATE_MALFORMED', `signer certificate is not one DER value: ${framing}`);
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (e) {
    if (isSubjectPublicKeyInfo(der)) {
      throw bareKeyError('DER bytes');
    }
    throw new CertificateError(
      'CERTIFICATE_MALFORMED',
      `signer certificate does not parse as X.509: ${(e as Error).message}`,
    );
  }
  const tbs = cert.tbsCertificate;
  return signerCertificateFromParts({
    der,
    serialNumber: new Uint8Array(tbs.serialNumber),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    extensions: (tbs.extensions ?? []).map((e) => ({
      oid: e.extnID,
      critical: e.critical === true,
      value: new Uint8Array(e.extnValue.buffer),
    })),
    publicKeyInfo: new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
  });
}

/**
 * What a certificate says about its signer, from fields another parser has already read (the verification
 * hot path reads them from @sigstore/core's parse, so the certificate is not parsed twice). readSignerCertificate
 * is this over its own parse: the same interpretation, the same errors.
 */
export function signerCertificateFromParts(parts: SignerCertificateParts): SignerCertificate {
  const warnings: string[] = [];
  const sans: SubjectAltName[] = [];
  const extensions: FulcioExtensions = {};
  const extensionList: CertificateExtensionInfo[] = [];
  const unknownCriticalExtensions: string[] = [];
  let issuerV1: string | undefined;
  let issuerV2: string | undefined;
  let isCA = false;
  let extendedKeyUsages: string[] | undefined;
  const seen = new Set<string>();

  for (const { oid, critical, value, sans: names } of parts.extensions) {
    extensionList.push({ oid, critical });
    if (seen.has(oid)) {
      // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
      throw new CertificateError('CERTIFICATE_MALFORMED', `signer certificate has extension ${oid} more than once`);
    }
    seen.add(oid);
    if (oid === id_ce_subjectAltName) {
      if (names) sans.push(...names);
      else readSans(value, sans, warnings);
    } else if (oid === id_ce_extKeyUsage) {
      try {
        extendedKeyUsages = [...AsnConvert.parse(value, ExtendedKeyUsage)].map(String);
      } catch {
        throw new CertificateError('CERTIFICATE_MALFORMED', 'signer certificate extKeyUsage does not parse');
      }
    } else if (oid === id_ce_basicConstraints) {
      try {
        isCA = AsnConvert.parse(value, BasicConstraints).cA === true;
      } catch {
        throw new CertificateError('CERTIFICATE_MALFORMED', 'signer certificate basicConstraints does not parse');
      }
    }
    const fulcio = fulcioExtensionByOid(oid);
    if (fulcio) {
      const decoded = fulcio.encoding === 'raw' ? decodeRawUtf8(value) : decodeDerString(value);
      if (decoded instanceof Error) {
        warnings.push(`Fulcio extension ${oid} (${fulcio.name}) ignored: ${decoded.message}`);
      } else if (fulcio.name === 'issuer') {
        if (fulcio.encoding === 'raw') issuerV1 = decoded;
        else issuerV2 = decoded;
      } else {
        extensions[fulcio.name] = decoded;
      }
    }
    if (critical && !KNOWN_CRITICAL.has(oid)) unknownCriticalExtensions.push(oid);
  }

  const issuer = issuerV2 ?? issuerV1;
  if (issuerV1 !== undefined && issuerV2 !== undefined && issuerV1 !== issuerV2) {
    warnings.push(
      `OIDC issuer extensions disagree: 1.8 ${JSON.stringify(issuerV2)} (used) vs deprecated 1.1 ${JSON.stringify(issuerV1)}`,
    );
  }
  if (issuer !== undefined) extensions.issuer = issuer;

  const result: SignerCertificate = {
    der: parts.der,
    serialNumber: bytesToHex(parts.serialNumber),
    notBefore: parts.notBefore,
    notAfter: parts.notAfter,
    sans,
    extensions,
    extensionList,
    unknownCriticalExtensions,
    isCA,
    publicKeyInfo: parts.publicKeyInfo,
    warnings,
  };
  if (issuer !== undefined) result.issuer = issuer;
  if (extendedKeyUsages !== undefined) result.extendedKeyUsages = extendedKeyUsages;
  return result;
}

function readSans(value: Uint8Array, out: SubjectAltName[], warnings: string[]): void {
  let names: SubjectAlternativeName;
  try {
    names = AsnConvert.parse(value, SubjectAlternativeName);
  } catch (e) {
    throw new CertificateError(
      'CERTIFICATE_MALFORMED',
      `signer certificate subjectAltName does not parse: ${(e as Error).message}`,
    );
  }
  for (const n of names) {
    if (n.rfc822Name !== undefined) out.push({ type: 'email', value: ia5(n.rfc822Name, 'rfc822Name') });
    else if (n.uniformResourceIdentifier !== undefined) {
      out.push({ type: 'uri', value: ia5(n.uniformResourceIdentifier, 'uniformResourceIdentifier') });
    } else if (n.dNSName !== undefined) out.push({ type: 'dns', value: ia5(n.dNSName, 'dNSName') });
    else if (n.iPAddress !== undefined) out.push({ type: 'ip', value: n.iPAddress });
    else if (n.otherName !== undefined) {
      if (n.otherName.typeId !== SIGSTORE_OTHERNAME_OID) {
        warnings.push(`subjectAltName otherName ${n.otherName.typeId} is not Sigstore's; not compared`);
        continue;
      }
      const v = decodeDerString(n.otherName.value);
      if (v instanceof Error)
        throw new CertificateError('CERTIFICATE_MALFORMED', `Sigstore otherName SAN does not decode: ${v.message}`);
      out.push({ type: 'otherName', value: v });
    } else {
      warnings.push('subjectAltName of an unsupported kind (directoryName, registeredID, …); not compared');
    }
  }
}

/**
 * rfc822Name, dNSName and URI SANs are IA5Strings: ASCII only. Go's crypto/x509 refuses a
 * certificate with any other byte in them; the ASN.1 reader here would decode it as Latin-1
 * (one character per byte), so a byte >= 0x80 shows as a character >= U+0080.
 */
function ia5(value: string, kind: string): string {
  const i = [...value].findIndex((c) => c.charCodeAt(0) > 0x7f);
  if (i >= 0) {
    throw new CertificateError(
      'CERTIFICATE_MALFORMED',
      `signer certificate subjectAltName ${kind} has a non-ASCII byte 0x${value.charCodeAt(i).toString(16)} at ${i}: ` +
        'not an IA5String (Go crypto/x509 refuses such a certificate)',
    );
  }
  return value;
}

function certificateDerFromPem(text: string): Uint8Array {
  let blocks;
  try {
    blocks = parsePemBlocks(text);
  } catch (e) {
    if (e instanceof PemFormatError)
      throw new CertificateError('CERTIFICATE_MALFORMED', `signer certificate PEM: ${e.message}`);
    throw e;
  }
  const first = blocks[0];
  if (!first) throw new CertificateError('CERTIFICATE_MALFORMED', 'signer certificate: no PEM block found');
  if (first.label === 'PUBLIC KEY' || first.label === 'RSA PUBLIC KEY')
    throw bareKeyError(`a "${first.label}" PEM block`);
  if (first.label !== 'CERTIFICATE') {
    throw new CertificateError(
      'CERTIFICATE_EXPECTED',
      `signer certificate: expected a CERTIFICATE PEM block, found "${first.label}"`,
    );
  }
  return first.der;
}

export function isSubjectPublicKeyInfo(der: Uint8Array): boolean {
  try {
    AsnConvert.parse(der, SubjectPublicKeyInfo);
    return true;
  } catch {
    return false;
  }
}

function bareKeyError(what: string): CertificateError {
  return new CertificateError(
    'CERTIFICATE_EXPECTED',
    `a bare public key (${what}) was given where a signing certificate is required; ` +
      'certificate chain and identity checks cannot be skipped (cosign GHSA-fx35-mq7g-6g98)',
  );
}
