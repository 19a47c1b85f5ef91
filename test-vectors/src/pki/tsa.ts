// An RFC 3161 timestamp authority on pkijs: TSTInfo in CMS SignedData, wrapped in a TimeStampResp
// (the DER form Sigstore bundles carry in rfc3161Timestamps[].signedTimestamp).
import { randomBytes, webcrypto } from 'node:crypto';
import { x509 } from './x509.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256 } from '../encoding.ts';
import { ECDSA_SHA256, randomSerial, selfSignedCA, type IssuedCertificate } from './certificates.ts';
import { generateKeyPair } from './keys.ts';

pkijs.setEngine(
  'node-webcrypto',
  new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto }),
);

const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_TSTINFO = '1.2.840.113549.1.9.16.1.4';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const TSA_POLICY = '1.3.6.1.4.1.57264.2';

export class TestTSA {
  readonly root: IssuedCertificate;
  readonly leaf: IssuedCertificate;
  readonly uri: string;

  constructor(root: IssuedCertificate, leaf: IssuedCertificate, uri: string) {
    this.root = root;
    this.leaf = leaf;
    this.uri = uri;
  }

  static async create(opts: { name?: string; notBefore: Date; notAfter: Date; uri?: string }): Promise<TestTSA> {
    const name = opts.name ?? 'sigguard-test';
    const rootKey = await generateKeyPair('ecdsa-p256');
    const rootCert = await selfSignedCA(rootKey, `O=${name}, CN=${name}-tsa-root`, opts.notBefore, opts.notAfter);
    const leafKey = await generateKeyPair('ecdsa-p256');
    const leafCert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `O=${name}, CN=${name}-tsa`,
      issuer: rootCert.subject,
      notBefore: opts.notBefore,
      notAfter: opts.notAfter,
      publicKey: leafKey.cryptoKeys.publicKey,
      signingKey: rootKey.cryptoKeys.privateKey,
      signingAlgorithm: ECDSA_SHA256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([OID_TIME_STAMPING], true),
        await x509.SubjectKeyIdentifierExtension.create(leafKey.cryptoKeys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(rootKey.cryptoKeys.publicKey),
      ],
    });
    return new TestTSA(
      { cert: rootCert, key: rootKey },
      { cert: leafCert, key: leafKey },
      opts.uri ?? 'https://tsa.sigguard.test',
    );
  }

  /** Chain leaf first, as trusted_root.json lists timestamp authorities. */
  get chain(): x509.X509Certificate[] {
    return [this.leaf.cert, this.root.cert];
  }

  /** A DER TimeStampResp whose message imprint is sha256(`data`) (a signature, for Sigstore). */
  async timestamp(data: Uint8Array, at: Date): Promise<Buffer> {
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: TSA_POLICY,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: sha256(data) }),
      }),
      serialNumber: new asn1js.Integer({ valueHex: randomBytes(8) }),
      genTime: at,
      ordering: false,
    });
    const tstDer = new Uint8Array(tstInfo.toSchema().toBER(false));
    const signerCert = pkijs.Certificate.fromBER(this.leaf.cert.rawData);

    const signedData = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: OID_TSTINFO,
        eContent: new asn1js.OctetString({ valueHex: tstDer }),
      }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCert.issuer, serialNumber: signerCert.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({
                type: OID_CONTENT_TYPE,
                values: [new asn1js.ObjectIdentifier({ value: OID_TSTINFO })],
              }),
              new pkijs.Attribute({ type: OID_SIGNING_TIME, values: [new asn1js.UTCTime({ valueDate: at })] }),
              new pkijs.Attribute({
                type: OID_MESSAGE_DIGEST,
                values: [new asn1js.OctetString({ valueHex: sha256(tstDer) })],
              }),
            ],
          }),
        }),
      ],
      certificates: [signerCert],
    });
    // pkijs turns eContent into a constructed (BER) OCTET STRING; RFC 3161 tokens carry it as
    // DER (primitive), which Sigstore verifiers parse positionally.
    signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: tstDer });
    await signedData.sign(this.leaf.key.cryptoKeys.privateKey, 0, 'SHA-256');

    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema(true) }),
    });
    return Buffer.from(response.toSchema().toBER(false));
  }
}
