// evaluatePolicies: policy-controller's admission semantics for one image, pure (no crypto).
// All matching policies must pass (AND); within a policy any authority suffices (OR) unless
// the sigguard N-of-M annotation asks for more; then the optional CIP-level CUE/Rego policy.
import { node, oneLine, type Decision, type DecisionNode } from './decision.ts';
import { distinctSignerCount } from './distinct-signers.ts';
import type { EvidenceVerifier } from './evidence.ts';
import { evaluateAuthority } from './evaluate-authority.ts';
import { evaluateCipPolicy } from './evaluate-cip-policy.ts';
import type { AuthorityOutcome, EvaluationContext } from './evaluation-context.ts';
import { ignoredKeyBlockWarnings } from './key-data-blocks.ts';
import { errorMessage } from './messages.ts';
import {
  createPredicateRunner,
  defaultPredicateRunner,
  type PredicateOptions,
  type PredicateRunner,
} from './predicate-runner.ts';
import { parseImageRef, type ImageRef } from './reference.ts';
import { selectPolicies, type ResourceInfo } from './select.ts';
import type { ClusterImagePolicy, NoMatchPolicy } from './types.ts';

export interface EvaluateOptions {
  /** config-policy-controller `no-match-policy`: deny (default) | warn | allow. */
  noMatchPolicy?: NoMatchPolicy;
  /**
   * The Kubernetes resource the image comes from (top-level object: Deployment, Pod, ...):
   * used for `spec.match` and for `includeSpec` / `includeObjectMeta` / `includeTypeMeta`.
   */
  resource?: ResourceInfo;
  /** Options for CUE/Rego evaluation through @sigguard/predicate (Rego compiler, limits, fetch). */
  predicate?: PredicateOptions;
  /** Replaces the @sigguard/predicate runner altogether (bring your own engines). */
  predicateRunner?: PredicateRunner;
  /** Limit for each verifier call (signatures, attestations, image configs); over it the authority fails. */
  verifierTimeoutMs?: number;
}

/**
 * Decides whether `image` may run under `policies` (validated ClusterImagePolicies, e.g. from
 * parsePolicyDocuments). Never throws for evaluation problems: errors, verifier failures and
 * engine crashes deny with a reason (fail closed).
 */
export async function evaluatePolicies(
  image: string | ImageRef,
  policies: readonly ClusterImagePolicy[],
  verifier: EvidenceVerifier,
  options: EvaluateOptions = {},
): Promise<Decision> {
  let ref: ImageRef;
  try {
    ref = typeof image === 'string' ? parseImageRef(image) : image;
  } catch (e) {
    const input = String(image);
    return {
      allowed: false,
      summary: oneLine(`denied: ${errorMessage(e)}`),
      warnings: [],
      image: { input, name: input },
      matchedPolicies: [],
      policies: [],
    };
  }
  const imageInfo: Decision['image'] = { input: ref.input, name: ref.name };
  if (ref.digest) imageInfo.digest = ref.digest;
  const warnings: string[] = [];
  const selection = selectPolicies(ref, policies, options.resource);
  warnings.push(...selection.warnings, ...ignoredKeyBlockWarnings(selection.matched));

  if (selection.matched.length === 0 && selection.errors.length === 0) {
    return noMatchDecision(ref, imageInfo, warnings, options.noMatchPolicy ?? 'deny');
  }

  const ctx: EvaluationContext = {
    image: ref,
    verifier,
    predicates:
      options.predicateRunner ??
      (options.predicate ? createPredicateRunner(options.predicate) : defaultPredicateRunner),
    ...(options.resource ? { resource: options.resource } : {}),
    ...(options.verifierTimeoutMs !== undefined ? { verifierTimeoutMs: options.verifierTimeoutMs } : {}),
  };
  const nodes = await allOf(selection.matched, (p) => evaluatePolicySafely(p, ctx));
  // A glob (or policy) that cannot be evaluated is a failure of its policy (policy-controller: lastError).
  for (const err of selection.errors)
    nodes.push(node('policy', err.policy, 'fail', err.message, [], 'POLICY_UNUSABLE'));

  for (const n of nodes) if (n.status === 'warn') warnings.push(`failed policy: ${n.name}: ${n.reason}`);
  const failed = nodes.filter((n) => n.status === 'fail');
  const allowed = failed.length === 0;
  return {
    allowed,
    summary: oneLine(summarise(ref, nodes, failed, warnings.length)),
    warnings,
    image: imageInfo,
    matchedPolicies: selection.matched.map((p) => p.name),
    policies: nodes,
  };
}

function noMatchDecision(ref: ImageRef, image: Decision['image'], warnings: string[], mode: NoMatchPolicy): Decision {
  const reason = `no matching policies: ${ref.name}`;
  const base = { image, matchedPolicies: [], policies: [] };
  if (mode === 'allow')
    return { ...base, allowed: true, summary: `allowed: ${reason} (no-match-policy allow)`, warnings };
  if (mode === 'warn') {
    return { ...base, allowed: true, summary: `allowed with warnings: ${reason}`, warnings: [...warnings, reason] };
  }
  return { ...base, allowed: false, summary: `denied: ${reason}`, warnings };
}

