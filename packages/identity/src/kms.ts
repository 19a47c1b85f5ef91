// Key references that need a network service or hardware. sigguard verifies offline, so these are
// recognised (never mistaken for a file path or PEM) and refused with the way out.
import { KmsUnavailableError } from './errors.ts';

/** cosign's remote key reference schemes (sigstore/sigstore kms providers, k8s secrets, GitLab, PKCS#11). */
export const KMS_SCHEMES: readonly string[] = [
  'awskms://',
  'gcpkms://',
  'azurekms://',
  'hashivault://',
  'k8s://',
  'gitlab://',
  'pkcs11:',
];

/** The KMS scheme `ref` starts with (e.g. `awskms://`), or undefined for anything else. */
export function kmsScheme(ref: string): string | undefined {
  if (typeof ref !== 'string') return undefined;
  const s = ref.trim().toLowerCase();
  return KMS_SCHEMES.find((p) => s.startsWith(p));
}

/** Throws KmsUnavailableError (code KMS_UNAVAILABLE) when `ref` is a KMS reference. */
export function refuseKmsReference(ref: string): void {
  const scheme = kmsScheme(ref);
  if (scheme) throw new KmsUnavailableError(ref, scheme);
}
