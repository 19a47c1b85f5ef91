// auditSigners(): who has signed your images. Lists every signer whose signatures verify against a
// trusted root, the images and times, whether a policy admits it; unadmitted signers are findings,
// policy identities that admitted nothing are stale. docs/audit.md describes the report.
import { goRegExpEngineLoaded, loadGoRegExpEngine } from '@sigguard/identity';
import { RegistryClient, type ArtifactSource } from '@sigguard/oci';
import { defaultTrustRootOf, policiesAndRoots, VerifyImageError } from '@sigguard/image';
import { RekorClient } from './rekor-client.ts';
import { addRekorEvidence } from './rekor-source.ts';
import { findingsOf, groupSigners, staleIdentities } from './report.ts';
import { scanTarget, type AuthoritySightings, type Observation } from './scan.ts';
import { addDigestImages, addImages, addLayoutImages, addRepositories, attachBundles, TargetList } from './targets.ts';
import { AUDIT_SCHEMA, type AuditError, type AuditOptions, type AuditReport, type AuditUnverified } from './types.ts';

export const DEFAULT_AUDIT_LIMITS = {
  maxImages: 1000,
  maxTags: 10_000,
  maxRekorEntries: 1000,
  maxRekorResponseBytes: 4 * 1024 * 1024,
  rekorTimeoutMs: 30_000,
  timeoutMs: 10 * 60_000,
} as const;

/** Problems of the kind "this authority cannot be checked offline" are notes, not failures of the audit. */
const NOTE_CODES = new Set(['AUTHORITY_CONFIG']);

function checkOptions(o: AuditOptions): void {
  if (!o || typeof o !== 'object') throw new VerifyImageError('USAGE', 'auditSigners: options are required');
  if (!Array.isArray(o.policies) && typeof o.policies !== 'string') {
    throw new VerifyImageError('USAGE', 'options.policies must be ClusterImagePolicies or their YAML text');
  }
  const s = o.sources ?? {};
  const kinds = [s.repositories?.length, s.layouts?.length, s.bundles?.length, s.rekor].filter(Boolean).length;
  if (kinds === 0 && !s.images?.length) {
    throw new VerifyImageError('USAGE', 'options.sources: give repositories, images, layouts, bundles or a Rekor log');
  }
  if ((s.bundles?.length || s.rekor) && !s.images?.length) {
    throw new VerifyImageError(
      'USAGE',
      'bundles and Rekor entries are matched to images by digest: give sources.images (REF@sha256:…)',
    );
  }
  for (const [k, v] of Object.entries(o.limits ?? {})) {
    if (k !== 'discovery' && (typeof v !== 'number' || !(v >= 0))) {
      throw new VerifyImageError('USAGE', `options.limits.${k} must be a number >= 0, got ${String(v)}`);
    }
  }
  if (o.since !== undefined && (!(o.since instanceof Date) || Number.isNaN(o.since.getTime()))) {
    throw new VerifyImageError('USAGE', 'options.since must be a valid Date');
  }
}

