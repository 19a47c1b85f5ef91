// Where a certificate is expected, only a certificate will do. cosign GHSA-fx35-mq7g-6g98: a bare
// public key in a legacy bundle's `cert` field was taken as "key verification" and skipped the chain
// and identity checks. These guards make that a failure instead.
import { readSignerCertificate, type SignerCertificate } from './certificate.ts';
import { CertificateError } from './errors.ts';
import type { IdentityMatcher } from './matcher.ts';
import { base64ToBytes } from './pem.ts';

/** The `verificationMaterial` of a Sigstore bundle (protobuf JSON form), as far as the signer is concerned. */
export interface BundleVerificationMaterialLike {
  certificate?: { rawBytes?: string } | null;
  x509CertificateChain?: { certificates?: Array<{ rawBytes?: string }> } | null;
  publicKey?: { hint?: string } | null;
}

/**
 * The signer certificate of a bundle that is being verified keyless (against identities).
 * Throws CertificateError CERTIFICATE_EXPECTED when the bundle carries only a public-key hint or
 * the "certificate" bytes are a public key; CERTIFICATE_MALFORMED when they do not parse.
 */
export function signerCertificateFromBundle(vm: BundleVerificationMaterialLike | undefined | null): SignerCertificate {
  if (!vm || typeof vm !== 'object')
    throw new CertificateError(
      'CERTIFICATE_EXPECTED',
      'bundle has no verificationMaterial; a signing certificate is required',
    );
  const raw = vm.certificate?.rawBytes ?? vm.x509CertificateChain?.certificates?.[0]?.rawBytes;
  if (typeof raw !== 'string' || raw === '') {
    if (vm.publicKey) {
      throw new CertificateError(
        'CERTIFICATE_EXPECTED',
        'bundle is signed with a public key (publicKey hint), but identities were required: a key-signed bundle cannot satisfy a keyless (certificate identity) check',
      );
    }
    throw new CertificateError('CERTIFICATE_EXPECTED', 'bundle verificationMaterial has no signing certificate');
  }
  let der: Uint8Array;
  try {
    der = base64ToBytes(raw);
  } catch {
    throw new CertificateError('CERTIFICATE_MALFORMED', 'bundle certificate rawBytes is not base64');
  }
  return readSignerCertificate(der);
}

/**
 * For cosign legacy signatures: the `dev.sigstore.cosign/certificate` annotation (PEM). When keyless
 * identities are required, this must be a CERTIFICATE; an absent value or a PUBLIC KEY block fails.
 */
export function signerCertificateFromLegacyAnnotation(pem: string | undefined | null): SignerCertificate {
  if (typeof pem !== 'string' || pem.trim() === '') {
    throw new CertificateError(
      'CERTIFICATE_EXPECTED',
      'signature has no certificate annotation; keyless identities need a signing certificate',
    );
  }
  return readSignerCertificate(pem);
}

/** A check in the shape of @sigguard/verify's Check (structural: identity does not depend on verify). */
export interface IdentityCheck {
  name: 'identity';
  status: 'pass' | 'fail';
  reason: string;
  code?: string;
}

/**
 * One call for verifiers: read the signer certificate from the bundle and match it. Never throws:
 * every problem (no certificate, bare key, malformed, no identity matched) is a failed check.
 */
export function checkBundleIdentity(
  vm: BundleVerificationMaterialLike | undefined | null,
  identities: IdentityMatcher,
): IdentityCheck & { signer?: SignerCertificate } {
  let cert: SignerCertificate;
  try {
    cert = signerCertificateFromBundle(vm);
  } catch (e) {
    const code = e instanceof CertificateError ? e.code : 'CERTIFICATE_MALFORMED';
    return { name: 'identity', status: 'fail', reason: (e as Error).message, code };
  }
  const m = identities.match(cert);
  return m.ok
    ? { name: 'identity', status: 'pass', reason: m.reason, signer: cert }
    : { name: 'identity', status: 'fail', reason: m.reason, code: 'IDENTITY', signer: cert };
}
