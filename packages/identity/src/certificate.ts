// Read what a signing (leaf) certificate says about its signer: SANs, Fulcio extensions, validity.
// Parsing only: chain, signature and time checks belong to @sigguard/verify. The DER is read with
// @sigstore/core's parser (der.ts), the one @sigstore/verify uses, as strictly as Go's crypto/x509 reads it.
import { CertificateError } from './errors.ts';
import { decodeDerString, decodeRawUtf8, parseDer, type ASN1Obj } from './der.ts';
import { certificateParts, isSubjectPublicKeyInfo } from './certificate-der.ts';
import { extendedKeyUsagesOf, isCAOf, subjectAltNamesOf } from './certificate-extensions.ts';
import { fulcioExtensionByOid, type FulcioExtensions } from './fulcio-extensions.ts';
import { bytesToHex, parsePemBlocks, PemFormatError } from './pem.ts';

export type SanType = 'email' | 'uri' | 'dns' | 'ip' | 'otherName';

export interface SubjectAltName {
  type: SanType;
  value: string;
}

export interface CertificateExtensionInfo {
  oid: string;
  critical: boolean;
}

export interface SignerCertificate {
  /** The DER bytes that were read. */
  der: Uint8Array;
  serialNumber: string; // lower-case hex
  notBefore: Date;
  notAfter: Date;
  /**
   * Every SAN the subject is compared against, in certificate order
   * (cosign: DNS, email, IP, URI, Sigstore otherName).
   */
  sans: SubjectAltName[];
  /** OIDC issuer: Fulcio 1.8, else 1.1. */
  issuer?: string;
  /** All Fulcio extensions present (decoded). */
  extensions: FulcioExtensions;
  /** Every extension in the certificate, with its criticality. */
  extensionList: CertificateExtensionInfo[];
  /** Critical extensions this reader does not understand: a relying party must reject such a certificate. */
  unknownCriticalExtensions: string[];
  /** basicConstraints cA: a CA certificate is never a signer. */
  isCA: boolean;
  /** Extended key usage OIDs when the extension is present (absent = any usage, as in Go's x509). */
  extendedKeyUsages?: string[];
  /** DER SubjectPublicKeyInfo of the signing key. */
  publicKeyInfo: Uint8Array;
  /** Oddities that did not stop reading (undecodable extension values, unsupported SAN kinds, 1.1 ≠ 1.8). */
  warnings: string[];
}

const SUBJECT_ALT_NAME = '2.5.29.17';
const EXT_KEY_USAGE = '2.5.29.37';
const BASIC_CONSTRAINTS = '2.5.29.19';

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
  let root: ASN1Obj;
  try {
    root = parseDer(der);
  } catch (e) {
    throw new CertificateError(
      'CERTIFICATE_MALFORMED',
      `signer certificate is not one DER value: ${(e as Error).message}`,
    );
  }
  return signerCertificateFromAsn1(root, der);
}

/**
 * readSignerCertificate over a parse already made with @sigstore/core (the verification hot path has the
 * leaf's parse from @sigstore/verify): `der` must be the bytes `root` was parsed from.
 */
export function signerCertificateFromAsn1(root: ASN1Obj, der: Uint8Array): SignerCertificate {
  const parts = certificateParts(root, der);
  if (typeof parts === 'string') {
    if (isSubjectPublicKeyInfo(root)) throw bareKeyError('DER bytes');
    throw new CertificateError('CERTIFICATE_MALFORMED', `signer certificate does not parse as X.509: ${parts}`);
  }
  return signerCertificateFromParts(parts);
}

/** The fields of a parsed X.509 certificate that signerCertificateFromParts reads. */
export interface SignerCertificateParts {
  /** The certificate's DER bytes. */
  der: Uint8Array;
  /** Content octets of the serialNumber INTEGER. */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /**
   * Every extension in certificate order; value is the content of extnValue. A subjectAltName may come with
   * its names already read (`sans`: email, URI and DNS names of ASCII text only); else `value` is parsed.
   */
  extensions: readonly { oid: string; critical: boolean; value: Uint8Array; sans?: readonly SubjectAltName[] }[];
  /** DER SubjectPublicKeyInfo. */
  publicKeyInfo: Uint8Array;
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
    if (oid === SUBJECT_ALT_NAME) {
      sans.push(...(names ?? subjectAltNamesOf(value, warnings)));
    } else if (oid === EXT_KEY_USAGE) {
      extendedKeyUsages = extendedKeyUsagesOf(value);
    } else if (oid === BASIC_CONSTRAINTS) {
      isCA = isCAOf(value);
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

function bareKeyError(what: string): CertificateError {
  return new CertificateError(
    'CERTIFICATE_EXPECTED',
    `a bare public key (${what}) was given where a signing certificate is required; ` +
      'certificate chain and identity checks cannot be skipped (cosign GHSA-fx35-mq7g-6g98)',
  );
}
