// CUE / Rego through @sigguard/predicate, with the policy text resolved from the CIP
// (inline data, or a remote url pinned by sha256sum; configMapRef is cluster-only).
import {
  evaluateStatementPolicy,
  evaluatePredicatePolicy,
  inlinePolicySource,
  loadPolicySource,
  type PolicyEvaluator,
  type PredicateLimits,
  type PredicatePolicy,
  type RegoCompiler,
} from '@sigguard/predicate';
import type { EvidenceResult } from './evidence.ts';
import { errorCode, errorMessage } from './messages.ts';
import type { AttestationRequirement, PolicyRef } from './types.ts';
import type { FetchLike } from '@sigguard/types';

export interface PredicateOptions {
  /** Compiles inline Rego to WebAssembly (Node: `opaCompiler()` from `@sigguard/predicate/node`). */
  regoCompiler?: RegoCompiler;
  /** Time/memory/size limits for the engines. */
  limits?: PredicateLimits;
  /**
   * Where the engines run (default: the calling thread). In Node, `sharedWorkerEvaluator()` from
   * `@sigguard/predicate/node` runs them in a worker that is stopped at the time limit.
   */
  evaluator?: PolicyEvaluator;
  /** Used to download `policy.remote.url` (checked against its sha256sum). */
  fetch?: FetchLike;
  /**
   * Strict CIP-level CUE policies, a sigguard extension that diverges from policy-controller
   * (off by default): `spec.policy` must unify with its input to a concrete value, so a reference
   * to an authority that failed (absent from authorityMatches) denies instead of being ignored
   * (sigstore/policy-controller#130). Attestation policies are unaffected.
   */
  strictCipPolicy?: boolean;
  /** The decision's time: what Rego's time.now_ns answers. Default: when each evaluation starts. */
  now?: Date;
}

export interface PredicateVerdict {
  ok: boolean;
  reason: string;
  code?: string;
}

export interface PredicateRunner {
  attestation(
    policy: PolicyRef,
    evidence: EvidenceResult,
    requirement: AttestationRequirement,
  ): Promise<PredicateVerdict>;
  /** The CIP-level policy (`spec.policy`) over its input document (authority matches, image config). */
  document(policy: PolicyRef, input: unknown): Promise<PredicateVerdict>;
}

export function createPredicateRunner(options: PredicateOptions = {}): PredicateRunner {
  // One download/decode per policy per runner; an inline policy is there at once (nothing to await).
  const loaded = new WeakMap<PolicyRef, PredicatePolicy | Promise<PredicatePolicy>>();
  const load = (ref: PolicyRef): PredicatePolicy | Promise<PredicatePolicy> => {
    let p = loaded.get(ref);
    if (!p) {
      const spec = {
        type: ref.type,
        ...(ref.data !== undefined ? { data: ref.data } : {}),
        ...(ref.remote ? { url: ref.remote.url, sha256sum: ref.remote.sha256sum } : {}),
        ...(ref.configMapRef ? { configMapRef: ref.configMapRef } : {}),
      };
      p = inlinePolicySource(spec) ?? loadPolicySource(spec, options.fetch ? { fetch: options.fetch } : {});
      loaded.set(ref, p);
    }
    return p;
  };
  const engineOptions = (name: string) => ({
    name,
    ...(options.regoCompiler ? { regoCompiler: options.regoCompiler } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.evaluator ? { evaluator: options.evaluator } : {}),
  });
  return {
    async attestation(ref, evidence, requirement) {
      if (!evidence.statement)
        return {
          ok: false,
          reason: 'the verifier returned no in-toto statement for this attestation',
          code: 'PAYLOAD_INVALID',
        };
      try {
        const loading = load(ref);
        const policy = loading instanceof Promise ? await loading : loading;
        // The verified statement itself, as parsed from the signed payload: never re-encoded or read as an
        // envelope (a statement with a top-level `payload`/`dsseEnvelope` field is still a statement).
        const r = await evaluateStatementPolicy(
          policy,
          evidence.statement,
          requirement.predicateType,
          engineOptions(requirement.name),
        );
        return verdict(r.ok, r.reason, r.code);
      } catch (e) {
        return verdict(false, errorMessage(e), errorCode(e) ?? 'POLICY_SOURCE');
      }
    },
    async document(ref, input) {
      try {
        const policy = await load(ref);
        const strict = options.strictCipPolicy ? { cueConcrete: true } : {};
        const r = await evaluatePredicatePolicy(policy, input, { ...engineOptions('ClusterImagePolicy'), ...strict });
        return verdict(r.ok, r.reason, r.code);
      } catch (e) {
        return verdict(false, errorMessage(e), errorCode(e) ?? 'POLICY_SOURCE');
      }
    },
  };
}

function verdict(ok: boolean, reason: string, code: string | undefined): PredicateVerdict {
  return code === undefined || ok ? { ok, reason } : { ok, reason, code };
}

export const defaultPredicateRunner: PredicateRunner = createPredicateRunner();
