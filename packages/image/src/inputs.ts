// The policies and trust roots of verifyImage() and auditSigners(): YAML text or validated policies,
// named TrustRoots, and the root for authorities without a trustRootRef (default: public-good).
import { goRegExpEngineLoaded, loadGoRegExpEngine, usesGoRegExp } from '@sigguard/identity';
import type { ClusterImagePolicy } from '@sigguard/policy';
import { parseTrustedRoot, publicGoodTrustRoot, TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import { loadPolicies } from './policy-text.ts';
import { VerifyImageError } from './errors.ts';

export interface PolicyInputs {
  policies: readonly ClusterImagePolicy[] | string;
  trustRoots?: TrustRootSet | readonly TrustRoot[] | undefined;
}

export async function policiesAndRoots(
  options: PolicyInputs,
): Promise<{ policies: readonly ClusterImagePolicy[]; named: TrustRootSet; warnings: string[] }> {
  const given = options.trustRoots instanceof TrustRootSet ? [...options.trustRoots] : [...(options.trustRoots ?? [])];
  if (typeof options.policies !== 'string') {
    await loadRegExpEngineFor(options.policies);
    return { policies: options.policies, named: new TrustRootSet(given), warnings: [] };
  }
  const loaded = await loadPolicies(options.policies, { source: 'options.policies' });
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
