// The policies and trust roots of verifyImage() and auditSigners(): YAML text or validated policies,
// named TrustRoots, and the root for authorities without a trustRootRef (default: public-good).
import type { ClusterImagePolicy } from '@sigguard/policy';
import { parseTrustedRoot, publicGoodTrustRoot, TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import { loadPolicies } from '../policy-text.ts';
import { VerifyImageError } from './errors.ts';

export interface PolicyInputs {
  policies: readonly ClusterImagePolicy[] | string;
  trustRoots?: TrustRootSet | readonly TrustRoot[] | undefined;
}

export async function policiesAndRoots(
  options: PolicyInputs,
): Promise<{ policies: readonly ClusterImagePolicy[]; named: TrustRootSet; warnings: string[] }> {
  const given = options.trustRoots instanceof TrustRootSet ? [...options.trustRoots] : [...(options.trustRoots ?? [])];
  if (typeof options.policies !== 'string')
    return { policies: options.policies, named: new TrustRootSet(given), warnings: [] };
  const loaded = await loadPolicies(options.policies, { source: 'options.policies' });
  return {
    policies: loaded.policies,
    named: new TrustRootSet([...given, ...loaded.trustRoots]),
    warnings: loaded.warnings,
  };
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
