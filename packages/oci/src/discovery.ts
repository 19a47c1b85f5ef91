import { bundleContent, evidenceKindOf, type BundleContent } from './bundle-content.ts';
import { digestTag, parseDigest } from './digest.ts';
import { utf8 } from './encoding.ts';
import { OciError } from './errors.ts';
import { fail, pass, type Check, type EvidenceKind, type EvidenceOrigin, type ImageEvidence } from './evidence.ts';
import { convertLegacyLayer } from './legacy.ts';
import {
  DISCOVERY_TIMEOUT_MS,
  MAX_EVIDENCE_BLOB_BYTES,
  MAX_EVIDENCE_TOTAL_BYTES,
  MAX_LAYERS,
  MAX_REFERRERS,
} from './limits.ts';
import { assertSize, type Descriptor, type ImageIndex } from './manifest.ts';
import {
  ANN_PREDICATE_TYPE,
  COSIGN_OCI11_SIGNATURE,
  COSIGN_SIMPLE_SIGNING,
  DSSE_ENVELOPE,
  IN_TOTO,
  SIGSTORE_BUNDLE_PREFIX,
} from './media-types.ts';
import { formatImageReference, parseRepositoryName, repositoryName, type ImageReference } from './reference.ts';
import type { ArtifactSource } from './source.ts';

export interface DiscoveryOptions {
  /** Repository holding signatures (policy-controller `source[].oci`, COSIGN_REPOSITORY). */
  signatureRepository?: ImageReference | string;
  /** Prefix for cosign's legacy tags: `<prefix>sha256-<hex>.sig` (policy-controller `tagPrefix`). */
  tagPrefix?: string;
  /** `bundle`: Sigstore bundles only; `simplesigning`: cosign legacy tags only; default: both, bundles first. */
  signatureFormat?: 'bundle' | 'simplesigning';
  /** Refuse more referrers than this (default 128). */
  maxReferrers?: number;
  /** Refuse legacy manifests with more layers than this (cosign: 1000). */
  maxLayers?: number;
  /** Per evidence blob (default 16 MiB). */
  maxBlobBytes?: number;
  /** All evidence blobs of one discovery together (default 256 MiB): past it, blobs are refused unread. */
  maxTotalBytes?: number;
  /** Wall-clock budget for the whole discovery, every read of the source included (default 120 s). */
  timeoutMs?: number;
}

export interface DiscoveryResult {
  /** The image digest evidence was looked up for. */
  digest: string;
  evidence: ImageEvidence[];
  /** What was looked at and what was skipped, in order. */
  notes: Check[];
}

/**
 * Finds every signature and attestation for `image` (which must carry a digest) in cosign's
 * order: Sigstore bundles as OCI referrers (API, then the `sha256-<hex>` tag), then, for each
 * kind with no bundle, cosign's legacy `sha256-<hex>.sig` / `.att`.
 */
export async function discoverEvidence(
  source: ArtifactSource,
  image: ImageReference,
  options: DiscoveryOptions = {},
): Promise<DiscoveryResult> {
  if (!image.digest) {
    throw new OciError('REFERENCE_INVALID', `${formatImageReference(image)} has no digest: resolve the tag first`);
  }
  const digest = image.digest;
  parseDigest(digest);
  source = withBlobBudget(source, options.maxTotalBytes ?? MAX_EVIDENCE_TOTAL_BYTES);
  source = withDeadline(source, options.timeoutMs ?? DISCOVERY_TIMEOUT_MS);
  const sigRepo = signatureRepo(image, options.signatureRepository);
  const notes: Check[] = [];
  const evidence: ImageEvidence[] = [];
  if (options.signatureFormat !== 'simplesigning') {
    evidence.push(...(await bundleReferrers(source, sigRepo, digest, options, notes)));
  }
  if (options.signatureFormat !== 'bundle') {
    for (const kind of ['signature', 'attestation'] as const) {
      // Only readable bundles stand in for the legacy tag: a broken referrer must not hide it.
      if (evidence.some((e) => e.kind === kind && e.bundle)) {
        notes.push({
          name: `legacy-${kind}s`,
          status: 'skip',
          reason: `Sigstore bundle ${kind}s found: cosign's legacy tag not consulted`,
        });
        continue;
      }
      evidence.push(...(await legacyTag(source, sigRepo, digest, kind, options, notes)));
    }
  }
  return { digest, evidence, notes };
}

