// peculiar-asn1.ts for bundles (browser builds, the CLI): the bundler includes the schemas and decides when they
// are evaluated.
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, id_ce_basicConstraints, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { Asn1Ecc, Asn1Rsa, Asn1Schema, Asn1X509 } from './peculiar-asn1.ts';

const schema: Asn1Schema = { AsnConvert };
const x509: Asn1X509 = { BasicConstraints, Certificate, id_ce_basicConstraints, SubjectPublicKeyInfo };
const rsa: Asn1Rsa = { RSAPublicKey };
const ecc: Asn1Ecc = { ECParameters };
export const asn1Schema = (): Asn1Schema => schema;
export const asn1X509 = (): Asn1X509 => x509;
export const asn1Rsa = (): Asn1Rsa => rsa;
export const asn1Ecc = (): Asn1Ecc => ecc;
