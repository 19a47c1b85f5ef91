// Verifies every signature and attestation of one image twice over, with the verifier verifyImage uses:
// once per trust root with an authority that accepts any identity (who signed at all), and once per
// policy authority (who is admitted, and by which policy). Nothing here re-implements verification.
import {
  compileIdentities,
  signerCertificateFromBundle,
  type BundleVerificationMaterialLike,
} from '@sigguard/identity';
import type { ImageEvidence } from '@sigguard/oci';
import {
  parseImageRef,
  selectPolicies,
  type Authority,
  type ClusterImagePolicy,
  type EvidenceResult,
  type ImageRef,
  type SignatureSource,
} from '@sigguard/policy';
import { ImageEvidenceVerifier, type DiscoveryLimits, type TrustRoots } from '@sigguard/image';
import { signerOf, signingTime, type SignerIdentity } from './signer.ts';
import type { AuditTarget } from './targets.ts';
import type { AuditAdmission, AuditError, AuditUnverified } from './types.ts';

export interface ScanContext {
  policies: readonly ClusterImagePolicy[];
  roots: TrustRoots;
  now?: Date;
  discoveryLimits?: DiscoveryLimits;
}

/** One verified signature on one image. */
export interface Observation {
  target: AuditTarget;
  evidence: string;
  kind: 'signature' | 'attestation';
  predicateType?: string;
  signer: SignerIdentity;
  trustRoot: string;
  time?: string;
  admittedBy: AuditAdmission[];
}

/** Per policy authority (`policy\nindex`): the identity indexes (keyless) or the key that admitted something. */
export type AuthoritySightings = Map<string, Set<number>>;

export interface ScanResult {
  observations: Observation[];
  unverified: AuditUnverified[];
  errors: AuditError[];
  /** Policies whose images match this image. */
  covering: string[];
  sightings: AuthoritySightings;
}

export const authorityKey = (policy: string, authority: Authority) => `${policy}\n${authority.index}`;

/** An authority that admits any certificate identity under one trust root (default: no trustRootRef). */
function anyIdentity(rootName: string | undefined, source: SignatureSource[]): Authority {
  return {
    name: rootName ? `any identity (trust root ${rootName})` : 'any identity',
    index: -1,
    keyless: {
      identities: [{ issuerRegExp: '^.*$', subjectRegExp: '^.*$' }],
      insecureIgnoreSCT: false,
      ...(rootName ? { trustRootRef: rootName } : {}),
    },
    source,
    attestations: [],
    signatureFormat: 'legacy',
  };
}

/** Every signature-repository setting the policies use, and the default one. */
function distinctSources(policies: readonly ClusterImagePolicy[]): SignatureSource[][] {
  const seen = new Map<string, SignatureSource[]>([['', []]]);
  for (const a of policies.flatMap((p) => p.authorities)) {
    const s = a.source[0];
    if (s?.oci || s?.tagPrefix) seen.set(JSON.stringify([s.oci ?? '', s.tagPrefix ?? '']), [s]);
  }
  return [...seen.values()];
}

async function run(
  verifier: ImageEvidenceVerifier,
  image: ImageRef,
  authority: Authority,
): Promise<{ results: EvidenceResult[]; evidence: Map<string, ImageEvidence> }> {
  const results = [
    ...(await verifier.signatures(image, authority)),
    ...(await verifier.attestations(image, authority)),
  ];
  const evidence = new Map((await verifier.evidence(authority)).map((e) => [e.id, e]));
  return { results, evidence };
}

const firstFailure = (r: EvidenceResult) => r.checks.find((c) => c.status === 'fail')?.reason ?? 'did not verify';

/** Which of a keyless authority's identities the signature's certificate matches. */
function matchedIdentities(authority: Authority, e: ImageEvidence | undefined): number[] {
  if (!authority.keyless || !e?.bundle) return [0];
  let cert;
  try {
    cert = signerCertificateFromBundle(e.bundle.verificationMaterial as BundleVerificationMaterialLike);
  } catch {
    return [];
  }
  return authority.keyless.identities.flatMap((id, i) => (compileIdentities([id]).match(cert).ok ? [i] : []));
}

