// What verifyImage returns: the policy decision tree, what was verified (which digest, index or manifest),
// the evidence found, and whether the registry could be read at all.
import type { ArtifactSource, Check, EvidenceKind, EvidenceOrigin, ImageEvidence } from '@sigguard/oci';
import type { Decision } from '@sigguard/policy';
import type { ImageEvidenceVerifier } from './evidence-verifier.ts';
import { fetchErrorOf, type FetchError } from './fetch-error.ts';
import type { ImageSubject } from './resolve.ts';
import type { SubjectReader } from './subject-reader.ts';
import type { StageTrace } from './telemetry/telemetry.ts';
import { recordFetchFailures } from './telemetry/traced-stages.ts';

export interface EvidenceSummary {
  id: string;
  origin: EvidenceOrigin;
  kind: EvidenceKind;
  predicateType?: string;
  /** Set when the evidence is no usable Sigstore bundle (a registry layer, say): why. It is counted apart. */
  unusable?: string;
}

/** The policy decision tree, plus what was verified (which digest, index or manifest) and what evidence was found. */
export interface ImageDecision extends Decision {
  subject: Omit<ImageSubject, 'manifestBytes'>;
  evidence: { source: string; found: EvidenceSummary[]; notes: Check[] };
  /**
   * Set when evidence could not be fetched: the registry was unreachable (`NETWORK`, `TIMEOUT`),
   * refused the credentials (`UNAUTHORIZED`) or failed (`REGISTRY`). A denial with it is not a
   * verdict on the image's signatures.
   */
  fetchError?: FetchError;
}

export interface DecisionContext {
  /** The bundles given offline. */
  bundles: readonly ImageEvidence[];
  verifier: ImageEvidenceVerifier;
  subject: SubjectReader;
  /** Warnings of reading the policies (before the decision's own). */
  warnings: readonly string[];
  source: ArtifactSource | undefined;
  trace: StageTrace | undefined;
}

/** The policy decision with the subject, the evidence found and any fetch error added. */
export async function imageDecision(decision: Decision, c: DecisionContext): Promise<ImageDecision> {
  // Bundle files only (nothing read from a registry or layout): no discoveries and no fetch errors to wait for.
  const readSource = c.verifier.readSource;
  const discoveries = readSource ? await c.verifier.discoveries() : [];
  const found = evidenceSummaries(readSource ? [...c.bundles, ...discoveries.flatMap((d) => d.evidence)] : c.bundles);
  const notes = discoveries.flatMap((d) => d.notes);
  const { subject, note } = await c.subject.settled();
  if (note) notes.unshift(note);
  const { manifestBytes: _bytes, ...subjectInfo } = subject;
  const warnings = [...c.warnings, ...decision.warnings];
  if (subject.kind === 'index' && !subject.fromIndex) {
    // cosign#786: a signature on the index says nothing about its platform manifests, and vice versa.
    warnings.push(
      `${subject.reference} is a multi-arch index: the index digest was verified, not its platform manifests`,
    );
  }
  const discoveryErrors = readSource ? await c.verifier.discoveryErrors() : [];
  recordFetchFailures(c.trace, discoveryErrors, c.source);
  const fetchError = fetchErrorOf(discoveryErrors);
  const sources = [c.source?.description, c.bundles.length ? `${c.bundles.length} bundle file(s)` : undefined];
  return {
    ...decision,
    warnings,
    ...(fetchError ? { fetchError } : {}),
    subject: subjectInfo,
    evidence: { source: sources.filter(Boolean).join(' + ') || 'none', found, notes },
  };
}

/** One summary per evidence id (the last one seen wins), in the order first seen. */
function evidenceSummaries(evidence: readonly ImageEvidence[]): EvidenceSummary[] {
  const found = new Map<string, EvidenceSummary>();
  for (const e of evidence) {
    const malformed = e.checks.find((c) => c.status === 'fail' && c.code === 'MALFORMED_BUNDLE');
    found.set(e.id, {
      id: e.id,
      origin: e.origin,
      kind: e.kind,
      ...(e.predicateType ? { predicateType: e.predicateType } : {}),
      ...(malformed ? { unusable: malformed.reason } : {}),
    });
  }
  return [...found.values()];
}
