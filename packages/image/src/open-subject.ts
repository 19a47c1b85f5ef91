// The first step that may touch the network: the image itself. A registry that cannot be reached (or a tag
// it does not have) is a denial saying why; a usage error (a tag offline, a bad reference) still throws.
import { OciError, type ArtifactSource, type ImageReference } from '@sigguard/oci';
import type { ImageDecision } from './decision.ts';
import { VerifyImageError } from './errors.ts';
import { fetchErrorOf } from './fetch-error.ts';
import { offlineReader, openSubject, type SubjectReader } from './subject-reader.ts';
import type { StageTrace } from './telemetry/telemetry.ts';
import { recordFetchFailures } from './telemetry/traced-stages.ts';

/** openSubject(), or the denial when the image cannot be resolved or fetched. */
export async function openSubjectOrDeny(
  ref: string,
  { parsed, source }: { parsed: ImageReference; source: ArtifactSource | undefined },
  platform: string | undefined,
  trace?: StageTrace,
): Promise<SubjectReader | { denied: ImageDecision }> {
  // Offline nothing is fetched: the only errors are usage errors, which throw.
  if (!source) return offlineReader(parsed, platform);
  try {
    return await openSubject(ref, parsed, source, platform);
  } catch (e) {
    if (e instanceof VerifyImageError || (e instanceof OciError && e.code === 'REFERENCE_INVALID')) throw e;
    recordFetchFailures(trace, [e], source);
    return { denied: unresolvedDecision(ref, e as Error, source) };
  }
}

/** The image could not be resolved or fetched: deny, saying why. */
export function unresolvedDecision(ref: string, e: Error, source: ArtifactSource | undefined): ImageDecision {
  const code = (e as { code?: string }).code ?? 'ERROR';
  const reason = `cannot resolve ${ref} in ${source?.description ?? 'the given evidence'}: ${e.message}`;
  const fetchError = fetchErrorOf([e]);
  return {
    ...(fetchError ? { fetchError } : {}),
    allowed: false,
    summary: `denied: ${reason}`,
    warnings: [],
    image: { input: ref, name: ref },
    matchedPolicies: [],
    policies: [],
    subject: { reference: ref, digest: '', kind: 'unknown' },
    evidence: {
      source: source?.description ?? 'none',
      found: [],
      notes: [{ name: 'resolve', status: 'fail', reason, code }],
    },
  };
}
