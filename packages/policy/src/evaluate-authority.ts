// One authority: static, signatures, or attestations (listed attestations are ANDed; each is
// satisfied by any verified attestation of its predicate type that passes its policy).
import { predicateTypeURI } from '@sigguard/predicate';
import { checkNodes, node, type DecisionNode } from './decision.ts';
import { signerKey } from './distinct-signers.ts';
import type { EvidenceResult } from './evidence.ts';
import type { AuthorityOutcome, EvaluationContext } from './evaluation-context.ts';
import { errorCode, errorMessage, withTimeout } from './messages.ts';
import { toPolicyAttestation, toPolicySignature, type PolicyAttestation } from './policy-input.ts';
import type { AttestationRequirement, Authority } from './types.ts';

const MAX_LISTED_REASONS = 5;

/**
 * What a caller reads of a passing authority besides its node: `match` (the CIP-level policy's input) and
 * `signers` (N-of-M). What is not wanted is not built (the decision tree is the same either way).
 */
export interface OutcomeWants {
  match: boolean;
  signers: boolean;
}

const EVERYTHING: OutcomeWants = { match: true, signers: true };

export async function evaluateAuthority(
  authority: Authority,
  ctx: EvaluationContext,
  wants: OutcomeWants = EVERYTHING,
): Promise<AuthorityOutcome> {
  try {
    if (authority.static) return evaluateStatic(authority);
    const formatProblem = bundleFormatProblem(authority);
    if (formatProblem) return fail(authority, formatProblem, [], 'UNSUPPORTED');
    return authority.attestations.length > 0
      ? await evaluateAttestations(authority, ctx, wants)
      : await evaluateSignatures(authority, ctx, wants);
  } catch (e) {
    return fail(
      authority,
      `failed to process authority: ${authority.name}: ${errorMessage(e)}`,
      [],
      errorCode(e) ?? 'VERIFIER_ERROR',
    );
  }
}

function fail(authority: Authority, reason: string, children: DecisionNode[], code: string): AuthorityOutcome {
  return { node: node('authority', authority.name, 'fail', reason, children, code) };
}

function evaluateStatic(authority: Authority): AuthorityOutcome {
  const st = authority.static!;
  if (st.action === 'pass') {
    return { node: node('authority', authority.name, 'pass', 'static policy: pass'), match: { static: true } };
  }
  return fail(authority, st.message || 'disallowed by static policy', [], 'STATIC_FAIL');
}

// policy-controller refuses these combinations when verifying the new bundle format.
function bundleFormatProblem(authority: Authority): string | undefined {
  if (authority.signatureFormat !== 'bundle') return undefined;
  if (!authority.keyless) return 'when using the new bundle format, the authority must be keyless';
  if (authority.keyless.identities.length > 1) return 'unsupported: multiple identities are not supported at this time';
  return undefined;
}

// Verified only when the verifier says ok AND none of its checks failed (an inconsistent
// result from a third-party verifier must not allow).
export function isVerified(r: EvidenceResult): boolean {
  return r.ok === true && Array.isArray(r.checks) && !r.checks.some((c) => c.status === 'fail');
}

function evidenceNodes(kind: 'signature' | 'attestation', results: readonly EvidenceResult[]): DecisionNode[] {
  return results.map((r) => {
    const ok = isVerified(r);
    const failed = (r.checks ?? []).find((c) => c.status === 'fail');
    const reason = ok
      ? 'verified'
      : failed
        ? `${failed.name}: ${failed.reason}`
        : r.ok === true
          ? 'verifier returned ok without checks'
          : 'not verified';
    return node(
      kind,
      String(r.id),
      ok ? 'pass' : 'fail',
      reason,
      checkNodes(r.checks),
      ok ? undefined : (failed?.code ?? 'UNVERIFIED'),
    );
  });
}

async function evidence(
  kind: 'signatures' | 'attestations',
  authority: Authority,
  ctx: EvaluationContext,
): Promise<EvidenceResult[]> {
  const results: unknown = await withTimeout(
    ctx.verifier[kind](ctx.image, authority),
    ctx.verifierTimeoutMs,
    `verifier.${kind}() for authority ${authority.name}`,
  );
  if (!Array.isArray(results)) throw new Error(`the verifier returned ${typeof results} instead of a list of ${kind}`);
  return results as EvidenceResult[];
}

function listReasons(nodes: readonly DecisionNode[]): string {
  const reasons = [...new Set(nodes.filter((n) => n.status !== 'pass').map((n) => n.reason))];
  const shown = reasons.slice(0, MAX_LISTED_REASONS).join('; ');
  return reasons.length > MAX_LISTED_REASONS ? `${shown}; ...` : shown;
}

async function evaluateSignatures(
  authority: Authority,
  ctx: EvaluationContext,
  wants: OutcomeWants,
): Promise<AuthorityOutcome> {
  const results = await evidence('signatures', authority, ctx);
  const children = evidenceNodes('signature', results);
  const verified = results.filter(isVerified);
  const kind = authority.key ? 'key' : 'keyless';
  if (results.length === 0) {
    return fail(
      authority,
      `signature ${kind} validation failed for authority ${authority.name} for ${ctx.image.name}: no signatures found`,
      children,
      'NO_SIGNATURES',
    );
  }
  if (verified.length === 0) {
    return fail(
      authority,
      `signature ${kind} validation failed for authority ${authority.name} for ${ctx.image.name}: no matching signatures: ${listReasons(children)}`,
      children,
      'NO_MATCHING_SIGNATURES',
    );
  }
  return {
    node: node(
      'authority',
      authority.name,
      'pass',
      `${verified.length} of ${results.length} signature(s) verified`,
      children,
    ),
    ...(wants.match ? { match: { signatures: verified.map(toPolicySignature) } } : {}),
    ...(wants.signers ? { signers: [...new Set(verified.map(signerKey))] } : {}),
  };
}

