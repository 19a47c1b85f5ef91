// The real EvidenceVerifier: finds evidence once per image (and signature repository), then
// verifies each signature/attestation under one authority with @sigguard/verify.
import {
  bundleContent,
  checkImageBinding,
  discoverEvidence,
  fetchImageConfigs,
  parseDigest,
  type ArtifactSource,
  type Check,
  type DiscoveryOptions,
  type DiscoveryResult,
  type ImageEvidence,
  type ImageReference,
} from '@sigguard/oci';
import type { Authority, EvidenceResult, EvidenceVerifier, ImageRef } from '@sigguard/policy';
import { verifyBundle, type BundleVerification, type VerifyBundleOptions } from '@sigguard/verify';
import type { StageTrace } from './telemetry/telemetry.ts';
import { authorityVerifyOptions, type AuthorityVerifyOptions, type TrustRoots } from './authority-options.ts';
import { traceGivenBundles, tracedDiscovery, tracedVerification } from './telemetry/traced-stages.ts';

export interface ImageEvidenceVerifierOptions {
  /** The image, by digest, as @sigguard/oci sees it. */
  image: ImageReference & { digest: string };
  /** Exact manifest bytes when known (message-signature bundles over the manifest). */
  manifestBytes?: Uint8Array;
  /**
   * Reads (resolves and digest-checks) the image from `source` and returns its manifest bytes.
   * Called once, only when evidence is needed, before anything else is read from the source.
   */
  readSubject?: () => Promise<Uint8Array | undefined>;
  /** Registry or OCI layout to discover evidence in; absent = only `bundles`. */
  source?: ArtifactSource;
  /** Evidence given offline (bundle files). */
  bundles?: ImageEvidence[];
  roots: TrustRoots;
  now?: Date;
  /** Caps and the wall-clock budget of each discovery (defaults in docs/limits.md). */
  discoveryLimits?: DiscoveryLimits;
  /** Spans for discovery and each bundle verification (only when verifyImage was given telemetry). */
  trace?: StageTrace;
}

/** The limits of evidence discovery a caller may change (@sigguard/oci `DiscoveryOptions`). */
export type DiscoveryLimits = Pick<
  DiscoveryOptions,
  'maxReferrers' | 'maxLayers' | 'maxBlobBytes' | 'maxTotalBytes' | 'timeoutMs'
>;

export class ImageEvidenceVerifier implements EvidenceVerifier {
  readonly #o: ImageEvidenceVerifierOptions;
  readonly #discoveries = new Map<string, Promise<DiscoveryResult>>();
  #bundlesTraced = false;
  #subject?: Promise<Uint8Array | undefined>;

  constructor(options: ImageEvidenceVerifierOptions) {
    this.#o = options;
  }

  /** Whether anything was read from the source (the image, or evidence): else there is nothing to report. */
  get readSource(): boolean {
    return this.#subject !== undefined || this.#discoveries.size > 0;
  }