/** The source, with every blob read counted against one total (a registry picks how many there are). */
function withBlobBudget(source: ArtifactSource, total: number): ArtifactSource {
  let left = total;
  return {
    description: source.description,
    manifest: (repo, tagOrDigest) => source.manifest(repo, tagOrDigest),
    referrers: (repo, digest) => source.referrers(repo, digest),
    async blob(repo, digest, maxBytes) {
      if (left <= 0)
        throw new OciError('TOO_LARGE', `evidence blobs exceed the ${total}-byte total limit; ${digest} not read`);
      const limit = Math.min(maxBytes ?? Infinity, left);
      let bytes: Uint8Array;
      try {
        bytes = await source.blob(repo, digest, limit);
      } catch (e) {
        if (e instanceof OciError && e.code === 'TOO_LARGE' && limit === left) {
          throw new OciError('TOO_LARGE', `evidence blobs exceed the ${total}-byte total limit: ${e.message}`, {
            cause: e,
          });
        }
        throw e;
      }
      left -= bytes.byteLength;
      return bytes;
    },
  };
}

/** The source, with every call raced against one deadline for the whole discovery. */
function withDeadline(source: ArtifactSource, timeoutMs: number): ArtifactSource {
  const deadline = Date.now() + timeoutMs;
  const bounded = <T>(what: string, call: () => Promise<T>): Promise<T> => {
    const left = deadline - Date.now();
    const expired = () =>
      new OciError(
        'TIMEOUT',
        `evidence discovery in ${source.description} exceeded its ${timeoutMs} ms budget (at ${what})`,
      );
    if (left <= 0) return Promise.reject(expired());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(expired()), left);
    });
    return Promise.race([call(), timeout]).finally(() => clearTimeout(timer));
  };
  return {
    description: source.description,
    manifest: (repo, tagOrDigest) => bounded(`manifest ${tagOrDigest}`, () => source.manifest(repo, tagOrDigest)),
    referrers: (repo, digest) => bounded(`referrers of ${digest}`, () => source.referrers(repo, digest)),
    blob: (repo, digest, maxBytes) => bounded(`blob ${digest}`, () => source.blob(repo, digest, maxBytes)),
  };
}

/** The blob a descriptor names, at most `maxBytes`, and exactly as long as the descriptor says. */
async function descriptorBlob(source: ArtifactSource, repo: ImageReference, d: Descriptor, maxBytes: number) {
  const bytes = await source.blob(repo, d.digest, maxBytes);
  assertSize(bytes, d, 'layer');
  return bytes;
}

function signatureRepo(image: ImageReference, override: ImageReference | string | undefined): ImageReference {
  if (!override) return { registry: image.registry, repository: image.repository };
  // source.oci names a repository (ggcr name.NewRepository), never a tag or digest.
  const r = typeof override === 'string' ? parseRepositoryName(override) : override;
  if (r.tag || r.digest) {
    throw new OciError(
      'REFERENCE_INVALID',
      `signature repository ${formatImageReference(r)} must not carry a tag or digest`,
    );
  }
  return { registry: r.registry, repository: r.repository };
}

