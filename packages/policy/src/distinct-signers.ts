// N-of-M counts signers, not authority entries: one signer whose signature happens to satisfy
// two overlapping authorities (the same key twice, `alice@x` and `.*@x`) is one approval.
import type { EvidenceResult } from './evidence.ts';

/** Who made this evidence: the verifier's signerId, else the certificate identity, else the evidence itself. */
export function signerKey(r: EvidenceResult): string {
  if (typeof r.signerId === 'string' && r.signerId !== '') return r.signerId;
  if (r.signer?.subject !== undefined || r.signer?.issuer !== undefined)
    return `identity:${r.signer.issuer ?? ''}\n${r.signer.subject ?? ''}`;
  return `evidence:${String(r.id)}`;
}

/**
 * How many authorities can each be credited to a different signer (maximum bipartite matching).
 * `signers[i]` lists the signers that satisfied passing authority i; undefined = needs no
 * signer (static pass), which always counts on its own.
 */
export function distinctSignerCount(signers: readonly (readonly string[] | undefined)[]): number {
  const owner = new Map<string, number>();
  const assign = (i: number, seen: Set<string>): boolean => {
    for (const s of signers[i] ?? []) {
      if (seen.has(s)) continue;
      seen.add(s);
      const other = owner.get(s);
      if (other === undefined || assign(other, seen)) {
        owner.set(s, i);
        return true;
      }
    }
    return false;
  };
  let count = 0;
  signers.forEach((list, i) => {
    if (list === undefined || assign(i, new Set())) count++;
  });
  return count;
}