  /** Everything discovery looked at, for the decision (in the order asked). */
  async discoveries(): Promise<DiscoveryResult[]> {
    if (this.#discoveries.size === 0) return []; // bundle files only
    return Promise.all([...this.#discoveries.values()].map((p) => p.catch(() => undefined))).then((r) =>
      r.filter((x): x is DiscoveryResult => x !== undefined),
    );
  }

  /** The image's manifest bytes, read from the source the first time evidence needs them. */
  #manifestBytes(): Promise<Uint8Array | undefined> {
    if (this.#o.manifestBytes || !this.#o.readSubject) return Promise.resolve(this.#o.manifestBytes);
    this.#subject ??= this.#o.readSubject();
    return this.#subject;
  }

  /** Why reading the image or its evidence failed (registry unreachable, credentials refused, …), in order. */
  async discoveryErrors(): Promise<unknown[]> {
    if (!this.#subject && this.#discoveries.size === 0) return []; // nothing was read
    const settled = await Promise.allSettled([
      ...(this.#subject ? [this.#subject] : []),
      ...this.#discoveries.values(),
    ]);
    return settled.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  }

  /** Evidence for an authority: discovery is shared by authorities with the same source settings. */
  async evidence(authority?: Authority): Promise<ImageEvidence[]> {
    const found: ImageEvidence[] = [...(this.#o.bundles ?? [])];
    if (this.#o.trace && !this.#bundlesTraced && (found.length || !this.#o.source)) {
      this.#bundlesTraced = traceGivenBundles(this.#o.trace, found);
    }
    if (!this.#o.source) return found;
    // The image itself first: evidence for a digest the source does not have is not looked for.
    await this.#manifestBytes();
    const src = authority?.source[0];
    const format = authority?.signatureFormat === 'bundle' ? 'bundle' : undefined;
    const key = JSON.stringify([src?.oci ?? '', src?.tagPrefix ?? '', format ?? '']);
    let p = this.#discoveries.get(key);
    if (!p) {
      const options: DiscoveryOptions = {
        ...this.#o.discoveryLimits,
        ...(src?.oci ? { signatureRepository: src.oci } : {}),
        ...(src?.tagPrefix ? { tagPrefix: src.tagPrefix } : {}),
        ...(format ? { signatureFormat: format } : {}),
      };
      const discover = (source: ArtifactSource) => discoverEvidence(source, this.#o.image, options);
      p = this.#o.trace ? tracedDiscovery(this.#o.trace, this.#o.source, discover) : discover(this.#o.source);
      this.#discoveries.set(key, p);
    }
    found.push(...(await p).evidence);
    return found;
  }

  // (Not async themselves: #verifyAll's promise is returned as it is, without another one around it.)
  signatures(_image: ImageRef, authority: Authority): Promise<EvidenceResult[]> {
    return this.#verifyAll('signature', authority);
  }

  attestations(_image: ImageRef, authority: Authority): Promise<EvidenceResult[]> {
    return this.#verifyAll('attestation', authority);
  }

  async #verifyAll(kind: 'signature' | 'attestation', authority: Authority): Promise<EvidenceResult[]> {
    const evidence = (await this.evidence(authority)).filter((e) => e.kind === kind);
    if (evidence.length === 0) return [];
    const { notes, ...verifyOptions } = authorityVerifyOptions(authority, this.#o.roots, this.#o.now);
    const trace = this.#o.trace;
    const one = (e: ImageEvidence) => this.#verifyOne(e, verifyOptions, notes);
    if (trace) return Promise.all(evidence.map((e) => tracedVerification(trace, e, () => one(e))));
    // One bundle (the usual case) needs no Promise.all around it.
    return evidence.length === 1 ? [await one(evidence[0]!)] : Promise.all(evidence.map(one));
  }

  async #verifyOne(
    e: ImageEvidence,
    verifyOptions: Omit<AuthorityVerifyOptions, 'notes'>,
    notes: readonly string[],
  ): Promise<EvidenceResult> {
    if (!e.bundle) return { id: e.id, ok: false, checks: [...e.checks] };
    const digest = this.#o.image.digest;
    // The checks before verification: the evidence's own, its binding to the image, the authority's notes.
    const before: Check[] = [...e.checks, checkImageBinding(e, digest)];
    for (const n of notes) before.push({ name: 'authority', status: 'skip', reason: n });
    let v: BundleVerification;
    try {
      const tlogKeys = e.rekorKeysDer ? { tlogPublicKeys: e.rekorKeysDer } : {};
      const artifact = this.#artifactNow(e, digest) ?? (await this.#overManifest(digest));
      v = await verifyBundle(e.bundle, { ...verifyOptions, ...tlogKeys, ...artifact });
    } catch (err) {
      before.push({
        name: 'verify',
        status: 'fail',
        reason: `verifier error: ${(err as Error).message}`,
        code: 'VERIFIER_ERROR',
      });
      return { id: e.id, ok: false, checks: before };
    }
    const checks = before.concat(v.checks); // one array of the final length
    const result: EvidenceResult = { id: e.id, ok: v.ok && checks.every((c) => c.status !== 'fail'), checks };
    if (v.signerId) result.signerId = v.signerId;
    if (v.signer) {
      const signer: NonNullable<EvidenceResult['signer']> = {};
      if (v.signer.subject) signer.subject = v.signer.subject;
      if (v.signer.issuer) signer.issuer = v.signer.issuer;
      if (v.signer.certificate) signer.extensions = v.signer.certificate.extensions;
      result.signer = signer;
    }
    if (v.statement) result.statement = v.statement;
    if (e.predicateType && !result.statement && e.kind === 'attestation') {
      checks.push({
        name: 'statement',
        status: 'skip',
        reason: `statement (predicateType ${e.predicateType}) not evaluated: the attestation did not verify`,
      });
    }
    return result;
  }

  /**
   * What the signature is over: the simple-signing payload or the image digest; undefined for a message signature,
   * which is over the manifest (#overManifest: read from the source, so awaited only then).
   */
  #artifactNow(e: ImageEvidence, digest: string): Pick<VerifyBundleOptions, 'artifact' | 'artifactDigest'> | undefined {
    if (e.payload) return { artifact: e.payload };
    if ((e.content ?? bundleContent(e.bundle)).type === 'message-signature') return undefined;
    return imageDigestArtifact(digest);
  }

  /** A message signature is over the manifest bytes when they can be read, else over the image digest. */
  async #overManifest(digest: string): Promise<Pick<VerifyBundleOptions, 'artifact' | 'artifactDigest'>> {
    const manifestBytes = await this.#manifestBytes();
    return manifestBytes ? { artifact: manifestBytes } : imageDigestArtifact(digest);
  }

  /** OCI config(s) keyed `<os>/<arch>[/<variant>]`, for spec.policy.fetchConfigFile. */
  async imageConfigs(_image: ImageRef): Promise<Record<string, unknown>> {
    const source = this.#o.source;
    if (!source) throw new Error('no registry or OCI layout to fetch the image config from');
    await this.#manifestBytes(); // the image itself is read (and checked) first
    return fetchImageConfigs(source, this.#o.image);
  }
}

function imageDigestArtifact(digest: string): Pick<VerifyBundleOptions, 'artifactDigest'> {
  return { artifactDigest: { algorithm: 'sha256', hex: parseDigest(digest).hex } };
}
