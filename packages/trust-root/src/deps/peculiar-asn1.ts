// @peculiar's ASN.1 schemas (and asn1js under them), loaded on first use in Node (PEM material and `trust-root
// inspect` only); bundles use peculiar-asn1.bundled.ts. Their modules build every schema when evaluated.
import type * as Ecc from '@peculiar/asn1-ecc';
import type * as Rsa from '@peculiar/asn1-rsa';
import type * as Schema from '@peculiar/asn1-schema';
import type * as X509 from '@peculiar/asn1-x509';
import { requireOnFirstUse } from '@sigguard/types/require-on-first-use';

// What sigguard uses of each (the bundled twin exports just these, so bundlers can drop the rest).
export type Asn1Schema = Pick<typeof Schema, 'AsnConvert'>;
export type Asn1X509 = Pick<
  typeof X509,
  'BasicConstraints' | 'Certificate' | 'id_ce_basicConstraints' | 'SubjectPublicKeyInfo'
>;
export type Asn1Rsa = Pick<typeof Rsa, 'RSAPublicKey'>;
export type Asn1Ecc = Pick<typeof Ecc, 'ECParameters'>;

const base = (import.meta as { url?: string }).url ?? __filename;
export const asn1Schema = requireOnFirstUse<Asn1Schema>(base, '@peculiar/asn1-schema');
export const asn1X509 = requireOnFirstUse<Asn1X509>(base, '@peculiar/asn1-x509');
export const asn1Rsa = requireOnFirstUse<Asn1Rsa>(base, '@peculiar/asn1-rsa');
export const asn1Ecc = requireOnFirstUse<Asn1Ecc>(base, '@peculiar/asn1-ecc');
