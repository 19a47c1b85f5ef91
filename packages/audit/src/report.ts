// Turns the per-image observations into the report: signers with their signatures, findings (signers
// some signature of which no covering policy admits) and stale policy identities (admitted nothing).
import { sha256Hex } from '@sigguard/oci';
import { publicKeysOf, type ClusterImagePolicy, type KeyRef } from '@sigguard/policy';
import { authorityKey, type AuthoritySightings, type Observation } from './scan.ts';
import type { AuditFinding, AuditSigner, AuditStaleIdentity } from './types.ts';

export function groupSigners(observations: readonly Observation[]): AuditSigner[] {
  const byId = new Map<string, AuditSigner>();
  for (const o of observations) {
    let s = byId.get(o.signer.id);
    if (!s) {
      const { id, kind, issuer, subject, extensions, keyFingerprint } = o.signer;
      s = {
        id,
        kind,
        ...(issuer ? { issuer } : {}),
        ...(subject ? { subject } : {}),
        ...(extensions ? { extensions } : {}),
        ...(keyFingerprint ? { keyFingerprint } : {}),
        trustRoots: [],
        authorized: true,
        signatures: [],
      };
      byId.set(id, s);
    }
    if (!s.trustRoots.includes(o.trustRoot)) s.trustRoots.push(o.trustRoot);
    s.signatures.push({
      image: o.target.reference,
      evidence: o.evidence,
      kind: o.kind,
      ...(o.predicateType ? { predicateType: o.predicateType } : {}),
      ...(o.time ? { time: o.time } : {}),
      admittedBy: o.admittedBy,
    });
    if (o.admittedBy.length === 0) s.authorized = false;
    if (o.time) {
      if (!s.firstSeen || o.time < s.firstSeen) s.firstSeen = o.time;
      if (!s.lastSeen || o.time > s.lastSeen) s.lastSeen = o.time;
    }
  }
  // Unauthorized first, then by id, so the report reads the same on every run.
  return [...byId.values()].sort(
    (a, b) => Number(a.authorized) - Number(b.authorized) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function findingsOf(signers: readonly AuditSigner[]): AuditFinding[] {
  return signers
    .filter((s) => !s.authorized)
    .map((s) => {
      const images = [...new Set(s.signatures.filter((g) => g.admittedBy.length === 0).map((g) => g.image))];
      const who =
        s.kind === 'key' ? `key ${s.keyFingerprint}` : `${s.subject ?? '(no subject)'} (issuer ${s.issuer ?? 'none'})`;
      return {
        signer: s.id,
        images,
        reason: `${who} signed ${images.length} image(s) that no policy covering them admits it for`,
      };
    });
}

/** Policy identities (keyless) and keys that admitted no signature on any audited image. */
export function staleIdentities(
  policies: readonly ClusterImagePolicy[],
  sightings: AuthoritySightings,
  coveredImages: ReadonlyMap<string, number>,
): AuditStaleIdentity[] {
  const out: AuditStaleIdentity[] = [];
  for (const p of policies) {
    const images = coveredImages.get(p.name) ?? 0;
    for (const a of p.authorities) {
      const seen = sightings.get(authorityKey(p.name, a));
      if (a.keyless) {
        a.keyless.identities.forEach((identity, i) => {
          if (!seen?.has(i)) out.push({ policy: p.name, authority: a.name, identity: { ...identity }, images });
        });
      } else if (a.key && !seen) {
        const keyFingerprint = fingerprintOf(a.key);
        out.push({ policy: p.name, authority: a.name, ...(keyFingerprint ? { keyFingerprint } : {}), images });
      }
    }
  }
  return out;
}

/** `sha256:<hex>` of the key's SubjectPublicKeyInfo, as signer ids name keys; undefined for KMS or secret keys. */
function fingerprintOf(key: KeyRef): string | undefined {
  try {
    const [k] = key.data ? publicKeysOf(key) : []; // the parse validation made
    return k ? `sha256:${sha256Hex(k.spki)}` : undefined;
  } catch {
    return undefined;
  }
}
