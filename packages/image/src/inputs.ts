// The policies and trust roots of verifyImage() and auditSigners(): YAML text or validated policies,
// named TrustRoots, and the root for authorities without a trustRootRef (default: public-good).
import { goRegExpEngineLoaded, loadGoRegExpEngine, usesGoRegExp } from '@sigguard/identity';
import type { ClusterImagePolicy } from '@sigguard/policy';
import { parseTrustedRoot, publicGoodTrustRoot, TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import { loadedPoliciesNow, loadPolicies } from './policy-text.ts';
import { VerifyImageError } from './errors.ts';

export interface PolicyInputs {
  policies: readonly ClusterImagePolicy[] | string;
  trustRoots?: TrustRootSet | readonly TrustRoot[] | undefined;
}

type PoliciesAndRoots = { policies: readonly ClusterImagePolicy[]; named: TrustRootSet; warnings: string[] };

export async function policiesAndRoots(options: PolicyInputs): Promise<PoliciesAndRoots> {
  const now = policiesAndRootsNow(options);
  if (now) return now;
  const given = givenRoots(options);
  if (typeof options.policies !== 'string') {
    await loadRegExpEngineFor(options.policies);
    return withRoots(given, { policies: options.policies, trustRoots: [], warnings: [] });
  }
  return withRoots(given, await loadPolicies(options.policies, { source: POLICIES_SOURCE }));
}

/**
 * policiesAndRoots(options) when nothing needs awaiting (no regexp engine or TrustRoot documents to load: always
 * for policy text without TrustRoots in Node), else undefined.
 */
export function policiesAndRootsNow(options: PolicyInputs): PoliciesAndRoots | undefined {
  const given = givenRoots(options);
  if (typeof options.policies !== 'string') {
    if (!goRegExpEngineLoaded() && usesGoRegExp(options.policies)) return undefined;
    return withRoots(given, { policies: options.policies, trustRoots: [], warnings: [] });
  }
  const loaded = loadedPoliciesNow(options.policies, POLICIES_SOURCE);
  return loaded && withRoots(given, loaded);
}

const POLICIES_SOURCE = 'options.policies';

function givenRoots(options: PolicyInputs): TrustRoot[] {
  return options.trustRoots instanceof TrustRootSet ? [...options.trustRoots] : [...(options.trustRoots ?? [])];
}

function withRoots(
  given: TrustRoot[],
  loaded: { policies: readonly ClusterImagePolicy[]; trustRoots: TrustRoot[]; warnings: string[] },
): PoliciesAndRoots {
  return {
    policies: loaded.policies,
    named: new TrustRootSet([...given, ...loaded.trustRoots]),
    warnings: loaded.warnings,
  };
}

// Keyless identities with issuerRegExp/subjectRegExp are matched by the RE2 engine, which runtimes other
// than Node load on demand. A failed load is not thrown here: compiling the identity then fails, and
// evaluation turns that into a denial with the reason (fail closed).
async function loadRegExpEngineFor(policies: readonly ClusterImagePolicy[]): Promise<void> {
  if (goRegExpEngineLoaded() || !usesGoRegExp(policies)) return;
  await loadGoRegExpEngine().catch(() => undefined);
}

export function defaultTrustRootOf(root: TrustRoot | string | object | undefined): TrustRoot {
  if (root === undefined) return publicGoodTrustRoot();
  if (typeof root === 'object' && 'trustedRoot' in root && 'digest' in root) return root as TrustRoot;
  try {
    return parseTrustedRoot(root as string | object, { name: 'custom' });
  } catch (e) {
    throw new VerifyImageError('INPUT_INVALID', `defaultTrustRoot: ${(e as Error).message}`, { cause: e });
  }
}