async function bundleReferrers(
  source: ArtifactSource,
  repo: ImageReference,
  digest: string,
  options: DiscoveryOptions,
  notes: Check[],
): Promise<ImageEvidence[]> {
  const where = `${repositoryName(repo)}@${digest}`;
  let index: ImageIndex | undefined = await source.referrers(repo, digest);
  let origin: EvidenceOrigin = 'referrers-api';
  if (index) {
    notes.push(
      pass(
        'referrers',
        `referrers API of ${source.description} lists ${index.manifests.length} referrer(s) of ${where}`,
      ),
    );
  } else {
    origin = 'referrers-tag';
    const tag = digestTag(digest);
    const m = await source.manifest(repo, tag);
    if (!m) {
      notes.push({
        name: 'referrers',
        status: 'skip',
        reason: `no referrers API and no '${tag}' referrers tag in ${repositoryName(repo)}`,
      });
      return [];
    }
    if (m.manifest.kind !== 'index') {
      throw new OciError('MANIFEST_INVALID', `referrers tag ${repositoryName(repo)}:${tag} is not an image index`);
    }
    index = m.manifest;
    notes.push(
      pass('referrers', `referrers tag ${repositoryName(repo)}:${tag} lists ${index.manifests.length} referrer(s)`),
    );
  }
  const max = options.maxReferrers ?? MAX_REFERRERS;
  if (index.manifests.length > max) {
    throw new OciError(
      'EVIDENCE_INVALID',
      `${where} has ${index.manifests.length} referrers, over the limit of ${max}`,
    );
  }
  const out: ImageEvidence[] = [];
  for (const d of index.manifests) {
    if (d.artifactType === COSIGN_OCI11_SIGNATURE || d.artifactType === IN_TOTO) {
      out.push(...(await legacyReferrer(source, repo, d, origin, options, notes)));
      continue;
    }
    if (d.artifactType && !d.artifactType.startsWith(SIGSTORE_BUNDLE_PREFIX)) {
      notes.push({
        name: 'referrer',
        status: 'skip',
        reason: `referrer ${d.digest} has artifactType ${d.artifactType}, not a Sigstore bundle`,
      });
      continue;
    }
    const id = `${repositoryName(repo)}@${d.digest} (referrer)`;
    const m = await source.manifest(repo, d.digest);
    if (!m) {
      out.push(broken(id, origin, 'signature', `referrer manifest ${d.digest} is listed but missing`));
      continue;
    }
    if (m.bytes.byteLength !== d.size) {
      const why = `referrer manifest ${d.digest} is ${m.bytes.byteLength} bytes, listed as ${d.size}`;
      out.push(broken(id, origin, 'signature', why));
      continue;
    }
    if (m.manifest.kind !== 'manifest') {
      notes.push({
        name: 'referrer',
        status: 'skip',
        reason: `referrer ${d.digest} is an index, not a bundle manifest`,
      });
      continue;
    }
    const layers = m.manifest.layers.filter((l) => l.mediaType.startsWith(SIGSTORE_BUNDLE_PREFIX));
    if (layers.length === 0) {
      notes.push({ name: 'referrer', status: 'skip', reason: `referrer ${d.digest} has no Sigstore bundle layer` });
      continue;
    }
    if (layers.length !== 1 || m.manifest.layers.length !== 1) {
      out.push(
        broken(id, origin, 'signature', `referrer ${d.digest} must have exactly one layer, the Sigstore bundle`),
      );
      continue;
    }
    try {
      const bytes = await descriptorBlob(source, repo, layers[0]!, options.maxBlobBytes ?? MAX_EVIDENCE_BLOB_BYTES);
      out.push(bundleEvidence(JSON.parse(utf8(bytes)), id, origin, m.manifest.annotations));
    } catch (e) {
      if (e instanceof OciError && !['EVIDENCE_INVALID', 'TOO_LARGE', 'SIZE_MISMATCH'].includes(e.code)) throw e;
      out.push(broken(id, origin, 'signature', `cannot read the bundle: ${(e as Error).message}`));
    }
  }
  return out;
}

/**
 * cosign's older referrer flavours: `--experimental-oci11` signatures (simple-signing layers)
 * and `WriteAttestationsReferrer` attestations (DSSE layers), with the usual annotations.
 */
async function legacyReferrer(
  source: ArtifactSource,
  repo: ImageReference,
  d: Descriptor,
  origin: EvidenceOrigin,
  options: DiscoveryOptions,
  notes: Check[],
): Promise<ImageEvidence[]> {
  const m = await source.manifest(repo, d.digest);
  const where = `${repositoryName(repo)}@${d.digest} (referrer)`;
  if (m?.manifest.kind !== 'manifest') {
    notes.push({ name: 'referrer', status: 'skip', reason: `${where} is missing or not an image manifest` });
    return [];
  }
  const max = options.maxLayers ?? MAX_LAYERS;
  if (m.manifest.layers.length > max) {
    throw new OciError('EVIDENCE_INVALID', `${where} has ${m.manifest.layers.length} layers, over the limit of ${max}`);
  }
  const out: ImageEvidence[] = [];
  for (const [i, layer] of m.manifest.layers.entries()) {
    const kind =
      layer.mediaType === COSIGN_SIMPLE_SIGNING
        ? 'signature'
        : layer.mediaType === DSSE_ENVELOPE
          ? 'attestation'
          : undefined;
    if (!kind) {
      notes.push({ name: 'referrer', status: 'skip', reason: `${where} layer ${i} has media type ${layer.mediaType}` });
      continue;
    }
    out.push(await legacyEvidence(source, repo, layer, `${where} layer ${i}`, kind, origin, options));
  }
  return out;
}

