// verifyImage with telemetry: the spans and metrics of its stages (docs/observability.md). Only used when the
// caller gave VerifyImageOptions.telemetry (recordFetchFailures: a no-op without a trace).
import {
  createPredicateRunner,
  type DecisionNode,
  type PredicateOptions,
  type PredicateRunner,
  type PredicateVerdict,
} from '@sigguard/policy';
import { ATTR, errorTypeOf, secondsSince, type Attributes, type StageTrace, type Telemetry } from './telemetry.ts';
import type { ImageDecision } from '../decision.ts';

/** Runs `decide` under a `verifyImage` span and records the decision's metrics. */
export async function tracedDecision(
  ref: string,
  telemetry: Telemetry,
  decide: (trace: StageTrace) => Promise<ImageDecision>,
): Promise<ImageDecision> {
  const start = performance.now();
  const span = telemetry.startSpan('verifyImage', { [ATTR.imageReference]: ref });
  try {
    const d = await telemetry.inSpan(span, () => decide({ telemetry, span }));
    const outcome = d.allowed ? 'admit' : 'deny';
    const code = d.allowed ? undefined : denyCode(d);
    span.setAttributes({
      [ATTR.imageDigest]: d.subject.digest || undefined,
      [ATTR.outcome]: outcome,
      [ATTR.policyNames]: d.matchedPolicies,
      [ATTR.denyCode]: code,
    });
    // A denial because evidence could not be fetched is no verdict on the image: the operation failed.
    if (d.fetchError) span.fail(d.fetchError.code);
    telemetry.recordDecision(secondsSince(start), { [ATTR.outcome]: outcome, [ATTR.denyCode]: code });
    return d;
  } catch (e) {
    span.fail(errorTypeOf(e), e);
    telemetry.recordDecision(secondsSince(start), { [ATTR.outcome]: 'error', [ATTR.errorType]: errorTypeOf(e) });
    throw e;
  } finally {
    span.end();
  }
}

/**
 * The most specific reason of a denial, for metrics: the code of the deepest failing node on the first failing
 * path of the tree (IDENTITY, SIGNATURE, ENGINE_LIMIT, …), the fetch error's code, or NO_MATCH.
 */
export function denyCode(d: ImageDecision): string {
  if (d.fetchError) return d.fetchError.code;
  let n: DecisionNode | undefined = d.policies.find((p) => p.status === 'fail');
  if (!n) return d.matchedPolicies.length === 0 && d.policies.length === 0 ? 'NO_MATCH' : 'DENIED';
  let code = n.code;
  while ((n = n.children.find((c) => c.status === 'fail'))) code = n.code ?? code;
  return code ?? 'DENIED';
}

// Without predicate options, one runner for every call, as @sigguard/policy's default (it caches policy sources).
let defaultRunner: PredicateRunner | undefined;

/** The runner evaluatePolicies would use for these options, made for tracing. */
export function runnerFor(options: {
  predicateRunner?: PredicateRunner;
  predicate?: PredicateOptions | undefined;
}): PredicateRunner {
  if (options.predicateRunner) return options.predicateRunner;
  if (options.predicate) return createPredicateRunner(options.predicate);
  return (defaultRunner ??= createPredicateRunner());
}

/** A predicate runner whose every evaluation is an `evaluatePredicate` span and an engine latency sample. */
export function tracedRunner(runner: PredicateRunner, trace: StageTrace): PredicateRunner {
  const timed = async (engine: string, attributes: Record<string, string>, run: () => Promise<PredicateVerdict>) => {
    const start = performance.now();
    const span = trace.telemetry.startSpan('evaluatePredicate', { [ATTR.engine]: engine, ...attributes }, trace.span);
    const record = (a: Attributes) => trace.telemetry.recordEngine(secondsSince(start), a);
    try {
      const v = await run();
      const outcome = v.ok ? 'pass' : 'fail';
      span.setAttributes({ [ATTR.outcome]: outcome, [ATTR.engineCode]: v.code });
      // A code means no verdict was reached (ENGINE_LIMIT, PREDICATE_POLICY_INVALID, …): the evaluation failed.
      if (v.code) span.fail(v.code);
      record({ [ATTR.engine]: engine, [ATTR.outcome]: outcome, [ATTR.engineCode]: v.code });
      return v;
    } catch (e) {
      span.fail(errorTypeOf(e), e);
      record({ [ATTR.engine]: engine, [ATTR.outcome]: 'error', [ATTR.engineCode]: errorTypeOf(e) });
      throw e;
    } finally {
      span.end();
    }
  };
  return {
    attestation: (ref, evidence, requirement) =>
      timed(ref.type, { [ATTR.requirement]: requirement.name, [ATTR.predicateType]: requirement.predicateType }, () =>
        runner.attestation(ref, evidence, requirement),
      ),
    document: (ref, input) =>
      timed(ref.type, { [ATTR.requirement]: 'ClusterImagePolicy' }, () => runner.document(ref, input)),
  };
}