async function evaluateAttestations(
  authority: Authority,
  ctx: EvaluationContext,
  wants: OutcomeWants,
): Promise<AuthorityOutcome> {
  const results = await evidence('attestations', authority, ctx);
  const verified = results.filter(isVerified);
  if (verified.length === 0) {
    const children = evidenceNodes('attestation', results);
    const why = results.length === 0 ? '' : `: ${listReasons(children)}`;
    return fail(
      authority,
      `no matching attestations for authority ${authority.name} for ${ctx.image.name}${why}`,
      children,
      'NO_MATCHING_ATTESTATIONS',
    );
  }
  const unverified =
    verified.length === results.length
      ? []
      : evidenceNodes(
          'attestation',
          results.filter((r) => !isVerified(r)),
        );
  const requirementNodes: DecisionNode[] = [];
  const attestations: Record<string, PolicyAttestation[]> = {};
  const signers: string[] = []; // each once, in the order first seen
  for (const req of authority.attestations) {
    const { node: reqNode, passing, passingSigners } = await evaluateRequirement(req, verified, ctx, wants);
    requirementNodes.push(reqNode);
    if (passing.length > 0) attestations[req.name] = passing;
    for (const s of passingSigners) if (!signers.includes(s)) signers.push(s);
  }
  const children = unverified.length > 0 ? [...requirementNodes, ...unverified] : requirementNodes;
  const first = requirementNodes.find((n) => n.status !== 'pass');
  if (first) {
    const more = requirementNodes.filter((n) => n.status !== 'pass').length - 1;
    return fail(
      authority,
      `attestation ${first.name}: ${first.reason}${more > 0 ? ` (and ${more} more)` : ''}`,
      children,
      first.code ?? 'ATTESTATION_FAILED',
    );
  }
  return {
    node: node(
      'authority',
      authority.name,
      'pass',
      `all ${requirementNodes.length} attestation requirement(s) satisfied`,
      children,
    ),
    ...(wants.match ? { match: { attestations } } : {}),
    ...(wants.signers ? { signers } : {}),
  };
}

async function evaluateRequirement(
  req: AttestationRequirement,
  verified: readonly EvidenceResult[],
  ctx: EvaluationContext,
  wants: OutcomeWants,
): Promise<{ node: DecisionNode; passing: PolicyAttestation[]; passingSigners: string[] }> {
  const wantType = predicateTypeURI(req.predicateType);
  const candidates = verified.filter((r) => r.statement?.predicateType === wantType);
  if (candidates.length === 0) {
    const seen = [...new Set(verified.map((r) => r.statement?.predicateType ?? '(no statement)'))].map((t) =>
      JSON.stringify(t),
    );
    const reason = `no matching attestations with type ${req.predicateType}, checked the following predicateTypes: ${seen.join(', ')}`;
    return {
      node: node('attestation', req.name, 'fail', reason, [], 'NO_MATCHING_ATTESTATIONS'),
      passing: [],
      passingSigners: [],
    };
  }
  const children: DecisionNode[] = [];
  // What passed, for the caller's match and signers (built only when wanted), and how many.
  const passing: PolicyAttestation[] = [];
  const passingSigners: string[] = [];
  let passed = 0;
  const pass = (att: EvidenceResult) => {
    passed++;
    if (wants.match) passing.push(toPolicyAttestation(att, req.predicateType));
    if (wants.signers) passingSigners.push(signerKey(att));
  };
  for (const att of candidates) {
    const checks = checkNodes(att.checks);
    if (!req.policy) {
      pass(att);
      children.push(
        node('attestation', att.id, 'pass', `verified ${wantType} attestation (no policy: presence suffices)`, checks),
      );
      continue;
    }
    const evaluation = await ctx.predicates.attestation(req.policy, att, req);
    checks.push(
      node(
        'check',
        `policy (${req.policy.type})`,
        evaluation.ok ? 'pass' : 'fail',
        evaluation.reason,
        [],
        evaluation.code,
      ),
    );
    if (evaluation.ok) pass(att);
    children.push(
      node(
        'attestation',
        att.id,
        evaluation.ok ? 'pass' : 'fail',
        evaluation.ok ? `passes its ${req.policy.type} policy` : evaluation.reason,
        checks,
        evaluation.ok ? undefined : (evaluation.code ?? 'POLICY_FAILED'),
      ),
    );
  }
  if (passed === 0) {
    const first = children.find((c) => c.status !== 'pass');
    const reason = `none of ${candidates.length} ${wantType} attestation(s) passed the policy: ${first?.reason ?? ''}`;
    return {
      node: node('attestation', req.name, 'fail', reason, children, first?.code ?? 'POLICY_FAILED'),
      passing,
      passingSigners,
    };
  }
  return {
    node: node(
      'attestation',
      req.name,
      'pass',
      `${passed} of ${candidates.length} ${wantType} attestation(s) satisfy it`,
      children,
    ),
    passing,
    passingSigners,
  };
}
