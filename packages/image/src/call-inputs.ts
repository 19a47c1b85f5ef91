// Everything one verifyImage() call reads before deciding: policies and trust roots, the image reference,
// the evidence source (a layout, or a registry client reporting its requests to telemetry) and the bundle files.
import { bundleEvidence, parseImageReference, RegistryClient, type ArtifactSource } from '@sigguard/oci';
import { readBundleFile } from './bundle-document.ts';
import { VerifyImageError } from './errors.ts';
import { defaultTrustRootOf, policiesAndRoots, policiesAndRootsNow } from './inputs.ts';
import type { VerifyImageOptions } from './options.ts';
import type { StageTrace, Telemetry } from './telemetry/telemetry.ts';

export type CallInputs = Awaited<ReturnType<typeof readInputs>>;

/** The inputs of a call, read and checked: bad input throws VerifyImageError (or OciError for the reference). */
export async function readInputs(ref: string, options: VerifyImageOptions, trace?: StageTrace) {
  const { policies, named, warnings } = policiesAndRootsNow(options) ?? (await policiesAndRoots(options));
  const defaultRoot = defaultTrustRootOf(options.defaultTrustRoot);
  const parsed = parseImageReference(ref);
  const source = sourceOf(options, trace?.telemetry);
  const files = (options.evidence?.bundles ?? []).map((b, i) => readBundleFile(b, `bundle #${i + 1}`));
  const docs = files.map((f) => f.doc);
  const bundles = files.map((f, i) => bundleEvidence(f.doc, `bundle #${i + 1}`, 'bundle-file', undefined, f.content));
  return { policies, named, warnings, defaultRoot, parsed, source, docs, bundles };
}

function sourceOf(options: VerifyImageOptions, telemetry: Telemetry | undefined): ArtifactSource | undefined {
  if (options.evidence?.layout && options.registry) {
    throw new VerifyImageError('USAGE', 'give either an OCI layout or a registry, not both');
  }
  if (options.evidence?.layout) return options.evidence.layout;
  if (!options.registry) return undefined;
  if (options.registry instanceof RegistryClient) return options.registry;
  // A client made here reports its requests; one the caller made has its own observeRequest (or none).
  const observe = telemetry && !options.registry.observeRequest ? { observeRequest: telemetry.observeRequest } : {};
  return new RegistryClient({ ...options.registry, ...observe });
}
