// verifyBundle() of the facade: @sigguard/verify with the built-in public-good Sigstore
// trust root as default, and identities given either compiled or as plain specs.
import {
  verifyBundle as verifyBundleCore,
  verifyBundleSync as verifyBundleSyncCore,
  type BundleVerification,
  type VerifyBundleOptions as CoreOptions,
} from '@sigguard/verify';
import { publicGoodTrustRoot, type TrustRoot } from '@sigguard/trust-root';
import { compileIdentities, type IdentityMatcher, type IdentitySpec } from '@sigguard/identity';

export type { BundleVerification, BundleSigner, Check, CheckStatus, VerifyErrorCode, TrustedPublicKey, InTotoStatement } from '@sigguard/verify';
export { BundleVerificationError, publicKeyFromPem, parseArtifactDigest } from '@sigguard/verify';
export { parseTrustedRoot, publicGoodTrustRoot, TrustRoot } from '@sigguard/trust-root';

export interface VerifyBundleOptions extends Omit<CoreOptions, 'trustRoot' | 'identities'> {
  /** Default: the public-good Sigstore trust root shipped with sigguard (offline). */
  trustRoot?: TrustRoot;
  /** Who must have signed: a compiled matcher or identity specs, e.g. [{ issuer, subject }]. */
  identities?: IdentityMatcher | IdentitySpec[];
}

function coreOptions(o: VerifyBundleOptions): CoreOptions {
  const { identities, trustRoot, ...rest } = o ?? ({} as VerifyBundleOptions);
  const core: CoreOptions = { ...rest, trustRoot: trustRoot ?? publicGoodTrustRoot() };
  if (identities) core.identities = Array.isArray(identities) ? compileIdentities(identities) : identities;
  return core;
}

/** Verify one Sigstore bundle (JSON text, bytes or parsed object). Resolves with ok + checks; never rejects on bad input. */
export async function verifyBundle(bundle: string | Uint8Array | Record<string, unknown>, options: VerifyBundleOptions): Promise<BundleVerification> {
  return verifyBundleCore(bundle, coreOptions(options));
}

/** Synchronous variant of verifyBundle(). */
export function verifyBundleSync(bundle: string | Uint8Array | Record<string, unknown>, options: VerifyBundleOptions): BundleVerification {
  return verifyBundleSyncCore(bundle, coreOptions(options));
}
