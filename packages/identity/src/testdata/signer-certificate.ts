// A signer certificate as @sigguard/identity reads one, without the DER: alice@example.com from
// https://accounts.example.com, for the tests that exercise matching rather than parsing.
import type { SignerCertificate } from '../index-node.ts';

export const ALICE_ISSUER = 'https://accounts.example.com';

export function signerCertificate(over: Partial<SignerCertificate> = {}): SignerCertificate {
  return {
    der: new Uint8Array(),
    serialNumber: '01',
    notBefore: new Date(0),
    notAfter: new Date(0),
    sans: [{ type: 'email', value: 'alice@example.com' }],
    issuer: ALICE_ISSUER,
    extensions: { issuer: ALICE_ISSUER },
    extensionList: [],
    unknownCriticalExtensions: [],
    isCA: false,
    publicKeyInfo: new Uint8Array(),
    warnings: [],
    ...over,
  };
}
