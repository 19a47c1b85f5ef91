// Turns one ClusterImagePolicy authority into @sigguard/verify options, following
// policy-controller's trust-material selection (checkOptsFromAuthority).
import type { IdentityMatcher } from '@sigguard/identity';
import { identityMatcherOf, publicKeysOf, type Authority } from '@sigguard/policy';
import { composeTrustRoot, withCertificateChain, type TrustRoot, type TrustRootSet } from '@sigguard/trust-root';
import type { TrustedPublicKey, VerifyBundleOptions } from '@sigguard/verify';
import { AuthorityConfigError } from './errors.ts';

/** The trust roots verification may use. */
export interface TrustRoots {
  /** Named roots (TrustRoot documents), selected by `trustRootRef`. */
  named?: TrustRootSet;
  /** For authorities without a trustRootRef (policy-controller: the cluster's TUF root). */
  default: TrustRoot;
}

export type AuthorityVerifyOptions = Omit<VerifyBundleOptions, 'artifact' | 'artifactDigest'> & {
  keys?: TrustedPublicKey[];
  identities?: IdentityMatcher;
  /** What was decided, for the decision tree. */
  notes: string[];
};

function named(roots: TrustRoots, ref: string): TrustRoot {
  if (!roots.named)
    throw new AuthorityConfigError(`trustRootRef ${ref} not found, config missing (no TrustRoot documents loaded)`);
  return roots.named.get(ref);
}

export function authorityVerifyOptions(authority: Authority, roots: TrustRoots, now?: Date): AuthorityVerifyOptions {
  const notes: string[] = [];
  const secrets = authority.source.flatMap((s) => s.signaturePullSecrets.map((p) => p.name));
  if (secrets.length > 0) {
    notes.push(
      `source signaturePullSecrets (${secrets.join(', ')}) are Kubernetes secrets and not read: registry credentials come from the registry client (--registry-auth)`,
    );
  }
  if (authority.source.length > 1) notes.push('only source[0] is used (policy-controller reads the first source)');
  const keylessRef = authority.keyless?.trustRootRef;
  const ctlogRef = authority.ctlog?.trustRootRef;
  const tsaRef = authority.rfc3161timestamp?.trustRootRef;
  const caRoot = keylessRef ? named(roots, keylessRef) : roots.default;
  const tlogRoot = ctlogRef ? named(roots, ctlogRef) : caRoot;
  const tsaRoot = tsaRef ? named(roots, tsaRef) : caRoot;
  let trustRoot = composeTrustRoot({ ca: caRoot, tlog: tlogRoot, tsa: tsaRoot });

  // policy-controller: key authorities without ctlog, keyless with trustRootRef but no ctlog,
  // and any authority with an rfc3161timestamp trustRootRef do not check the tlog.
  let tlogThreshold = 1;
  if (tsaRef) {
    tlogThreshold = 0;
    notes.push(`rfc3161timestamp.trustRootRef ${tsaRef}: signed timestamps required, transparency log not checked`);
  } else if (!authority.ctlog && (authority.key || keylessRef)) {
    tlogThreshold = 0;
    notes.push(
      `no ctlog configured for a ${authority.key ? 'key' : 'trustRootRef'} authority: transparency log not checked (policy-controller IgnoreTlog)`,
    );
  }
  // Without a tlog the only trusted time is an RFC3161 timestamp; key-signed evidence may have none.
  const timestampThreshold = tlogThreshold === 0 && !tsaRef && authority.key ? 0 : 1;
  const out: AuthorityVerifyOptions = { trustRoot, tlogThreshold, timestampThreshold, notes, ...(now ? { now } : {}) };
  if (tsaRef) out.rfc3161TimestampRequired = true;

  if (authority.key) {
    if (authority.key.kms)
      throw new AuthorityConfigError(
        `key.kms ${authority.key.kms}: KMS keys cannot be used offline; put the PEM public key in key.data`,
      );
    if (authority.key.secretRef)
      throw new AuthorityConfigError(
        'key.secretRef: Kubernetes secrets are not available; put the PEM public key in key.data',
      );
    if (!authority.key.data) throw new AuthorityConfigError('key: no public key data');
    // Only the first PEM block, as policy-controller (one pem.Decode); the decision warns about the rest.
    const [k] = publicKeysOf(authority.key);
    if (!k) throw new AuthorityConfigError('key.data: no public key');
    // key.hashAlgorithm (default sha256) is the hash the signature was made with, as in policy-controller's
    // signature.LoadVerifier(pk, hash); rsaEncryption keys verify PKCS#1 v1.5, id-RSASSA-PSS keys PSS.
    const rsaScheme = k.kind === 'rsa' && k.rsaScheme ? { rsaScheme: k.rsaScheme } : {};
    out.keys = [{ spki: k.spki, hashAlgorithm: k.hashAlgorithm, ...rsaScheme }];
    out.ctlogThreshold = 0;
    return out;
  }
  if (authority.keyless) {
    const kl = authority.keyless;
    if (kl.caCert) {
      if (!kl.caCert.data) throw new AuthorityConfigError('keyless.ca-cert: only inline PEM data is supported offline');
      trustRoot = withCertificateChain(trustRoot, kl.caCert.data, 'keyless.ca-cert');
      out.trustRoot = trustRoot;
      notes.push('keyless.ca-cert: certificates must chain to the given PEM chain');
    }
    out.identities = identityMatcherOf(kl.identities); // compiled by validation, or once here
    if (kl.insecureIgnoreSCT) {
      out.ctlogThreshold = 0;
      notes.push('keyless.insecureIgnoreSCT: embedded SCT not required');
    }
    return out;
  }
  throw new AuthorityConfigError(`authority ${authority.name} has neither key nor keyless`);
}
