// Spans of the evidence stages of verifyImage: discovery (registry, OCI layout, or the bundles given) and each
// bundle verification, and the fetch failures. Only reached when verifyImage was given telemetry.
import type { ArtifactSource, DiscoveryResult, ImageEvidence } from '@sigguard/oci';
import type { EvidenceResult } from '@sigguard/policy';
import { ATTR, errorTypeOf, type Attributes, type StageTrace } from './telemetry.ts';

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

/** `source`, counting the manifest and blob bytes it hands out (a discovery span's `sigguard.evidence.bytes`). */
export function countingSource(source: ArtifactSource): { source: ArtifactSource; bytes: () => number } {
  let bytes = 0;
  return {
    bytes: () => bytes,
    source: {
      description: source.description,
      async manifest(repo, tagOrDigest) {
        const m = await source.manifest(repo, tagOrDigest);
        bytes += m?.bytes.byteLength ?? 0;
        return m;
      },
      referrers: (repo, digest) => source.referrers(repo, digest),
      async blob(repo, digest, maxBytes) {
        const b = await source.blob(repo, digest, maxBytes);
        bytes += b.byteLength;
        return b;
      },
    },
  };
}

/** `registry` or `layout`, for `sigguard.evidence.source` (a layout's description names its folder). */
export const sourceKind = (source: ArtifactSource): string =>
  source.description === 'registry' ? 'registry' : 'layout';

/** Counts why the image or its evidence could not be fetched, one sample per error. */
export function recordFetchFailures(
  trace: StageTrace | undefined,
  errors: readonly unknown[],
  source: ArtifactSource | undefined,
): void {
  const kind = source ? sourceKind(source) : 'bundles';
  for (const e of errors) {
    trace?.telemetry.recordFetchFailure({ [ATTR.errorType]: errorTypeOf(e), [ATTR.evidenceSource]: kind });
  }
}
