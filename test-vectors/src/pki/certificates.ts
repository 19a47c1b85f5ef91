// Certificate building blocks on @peculiar/x509 (WebCrypto), shared by the Fulcio-style CA and the TSA.
import { randomBytes } from 'node:crypto';
import { x509 } from './x509.ts';
import type { KeyPair } from './keys.ts';

export const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A positive 16-byte serial number in hex. */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

export interface IssuedCertificate {
  cert: x509.X509Certificate;
  key: KeyPair;
}

export async function selfSignedCA(
  key: KeyPair,
  name: string,
  notBefore: Date,
  notAfter: Date,
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore,
    notAfter,
    keys: key.cryptoKeys,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(key.cryptoKeys.publicKey),
    ],
  });
}

export async function intermediateCA(
  key: KeyPair,
  name: string,
  parent: IssuedCertificate,
  notBefore: Date,
  notAfter: Date,
  extraUsages: string[] = [],
): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(key.cryptoKeys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(parent.key.cryptoKeys.publicKey),
  ];
  if (extraUsages.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(extraUsages, false));
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: name,
    issuer: parent.cert.subject,
    notBefore,
    notAfter,
    publicKey: key.cryptoKeys.publicKey,
    signingKey: parent.key.cryptoKeys.privateKey,
    signingAlgorithm: ECDSA_SHA256,
    extensions,
  });
}

export function certPEM(cert: x509.X509Certificate): string {
  return cert.toString('pem') + '\n';
}
