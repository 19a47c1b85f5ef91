// Spans of the evidence stages of verifyImage: discovery (registry, OCI layout, or the bundles given) and each
// bundle verification. Only reached when verifyImage was given telemetry.
import type { ArtifactSource, DiscoveryResult, ImageEvidence } from '@sigguard/oci';
import type { EvidenceResult } from '@sigguard/policy';
import { ATTR, errorTypeOf, type Attributes, type StageTrace } from '../telemetry/telemetry.ts';
import { countingSource, sourceKind } from './traced.ts';

const counts = (evidence: readonly ImageEvidence[]): Attributes => ({
  [ATTR.evidenceCount]: evidence.length,
  [ATTR.evidenceSignatures]: evidence.filter((e) => e.kind === 'signature').length,
  [ATTR.evidenceAttestations]: evidence.filter((e) => e.kind === 'attestation').length,
});

/** A `discoverEvidence` span around one discovery in `source`, with what it found and how many bytes it read. */
export function tracedDiscovery(
  trace: StageTrace,
  source: ArtifactSource,
  discover: (source: ArtifactSource) => Promise<DiscoveryResult>,
): Promise<DiscoveryResult> {
  const span = trace.telemetry.startSpan('discoverEvidence', { [ATTR.evidenceSource]: sourceKind(source) }, trace.span);
  const counted = countingSource(source);
  // Active while discovering, so the registry client's HTTP spans nest under it.
  const p = trace.telemetry.inSpan(span, () => discover(counted.source));
  p.then(
    (r) => span.setAttributes({ ...counts(r.evidence), [ATTR.evidenceBytes]: counted.bytes() }),
    (e: unknown) => {
      span.setAttributes({ [ATTR.evidenceBytes]: counted.bytes() });
      span.fail(errorTypeOf(e), e);
    },
  ).finally(() => span.end());
  return p;
}

/** The bundles the caller gave, as a (zero-length) `discoverEvidence` span: nothing was fetched. */
export function traceGivenBundles(trace: StageTrace, evidence: readonly ImageEvidence[]): true {
  const attributes = { [ATTR.evidenceSource]: 'bundles', ...counts(evidence) };
  trace.telemetry.startSpan('discoverEvidence', attributes, trace.span).end();
  return true;
}

/** A `verifyBundle` span around one signature or attestation, naming the check that failed. */
export async function tracedVerification(
  trace: StageTrace,
  e: ImageEvidence,
  verify: () => Promise<EvidenceResult>,
): Promise<EvidenceResult> {
  const attributes = { [ATTR.evidenceId]: e.id, [ATTR.evidenceKind]: e.kind };
  const span = trace.telemetry.startSpan('verifyBundle', attributes, trace.span);
  try {
    const r = await verify();
    const failed = r.checks.find((c) => c.status === 'fail');
    const outcome = r.ok ? 'pass' : 'fail';
    span.setAttributes({ [ATTR.outcome]: outcome, [ATTR.checkFailed]: failed?.name, [ATTR.checkCode]: failed?.code });
    // A signature that does not verify is a verdict; a verifier that could not run is an error.
    if (failed?.code === 'VERIFIER_ERROR') span.fail(failed.code);
    return r;
  } catch (err) {
    span.fail(errorTypeOf(err), err);
    throw err;
  } finally {
    span.end();
  }
}