export async function auditSigners(options: AuditOptions): Promise<AuditReport> {
  checkOptions(options);
  const limits = { ...DEFAULT_AUDIT_LIMITS, ...options.limits };
  const deadline = Date.now() + limits.timeoutMs;
  const { policies, named, warnings } = await policiesAndRoots(options);
  // "Who signed at all" matches any identity with RE2 regexps, which runtimes other than Node load on
  // demand; without the engine every signature would look unverified, so a failed load is thrown.
  if (!goRegExpEngineLoaded()) await loadGoRegExpEngine();
  const roots = { named, default: defaultTrustRootOf(options.defaultTrustRoot) };
  const s = options.sources;
  const progress = options.onProgress ?? (() => {});
  const errors: AuditError[] = [];
  const unverified: AuditUnverified[] = [];
  const notes: string[] = [...warnings];

  // 1. The images.
  const list = new TargetList(limits.maxImages, errors, deadline);
  const registry = () =>
    options.registry instanceof RegistryClient ? options.registry : new RegistryClient(options.registry ?? {});
  if (s.repositories?.length) {
    await addRepositories(list, registry(), s.repositories, limits.maxTags, (current) =>
      progress({ phase: 'listing', done: list.targets.length, total: limits.maxImages, current }),
    );
  }
  const layouts: readonly ArtifactSource[] = s.layouts ?? [];
  for (const layout of layouts) {
    if (s.images?.length) await addImages(list, layout, s.images);
    else await addLayoutImages(list, layout);
  }
  const offline = Boolean(s.bundles?.length || s.rekor);
  if (s.images?.length && !layouts.length) {
    if (offline) addDigestImages(list, s.images, s.rekor ? `Rekor ${s.rekor.url}` : 'bundle files');
    else await addImages(list, registry(), s.images);
  }
  const targets = list.targets;

  // 2. Evidence given offline or read from the log.
  if (s.bundles?.length) attachBundles(targets, s.bundles, unverified);
  if (s.rekor) {
    const client = new RekorClient({
      url: s.rekor.url,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: limits.rekorTimeoutMs,
      maxResponseBytes: limits.maxRekorResponseBytes,
    });
    const r = await addRekorEvidence(
      client,
      targets,
      s.rekor,
      { maxEntries: limits.maxRekorEntries, deadline },
      (done, total, current) => progress({ phase: 'rekor', done, total, current }),
    );
    errors.push(...r.errors);
    unverified.push(...r.unverified);
    notes.push(...r.notes);
  }

  // 3. Verify, image by image.
  const observations: Observation[] = [];
  const sightings: AuthoritySightings = new Map();
  const covered = new Map<string, number>();
  for (const [i, target] of targets.entries()) {
    if (Date.now() >= deadline) {
      errors.push({
        where: 'audit',
        reason:
          `the ${limits.timeoutMs} ms budget ran out: ${targets.length - i} image(s) not audited` +
          ' (limits.timeoutMs)',
        code: 'TIMEOUT',
      });
      break;
    }
    progress({ phase: 'verifying', done: i, total: targets.length, current: target.reference });
    const r = await scanTarget(target, {
      policies,
      roots,
      ...(options.now ? { now: options.now } : {}),
      ...(limits.discovery ? { discoveryLimits: limits.discovery } : {}),
    });
    observations.push(...r.observations);
    unverified.push(...r.unverified);
    for (const e of r.errors) {
      if (NOTE_CODES.has(e.code ?? '')) {
        const note = `${e.where} not checked: ${e.reason}`;
        if (!notes.includes(note)) notes.push(note);
      } else errors.push(e);
    }
    for (const p of r.covering) covered.set(p, (covered.get(p) ?? 0) + 1);
    for (const [k, seen] of r.sightings) {
      const all = sightings.get(k) ?? new Set<number>();
      for (const x of seen) all.add(x);
      sightings.set(k, all);
    }
  }
  progress({ phase: 'verifying', done: targets.length, total: targets.length });

  // 4. The report. --since drops signatures with a trusted time before it (stale counts them all).
  const since = options.since?.toISOString();
  const counted = since ? observations.filter((o) => !o.time || o.time >= since) : observations;
  const signers = groupSigners(counted);
  const findings = findingsOf(signers);
  const stale = staleIdentities(policies, sightings, covered);
  const evidence = new Set([
    ...observations.map((o) => `${o.target.reference}\n${o.evidence}`),
    ...unverified.map((u) => `${u.image}\n${u.evidence}`),
  ]).size;
  return {
    schema: AUDIT_SCHEMA,
    generatedAt: (options.now ?? new Date()).toISOString(),
    ...(since ? { since } : {}),
    summary: {
      images: targets.length,
      evidence,
      signatures: counted.length,
      signers: signers.length,
      findings: findings.length,
      stale: stale.length,
      unverified: unverified.length,
      errors: errors.length,
    },
    images: targets.map((t) => ({
      reference: t.reference,
      digest: t.image.digest,
      source: t.sourceName,
      ...(t.tags.length ? { tags: t.tags } : {}),
    })),
    signers,
    findings,
    stale,
    unverified,
    errors,
    notes,
  };
}