function summarise(ref: ImageRef, nodes: DecisionNode[], failed: DecisionNode[], warningCount: number): string {
  if (failed.length > 0) {
    const first = failed[0] as DecisionNode;
    const more =
      failed.length > 1 ? ` (and ${failed.length - 1} more failed polic${failed.length > 2 ? 'ies' : 'y'})` : '';
    return `denied: ${ref.name}: failed policy ${first.name}: ${first.reason}${more}`;
  }
  const names = nodes.map((n) => n.name).join(', ');
  const plural = nodes.length === 1 ? 'policy' : 'policies';
  if (warningCount > 0) return `allowed with warnings: ${ref.name}: ${nodes.length} ${plural} evaluated (${names})`;
  return `allowed: ${ref.name} satisfies ${nodes.length} ${plural} (${names})`;
}

async function evaluatePolicySafely(policy: ClusterImagePolicy, ctx: EvaluationContext): Promise<DecisionNode> {
  try {
    return await evaluatePolicy(policy, ctx);
  } catch (e) {
    // Fail closed even on our own bugs; enforce/warn still applies.
    return policyFailure(policy, `internal error while evaluating: ${errorMessage(e)}`, [], 'INTERNAL');
  }
}

function policyFailure(
  policy: ClusterImagePolicy,
  reason: string,
  children: DecisionNode[],
  code: string,
): DecisionNode {
  return node('policy', policy.name, policy.mode === 'warn' ? 'warn' : 'fail', reason, children, code);
}

async function evaluatePolicy(policy: ClusterImagePolicy, ctx: EvaluationContext): Promise<DecisionNode> {
  if (policy.authorities.length === 0) {
    // policy-controller returns a plain error here, which its admission response does not count as a
    // failure, so the image is admitted; sigguard denies.
    return policyFailure(
      policy,
      `failed to process policy: ${policy.name}: it has no authorities`,
      [],
      'NO_AUTHORITIES',
    );
  }
  const required = policy.requiredAuthorities ?? 1;
  if (!Number.isSafeInteger(required) || required < 1 || required > policy.authorities.length) {
    // parsePolicyDocuments refuses this; a hand-built policy must not pass with 0 (or NaN) authorities.
    return policyFailure(
      policy,
      `requiredAuthorities ${String(required)} is not a whole number from 1 to ${policy.authorities.length}`,
      [],
      'POLICY_INVALID',
    );
  }
  // The authorities' matches are read only by spec.policy, their signers only to count N of M.
  const wants = { match: Boolean(policy.policy), signers: required > 1 };
  const outcomes: AuthorityOutcome[] = await allOf(policy.authorities, (a) => evaluateAuthority(a, ctx, wants));
  const children = outcomes.map((o) => o.node);
  const passed = outcomes.filter((o) => o.node.status === 'pass');

  if (passed.length < required) {
    const failures = outcomes.filter((o) => o.node.status !== 'pass').map((o) => `${o.node.name}: ${o.node.reason}`);
    const reason =
      required === 1
        ? `no authority passed: ${failures.join('; ')}`
        : `${passed.length} of the ${required} required authorities passed (${REQUIRED_NOTE}); failed: ${failures.join('; ')}`;
    return policyFailure(policy, reason, children, required === 1 ? 'NO_AUTHORITY_PASSED' : 'TOO_FEW_AUTHORITIES');
  }
  if (required > 1) {
    const distinct = distinctSignerCount(passed.map((o) => o.signers));
    if (distinct < required) {
      const reason = `${passed.length} authorities passed (${passed.map((o) => o.node.name).join(', ')}) but only ${distinct} with distinct signers; ${required} required (${REQUIRED_NOTE})`;
      return policyFailure(policy, reason, children, 'TOO_FEW_SIGNERS');
    }
  }

  const passedNames = passed.map((o) => o.node.name);
  if (policy.policy) {
    const check = await evaluateCipPolicy(policy, passed, ctx);
    children.push(check);
    if (check.status !== 'pass') return policyFailure(policy, check.reason, children, check.code ?? 'POLICY_FAILED');
  }
  const via =
    required === 1
      ? `authority ${passedNames.join(', ')} passed`
      : `${passed.length} authorities passed (${passedNames.join(', ')}; ${required} required)`;
  return node('policy', policy.name, 'pass', policy.policy ? `${via}; spec.policy passed` : via, children);
}

const REQUIRED_NOTE = 'sigguard.dev/required-authorities';

// Promise.all of `work` on each item, without its per-item bookkeeping for one item (the usual case).
function allOf<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  if (Array.isArray(items) && items.length === 1) return work(items[0] as T).then((r) => [r]);
  return Promise.all(items.map((item) => work(item)));
}
