// Evidence from a Rekor v1 log: the entries indexed under each audited image's digest (and under each
// identity asked for: e-mail or SAN), turned into bundles and given to the images whose digest they sign.
import { signedDigests, type AuditTarget } from './targets.ts';
import type { RekorClient } from './rekor-client.ts';
import { rekorEvidence } from './rekor-entry.ts';
import type { AuditError, AuditUnverified } from './types.ts';

export interface RekorSourceResult {
  errors: AuditError[];
  unverified: AuditUnverified[];
  notes: string[];
}

export async function addRekorEvidence(
  client: RekorClient,
  targets: AuditTarget[],
  identities: { emails?: readonly string[]; subjects?: readonly string[] },
  bounds: { maxEntries: number; deadline: number },
  progress: (done: number, total: number, current: string) => void,
): Promise<RekorSourceResult> {
  const out: RekorSourceResult = { errors: [], unverified: [], notes: [] };
  const uuids = new Set<string>();
  const queries = [
    ...[...new Set(targets.map((t) => t.image.digest))].map((hash) => ({ hash })),
    ...(identities.emails ?? []).map((email) => ({ email })),
    ...(identities.subjects ?? []).map((subject) => ({ subject })),
  ];
  for (const [i, q] of queries.entries()) {
    const what = Object.values(q)[0] as string;
    progress(i, queries.length, what);
    if (Date.now() >= bounds.deadline) {
      out.errors.push({
        where: client.url,
        reason: 'the audit budget ran out while searching the log (limits.timeoutMs)',
        code: 'TIMEOUT',
      });
      break;
    }
    try {
      for (const u of await client.search(q)) uuids.add(u);
    } catch (e) {
      out.errors.push({
        where: `Rekor search for ${what}`,
        reason: (e as Error).message,
        code: (e as { code?: string }).code ?? 'ERROR',
      });
    }
  }
  let wanted = [...uuids];
  if (wanted.length > bounds.maxEntries) {
    out.errors.push({
      where: client.url,
      reason:
        `${wanted.length} entries found, over the limit of ${bounds.maxEntries}: ` +
        `only the first ${bounds.maxEntries} were read (limits.maxRekorEntries)`,
      code: 'LIMIT',
    });
    wanted = wanted.slice(0, bounds.maxEntries);
  }
  let entries;
  try {
    entries = await client.entries(wanted, bounds.deadline);
  } catch (e) {
    out.errors.push({
      where: `Rekor entries from ${client.url}`,
      reason: (e as Error).message,
      code: (e as { code?: string }).code ?? 'ERROR',
    });
    return out;
  }
  for (const u of wanted) {
    // Rekor may answer with the 80-digit UUID (tree id + leaf hash) for a 64-digit one and vice versa.
    if ([...entries.keys()].some((r) => r.slice(-64) === u.slice(-64))) continue;
    // A batch may leave an entry out (a server with a smaller batch limit): ask for it alone.
    try {
      const one = await client.entry(u);
      if (one) {
        entries.set(u, one);
        continue;
      }
      out.errors.push({ where: `Rekor entry ${u}`, reason: 'the log did not return this entry', code: 'REGISTRY' });
    } catch (e) {
      out.errors.push({
        where: `Rekor entry ${u}`,
        reason: (e as Error).message,
        code: (e as { code?: string }).code ?? 'ERROR',
      });
    }
  }
  let elsewhere = 0;
  for (const [uuid, entry] of entries) {
    const id = `rekor ${client.url} entry ${uuid}`;
    if (!wanted.some((u) => u.slice(-64) === uuid.slice(-64))) {
      out.unverified.push({ evidence: id, reason: 'the log returned an entry that was not asked for' });
      continue;
    }
    let evidence;
    try {
      evidence = rekorEvidence(client.url, uuid, entry);
    } catch (e) {
      out.unverified.push({ evidence: id, reason: (e as Error).message });
      continue;
    }
    const digests = evidence.bundle ? signedDigests(evidence.bundle) : [];
    const mine = targets.filter((t) => digests.includes(t.image.digest));
    if (mine.length === 0) elsewhere++;
    for (const t of mine) t.bundles.push(evidence);
  }
  if (elsewhere)
    out.notes.push(
      `${elsewhere} Rekor entr${elsewhere === 1 ? 'y' : 'ies'} found by identity sign${elsewhere === 1 ? 's' : ''} ` +
        'none of the audited images',
    );
  return out;
}
