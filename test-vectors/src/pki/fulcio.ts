// A Fulcio-style CA: root + intermediate issuing short-lived code-signing leaf certificates
// with the Fulcio extensions and an embedded SCT obtained the standard way (precertificate
// with the poison extension, SCT over the poison-less TBS, final certificate with the SCT list).
import { x509 } from './x509.ts';
import { AsnConvert, OctetString as AsnOctetString } from '@peculiar/asn1-schema';
import { Certificate, Extension, Extensions } from '@peculiar/asn1-x509';
import { OctetString } from 'asn1js';
import { ECDSA_SHA256, intermediateCA, randomSerial, selfSignedCA, type IssuedCertificate } from './certificates.ts';
import { sctList, type TestCTLog } from './ct-log.ts';
import { fulcioExtensions, type FulcioExtensionValues, type IssuerEncoding } from './fulcio-extensions.ts';
import { generateKeyPair, type KeyPair } from './keys.ts';

const OID_CT_POISON = '1.3.6.1.4.1.11129.2.4.3';
const OID_CT_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2';
const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const ASN1_NULL = new Uint8Array([0x05, 0x00]);

export interface LeafRequest {
  /** The signer's (ephemeral) key that the certificate binds. */
  key: KeyPair;
  /** SAN value: an email address or a URI (anything containing "://"). */
  subject: string;
  /** OIDC issuer, written to extensions 1.1 and 1.8. Omit to issue a certificate without one. */
  issuer?: string;
  /** Further Fulcio extensions (GitHub workflow 1.2–1.6, 1.9–1.22). */
  extensions?: FulcioExtensionValues;
  notBefore: Date;
  /** Validity in seconds; Fulcio issues 10-minute certificates. */
  validitySeconds?: number;
  /** Embed an SCT from the CT log (default true). */
  embedSCT?: boolean;
  /** Issuer as 1.1 and 1.8 (default), or only one of them (older / newer certificates). */
  issuerEncoding?: IssuerEncoding;
  /** Get the SCT from another CT log (e.g. one the trusted root does not list). */
  ctlog?: TestCTLog;
  /** Extended key usage OIDs (default code signing, as Fulcio); [] leaves the extension out. */
  extendedKeyUsages?: string[];
}

export class TestFulcio {
  readonly root: IssuedCertificate;
  readonly intermediate: IssuedCertificate;
  readonly ctlog: TestCTLog;
  readonly uri: string;

  constructor(root: IssuedCertificate, intermediate: IssuedCertificate, ctlog: TestCTLog, uri: string) {
    this.root = root;
    this.intermediate = intermediate;
    this.ctlog = ctlog;
    this.uri = uri;
  }

  static async create(opts: {
    name?: string;
    notBefore: Date;
    notAfter: Date;
    ctlog: TestCTLog;
    uri?: string;
  }): Promise<TestFulcio> {
    const name = opts.name ?? 'sigguard-test';
    const rootKey = await generateKeyPair('ecdsa-p256');
    const rootCert = await selfSignedCA(rootKey, `O=${name}, CN=${name}-root`, opts.notBefore, opts.notAfter);
    const root = { cert: rootCert, key: rootKey };
    const interKey = await generateKeyPair('ecdsa-p256');
    const interCert = await intermediateCA(
      interKey,
      `O=${name}, CN=${name}-intermediate`,
      root,
      opts.notBefore,
      opts.notAfter,
      [OID_CODE_SIGNING],
    );
    return new TestFulcio(
      root,
      { cert: interCert, key: interKey },
      opts.ctlog,
      opts.uri ?? 'https://fulcio.sigguard.test',
    );
  }

  /** Chain from the intermediate up to the root (what trusted_root.json lists). */
  get chain(): x509.X509Certificate[] {
    return [this.intermediate.cert, this.root.cert];
  }

  async issue(req: LeafRequest): Promise<x509.X509Certificate> {
    const notAfter = new Date(req.notBefore.getTime() + (req.validitySeconds ?? 600) * 1000);
    const san = req.subject.includes('://')
      ? { type: 'url' as const, value: req.subject }
      : { type: 'email' as const, value: req.subject };
    const extensions: x509.Extension[] = [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ...((req.extendedKeyUsages ?? [OID_CODE_SIGNING]).length > 0
        ? [new x509.ExtendedKeyUsageExtension(req.extendedKeyUsages ?? [OID_CODE_SIGNING], false)]
        : []),
      await x509.SubjectKeyIdentifierExtension.create(req.key.cryptoKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(this.intermediate.key.cryptoKeys.publicKey),
      new x509.SubjectAlternativeNameExtension([san], true),
      ...fulcioExtensions(
        { ...req.extensions, ...(req.issuer === undefined ? {} : { issuer: req.issuer }) },
        req.issuerEncoding,
      ),
    ];
    const embedSCT = req.embedSCT ?? true;
    if (embedSCT) extensions.push(new x509.Extension(OID_CT_POISON, true, ASN1_NULL));
    const precert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: '',
      issuer: this.intermediate.cert.subject,
      notBefore: req.notBefore,
      notAfter,
      publicKey: req.key.certificatePublicKey,
      signingKey: this.intermediate.key.cryptoKeys.privateKey,
      signingAlgorithm: ECDSA_SHA256,
      extensions,
    });
    if (!embedSCT) return precert;
    return this.finishWithSCT(precert, req.notBefore, req.ctlog ?? this.ctlog);
  }

  /** Submit the precertificate to the CT log and re-sign its TBS with the SCT list in place of the poison. */
  private finishWithSCT(precert: x509.X509Certificate, at: Date, ctlog: TestCTLog): x509.X509Certificate {
    const parsed = AsnConvert.parse(precert.rawData, Certificate);
    const tbs = parsed.tbsCertificate;
    const original = tbs.extensions ?? new Extensions();
    const poisonAt = original.findIndex((e) => e.extnID === OID_CT_POISON);

    tbs.extensions = new Extensions(original.filter((_, i) => i !== poisonAt));
    const issuerSpki = new Uint8Array(this.intermediate.cert.publicKey.rawData);
    const sct = ctlog.issueSCT(new Uint8Array(AsnConvert.serialize(tbs)), issuerSpki, at);

    const list = new OctetString({ valueHex: sctList([sct]) }).toBER(false);
    const sctExtension = new Extension({
      extnID: OID_CT_SCT_LIST,
      critical: false,
      extnValue: new AsnOctetString(list),
    });
    tbs.extensions = new Extensions(original.map((e, i) => (i === poisonAt ? sctExtension : e)));

    const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
    const signature = this.intermediate.key.sign(tbsDer);
    const final = new Certificate({
      tbsCertificate: tbs,
      signatureAlgorithm: parsed.signatureAlgorithm,
      signatureValue: new Uint8Array(signature).buffer,
    });
    return new x509.X509Certificate(AsnConvert.serialize(final));
  }
}
