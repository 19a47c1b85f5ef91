// verifyBundle() of the facade: @sigguard/verify with the built-in public-good Sigstore
// trust root as default, and identities given either compiled or as plain specs.
import {
  BundleVerificationError,
  verifyBundle as verifyBundleCore,
  verifyBundleSync as verifyBundleSyncCore,
  type BundleVerification,
  type VerifyBundleOptions as CoreOptions,
} from '@sigguard/verify';
import { publicGoodTrustRoot, type TrustRoot } from '@sigguard/trust-root';
import {
  compileIdentities,
  goRegExpEngineLoaded,
  loadGoRegExpEngine,
  usesGoRegExp,
  type IdentityMatcher,
  type IdentitySpec,
} from '@sigguard/identity';

export { loadGoRegExpEngine } from '@sigguard/identity';

export type {
  BundleVerification,
  BundleSigner,
  Check,
  CheckStatus,
  VerifyErrorCode,
  TrustedPublicKey,
  InTotoStatement,
} from '@sigguard/verify';
export { BundleVerificationError, publicKeyFromPem, parseArtifactDigest, CHECK_NAMES } from '@sigguard/verify';
export { parseTrustedRoot, publicGoodTrustRoot, TrustRoot } from '@sigguard/trust-root';

export interface VerifyBundleOptions extends Omit<CoreOptions, 'trustRoot' | 'identities'> {
  /** Default: the public-good Sigstore trust root shipped with sigguard (offline). */
  trustRoot?: TrustRoot;
  /** Who must have signed: a compiled matcher or identity specs, e.g. [{ issuer, subject }]. */
  identities?: IdentityMatcher | IdentitySpec[];
}

type BundleInput = string | Uint8Array | Record<string, unknown>;

// Identity specs that do not compile (bad RE2 pattern, unknown field) are an input
// error reported as a failed identity check, like every other problem.
function coreOptions(o: VerifyBundleOptions): CoreOptions | BundleVerification {
  const { identities, trustRoot, ...rest } = o ?? ({} as VerifyBundleOptions);
  const core: CoreOptions = { ...rest, trustRoot: trustRoot ?? publicGoodTrustRoot() };
  if (!identities) return core;
  try {
    core.identities = Array.isArray(identities) ? compileIdentities(identities) : identities;
    return core;
  } catch (e) {
    return identityFailure(e);
  }
}

function identityFailure(e: unknown): BundleVerification {
  const error = new BundleVerificationError(
    'INVALID_OPTIONS',
    'identity',
    `invalid identities: ${(e as Error).message}`,
    { cause: e },
  );
  return { ok: false, error, checks: [{ name: 'identity', status: 'fail', reason: error.message, code: error.code }] };
}

function isResult(v: CoreOptions | BundleVerification): v is BundleVerification {
  return 'checks' in v;
}

/** Verify one Sigstore bundle (JSON text, bytes or parsed object). Resolves with ok + checks; never rejects on bad input. */
export async function verifyBundle(bundle: BundleInput, options: VerifyBundleOptions): Promise<BundleVerification> {
  // Outside Node, specs with issuerRegExp/subjectRegExp need the RE2 engine, loaded here on first use.
  const specs = options?.identities;
  if (Array.isArray(specs) && !goRegExpEngineLoaded() && usesGoRegExp(specs)) {
    try {
      await loadGoRegExpEngine();
    } catch (e) {
      return identityFailure(e);
    }
  }
  const core = coreOptions(options);
  return isResult(core) ? core : verifyBundleCore(bundle, core);
}

/**
 * Synchronous variant of verifyBundle(). Outside Node, identity specs with a regexp fail (REGEXP_ENGINE_NOT_LOADED)
 * unless `await loadGoRegExpEngine()` ran first.
 */
export function verifyBundleSync(bundle: BundleInput, options: VerifyBundleOptions): BundleVerification {
  const core = coreOptions(options);
  return isResult(core) ? core : verifyBundleSyncCore(bundle, core);
}
