// The lines `sigguard verify-image` prints under the decision tree: which digest was checked,
// how many signatures and attestations were found (so "no matching attestations" can be read
// against "1 signature, 0 attestations"), and, on a denial, where sigguard looked.
import type { ClusterImagePolicy } from '@sigguard/policy';
import type { ImageDecision } from 'sigguard';

const ICON = { pass: '✓', fail: '✗', warn: '!', skip: '-' } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function evidenceFooter(decision: ImageDecision): string[] {
  const s = decision.subject;
  const what = !s.digest
    ? 'nothing: the image could not be resolved to a digest'
    : s.fromIndex
      ? `platform ${s.fromIndex.platform} manifest ${s.digest} of index ${s.fromIndex.digest}`
      : s.kind === 'unknown'
        ? `digest ${s.digest} (manifest not fetched)`
        : `${s.kind} ${s.digest}`;
  const tag = s.resolvedFromTag ? ` (resolved from tag ${s.resolvedFromTag})` : '';
  const all = decision.evidence.found;
  // Evidence that is no usable bundle is neither a signature nor an attestation: counted apart, with why.
  const unusable = all.filter((e) => e.unusable);
  const found = all.filter((e) => !e.unusable);
  const signatures = found.filter((e) => e.kind === 'signature').length;
  const attestations = found.filter((e) => e.kind !== 'signature');
  const types = [...new Set(attestations.map((a) => a.predicateType).filter((t): t is string => Boolean(t)))];
  const lines = [
    `checked: ${what}${tag}`,
    `evidence from ${decision.evidence.source}: ${plural(signatures, 'signature')}, ${plural(attestations.length, 'attestation')}` +
      (types.length > 0 ? ` (${types.join(', ')})` : '') +
      (unusable.length > 0 ? `, ${unusable.length} unusable` : ''),
    ...unusable.map((e) => `  ${ICON.fail} ${e.id}: not a usable Sigstore bundle: ${e.unusable}`),
  ];
  // Where sigguard looked matters when it is the reason for a denial; on an admission it is noise.
  if (!decision.allowed && decision.evidence.notes.length > 0) {
    lines.push('where sigguard looked:');
    for (const n of decision.evidence.notes) lines.push(`  ${ICON[n.status]} ${n.name}: ${n.reason}`);
  }
  return lines;
}

/**
 * When no policy selected the image, the usual cause is a glob: list them, so a platform team
 * can see why its policy did not apply. Nothing when some policy matched.
 */
export function noMatchHint(decision: ImageDecision, policies: readonly ClusterImagePolicy[]): string[] {
  if (decision.matchedPolicies.length > 0 || decision.policies.length > 0 || !decision.image.digest) return [];
  if (policies.length === 0)
    return ['no ClusterImagePolicy in the --policy files: nothing can admit the image (see --no-match-policy)'];
  const globs = policies.map((p) => `${p.name}: ${p.images.map((i) => JSON.stringify(i.glob)).join(', ')}`);
  return [
    `no policy's images glob matched ${decision.image.name} (in a glob, * stops at /, ** does not; --no-match-policy decides what then):`,
    ...globs.map((g) => `  ${g}`),
  ];
}
