// spec.policy: CUE/Rego over what the passing authorities established (the input document of
// policy-controller's pkg/webhook/validator_result.go).
import { node, type DecisionNode } from './decision.ts';
import type { AuthorityOutcome, EvaluationContext } from './evaluation-context.ts';
import { errorMessage, withTimeout } from './messages.ts';
import type { CipPolicyInput } from './policy-input.ts';
import type { ClusterImagePolicy } from './types.ts';

const CHECK_NAME = 'spec.policy';

export async function evaluateCipPolicy(
  policy: ClusterImagePolicy,
  passed: readonly AuthorityOutcome[],
  ctx: EvaluationContext,
): Promise<DecisionNode> {
  const ref = policy.policy!;
  const failCheck = (reason: string, code: string) =>
    node('check', CHECK_NAME, 'fail', `failed to evaluate the policy with error: ${reason}`, [], code);

  const input: CipPolicyInput = { authorityMatches: {} };
  for (const o of passed) if (o.match) input.authorityMatches[o.node.name] = o.match;

  if (ref.fetchConfigFile) {
    if (!ctx.verifier.imageConfigs)
      return failCheck('fetchConfigFile is set but the verifier cannot fetch image configs', 'CONFIG_UNAVAILABLE');
    try {
      input.config = await withTimeout(
        ctx.verifier.imageConfigs(ctx.image),
        ctx.verifierTimeoutMs,
        'verifier.imageConfigs()',
      );
    } catch (e) {
      return failCheck(`fetching the image config: ${errorMessage(e)}`, 'CONFIG_UNAVAILABLE');
    }
  }
  // Without the resource, CUE would pass by unification over absent data: fail closed instead.
  const resource = ctx.resource;
  if (ref.includeSpec) {
    if (resource?.spec === undefined)
      return failCheck('includeSpec is set but no resource spec was given', 'RESOURCE_MISSING');
    input.spec = resource.spec;
  }
  if (ref.includeObjectMeta) {
    if (resource?.metadata === undefined)
      return failCheck('includeObjectMeta is set but no resource metadata was given', 'RESOURCE_MISSING');
    input.metadata = resource.metadata;
  }
  if (ref.includeTypeMeta) {
    if (!resource?.kind || !resource.apiVersion)
      return failCheck('includeTypeMeta is set but the resource kind/apiVersion was not given', 'RESOURCE_MISSING');
    input.typemeta = { kind: resource.kind, apiVersion: resource.apiVersion };
  }
  const verdict = await ctx.predicates.document(ref, input);
  // The engine's reason is already policy-controller's full message.
  if (!verdict.ok) return node('check', CHECK_NAME, 'fail', verdict.reason, [], verdict.code ?? 'POLICY_FAILED');
  return node('check', CHECK_NAME, 'pass', verdict.reason);
}
