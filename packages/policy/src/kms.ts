// KMS reference checks at admission time, as policy-controller does them: the scheme must be
// one cosign knows, and AWS references must be key or alias ARNs (bare key ids and alias
// names are rejected). sigguard never contacts a KMS; the verifier refuses KMS keys offline.

const KMS_SCHEMES = ['awskms://', 'azurekms://', 'hashivault://', 'gcpkms://'] as const;
const UUID = 'm?r?k?-?[A-Fa-f0-9]{8}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{12}';
const ARN = 'arn:(?:aws|aws-us-gov|aws-cn):kms:[a-z0-9-]+:\\d{12}:';
// These are fixed patterns written here (not policy input), so JS RegExp is fine.
const AWS_KEY_ARN = new RegExp(`^awskms://([^/]*)/(${ARN}key/${UUID})$`);
const AWS_ALIAS_ARN = new RegExp(`^awskms://([^/]*)/(${ARN}alias/.*)$`);

/** undefined when acceptable, else why not. */
export function kmsReferenceProblem(ref: string): string | undefined {
  const scheme = KMS_SCHEMES.find((s) => ref.startsWith(s));
  if (!scheme) return `kms reference must start with one of ${KMS_SCHEMES.join(', ')}`;
  if (scheme === 'awskms://' && !AWS_KEY_ARN.test(ref) && !AWS_ALIAS_ARN.test(ref)) {
    return 'malformed AWS KMS reference, should be awskms://[ENDPOINT]/arn:aws:kms:<region>:<account>:key/<id> or .../alias/<name>';
  }
  if (ref.length === scheme.length) return 'kms reference names no key';
  return undefined;
}
