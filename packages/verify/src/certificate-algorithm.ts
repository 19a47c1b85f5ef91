// Go's crypto/x509 refuses a certificate whose outer signatureAlgorithm is not byte-identical to the one inside
// the signed TBSCertificate ("x509: inner and outer signature algorithm identifiers don't match"), and one whose
// algorithm it does not know. @sigstore/core reads only the outer, unsigned identifier and, when it does not know
// it, verifies with Node's default digest for the key: a certificate with a damaged outer identifier was accepted
// (found by npm run fuzz, seed 20261210 case 81495). The signing certificate is checked here, before any other step.
import type { X509Certificate } from '@sigstore/core';
import { outerSignatureAlgorithm, type Asn1Node } from './sigstore-internals.ts';

/** A reason to refuse the certificate, or undefined when its signature algorithm identifiers are consistent. */
export function signatureAlgorithmProblem(cert: X509Certificate): string | undefined {
  const outer = outerSignatureAlgorithm(cert);
  const tbs = cert.tbsCertificate as unknown as Asn1Node;
  // TBSCertificate: [0] EXPLICIT version (absent for v1), serialNumber, signature AlgorithmIdentifier, …
  const inner = tbs?.subs?.[tbs.subs[0]?.tag.isContextSpecific(0) ? 2 : 1];
  if (!outer || !inner) return 'the certificate has no signature algorithm identifier';
  if (!sameBytes(outer.toDER(), inner.toDER())) {
    return 'the outer signature algorithm identifier differs from the one in the signed TBSCertificate';
  }
  if (cert.signatureAlgorithm === undefined) return 'the certificate names a signature algorithm that is not supported';
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
