// The signer certificate's identity read from the parse @sigstore/verify already made: @sigguard/identity
// reads certificates with the same parser (@sigstore/core's), so the leaf is not parsed a second time and the
// result (and every error) is readSignerCertificate's by construction.
import type { X509Certificate } from '@sigstore/core';
import { signerCertificateFromAsn1 } from '@sigguard/identity';
import type { SignerCertificate } from '@sigguard/identity';

/** Reads the signer certificate `leaf` (already parsed and verified); same result as readSignerCertificate. */
export function signerCertificateOf(leaf: X509Certificate): SignerCertificate {
  return signerCertificateFromAsn1(leaf.root, new Uint8Array(leaf.root.toDER()));
}