/** Evidence from a parsed Sigstore bundle (referrer layer or offline file); kind from its content. */
export function bundleEvidence(
  bundle: unknown,
  id: string,
  origin: EvidenceOrigin = 'bundle-file',
  annotations?: Record<string, string>,
  read?: BundleContent,
): ImageEvidence {
  try {
    // `read`: bundleContent(bundle) when the caller has just read it (a bundle file checked on input).
    const content = read ?? bundleContent(bundle);
    const ev: ImageEvidence = {
      id,
      origin,
      kind: evidenceKindOf(content),
      bundle: bundle as Record<string, unknown>,
      content,
      checks: [pass('bundle-format', `Sigstore bundle (${content.type})`)],
    };
    if (content.type === 'dsse' && content.statement) ev.predicateType = content.statement.predicateType;
    if (annotations) ev.annotations = annotations;
    return ev;
  } catch (e) {
    return broken(id, origin, 'signature', (e as Error).message);
  }
}

function broken(id: string, origin: EvidenceOrigin, kind: EvidenceKind, reason: string): ImageEvidence {
  return { id, origin, kind, checks: [fail('bundle-format', reason, 'MALFORMED_BUNDLE')] };
}

async function legacyTag(
  source: ArtifactSource,
  repo: ImageReference,
  digest: string,
  kind: EvidenceKind,
  options: DiscoveryOptions,
  notes: Check[],
): Promise<ImageEvidence[]> {
  const suffix = kind === 'signature' ? 'sig' : 'att';
  const tag = `${options.tagPrefix ?? ''}${digestTag(digest)}.${suffix}`;
  const where = `${repositoryName(repo)}:${tag}`;
  const m = await source.manifest(repo, tag);
  if (!m) {
    notes.push({ name: `legacy-${kind}s`, status: 'skip', reason: `no ${where} in ${source.description}` });
    return [];
  }
  if (m.manifest.kind !== 'manifest') throw new OciError('MANIFEST_INVALID', `${where} is not an image manifest`);
  const max = options.maxLayers ?? MAX_LAYERS;
  if (m.manifest.layers.length > max) {
    throw new OciError('EVIDENCE_INVALID', `${where} has ${m.manifest.layers.length} layers, over the limit of ${max}`);
  }
  notes.push(pass(`legacy-${kind}s`, `${where} has ${m.manifest.layers.length} layer(s)`));
  const wanted = kind === 'signature' ? COSIGN_SIMPLE_SIGNING : DSSE_ENVELOPE;
  const origin: EvidenceOrigin = kind === 'signature' ? 'legacy-sig' : 'legacy-att';
  const out: ImageEvidence[] = [];
  for (const [i, layer] of m.manifest.layers.entries()) {
    const id = `${where} layer ${i}`;
    if (layer.mediaType !== wanted) {
      notes.push({
        name: `legacy-${kind}s`,
        status: 'skip',
        reason: `${id} has media type ${layer.mediaType}, not ${wanted}`,
      });
      continue;
    }
    out.push(await legacyEvidence(source, repo, layer, id, kind, origin, options));
  }
  return out;
}

async function legacyEvidence(
  source: ArtifactSource,
  repo: ImageReference,
  layer: Descriptor,
  id: string,
  kind: EvidenceKind,
  origin: EvidenceOrigin,
  options: DiscoveryOptions,
): Promise<ImageEvidence> {
  const base: ImageEvidence = { id, origin, kind, checks: [] };
  if (layer.annotations) base.annotations = layer.annotations;
  const pt = layer.annotations?.[ANN_PREDICATE_TYPE];
  if (pt) base.predicateType = pt;
  try {
    const bytes = await descriptorBlob(source, repo, layer, options.maxBlobBytes ?? MAX_EVIDENCE_BLOB_BYTES);
    const converted = convertLegacyLayer({ kind, descriptor: layer, bytes });
    base.bundle = converted.bundle;
    base.checks.push(
      pass('legacy-layer', `cosign ${kind} layer read and converted to a Sigstore bundle`),
      ...converted.checks,
    );
    if (kind === 'signature') base.payload = bytes;
    else {
      // The predicate type that counts is the signed one, not the annotation.
      const content = bundleContent(converted.bundle);
      base.content = content;
      if (content.type === 'dsse' && content.statement) base.predicateType = content.statement.predicateType;
    }
    if (converted.rekorKeysDer.length > 0) base.rekorKeysDer = converted.rekorKeysDer;
  } catch (e) {
    const unreadable = ['EVIDENCE_INVALID', 'TOO_LARGE', 'DIGEST_MISMATCH', 'SIZE_MISMATCH'];
    if (e instanceof OciError && !unreadable.includes(e.code)) throw e;
    base.checks.push(fail('legacy-layer', `${id}: ${(e as Error).message}`, 'MALFORMED_BUNDLE'));
  }
  return base;
}