export async function scanTarget(target: AuditTarget, ctx: ScanContext): Promise<ScanResult> {
  const verifier = new ImageEvidenceVerifier({
    image: target.image,
    ...(target.source ? { source: target.source } : {}),
    ...(target.manifestBytes ? { manifestBytes: target.manifestBytes } : {}),
    bundles: target.bundles,
    roots: ctx.roots,
    ...(ctx.now ? { now: ctx.now } : {}),
    ...(ctx.discoveryLimits ? { discoveryLimits: ctx.discoveryLimits } : {}),
  });
  const image = parseImageRef(target.reference);
  const covering = selectPolicies(image, ctx.policies, undefined).matched;
  const out: ScanResult = {
    observations: [],
    unverified: [],
    errors: [],
    covering: covering.map((p) => p.name),
    sightings: new Map(),
  };
  const byEvidence = new Map<string, Observation>();
  const failures = new Map<string, string>();
  const evidenceOf = new Map<string, ImageEvidence>();
  const observe = (r: EvidenceResult, e: ImageEvidence | undefined, trustRoot: string): Observation | undefined => {
    const known = byEvidence.get(r.id);
    if (known) return known;
    const signer = signerOf(r);
    if (!signer) return undefined;
    const time = signingTime(e?.bundle);
    const o: Observation = {
      target,
      evidence: r.id,
      kind: e?.kind ?? 'signature',
      ...(e?.predicateType ? { predicateType: e.predicateType } : {}),
      signer,
      trustRoot,
      ...(time ? { time } : {}),
      admittedBy: [],
    };
    byEvidence.set(r.id, o);
    return o;
  };

  // Who signed at all: any identity, under each trust root, in every signature repository the policies use.
  const rootNames: (string | undefined)[] = [undefined, ...[...(ctx.roots.named ?? [])].map((r) => r.name)];
  // Without a registry or layout (bundles, Rekor entries) there is nothing to discover: one pass per root.
  for (const source of target.source ? distinctSources(ctx.policies) : [[]]) {
    for (const rootName of rootNames) {
      try {
        const { results, evidence } = await run(verifier, image, anyIdentity(rootName, source));
        for (const [id, e] of evidence) evidenceOf.set(id, e);
        for (const r of results) {
          if (r.ok) observe(r, evidence.get(r.id), rootName ?? ctx.roots.default.name);
          else if (!failures.has(r.id)) failures.set(r.id, firstFailure(r));
        }
      } catch (e) {
        out.errors.push({
          where: `${target.reference}: trust root ${rootName ?? ctx.roots.default.name}`,
          reason: (e as Error).message,
        });
      }
    }
  }

  // Who is admitted: each policy authority with a key or identities (keys also find key signers).
  const coveringNames = new Set(out.covering);
  for (const policy of ctx.policies) {
    for (const authority of policy.authorities) {
      if (!authority.key && !authority.keyless) continue;
      let ran;
      try {
        ran = await run(verifier, image, authority);
      } catch (e) {
        out.errors.push({
          where: `policy ${policy.name} authority ${authority.name}`,
          reason: (e as Error).message,
          code: (e as { code?: string }).code ?? 'ERROR',
        });
        continue;
      }
      for (const r of ran.results) {
        if (!r.ok) continue;
        const e = ran.evidence.get(r.id);
        if (e) evidenceOf.set(r.id, e);
        const rootName = authority.keyless?.trustRootRef ?? (authority.key ? 'policy key' : ctx.roots.default.name);
        const o = observe(r, e, rootName);
        if (!o || !coveringNames.has(policy.name)) continue;
        if (!o.admittedBy.some((a) => a.policy === policy.name && a.authority === authority.name)) {
          o.admittedBy.push({ policy: policy.name, authority: authority.name });
        }
        const key = authorityKey(policy.name, authority);
        const seen = out.sightings.get(key) ?? new Set<number>();
        for (const i of matchedIdentities(authority, e)) seen.add(i);
        out.sightings.set(key, seen);
      }
    }
  }

  for (const err of await verifier.discoveryErrors()) {
    out.errors.push({
      where: `evidence of ${target.reference} in ${target.sourceName}`,
      reason: (err as Error).message,
      code: (err as { code?: string }).code ?? 'ERROR',
    });
  }
  out.observations = [...byEvidence.values()];
  for (const [id, reason] of failures) {
    if (!byEvidence.has(id)) out.unverified.push({ image: target.reference, evidence: id, reason });
  }
  return out;
}
