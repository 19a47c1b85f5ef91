// The decision proper: @sigguard/policy evaluates the policies on the digest that is verified, asking the
// evidence verifier for what each authority needs.
import { formatImageReference, withDigest } from '@sigguard/oci';
import { evaluatePolicies, type Decision, type ImageRef } from '@sigguard/policy';
import type { CallInputs } from './call-inputs.ts';
import { ImageEvidenceVerifier } from './evidence-verifier.ts';
import type { VerifyImageOptions } from './options.ts';
import type { SubjectReader } from './subject-reader.ts';
import type { StageTrace } from './telemetry/telemetry.ts';
import { runnerFor, tracedRunner } from './telemetry/traced.ts';

/** The evidence verifier of one call: its image, source, bundle files, trust roots and limits. */
export function evidenceVerifierFor(
  inputs: CallInputs,
  subject: SubjectReader,
  options: VerifyImageOptions,
  trace?: StageTrace,
): ImageEvidenceVerifier {
  const { parsed, source, bundles, named, defaultRoot } = inputs;
  return new ImageEvidenceVerifier({
    image: { registry: parsed.registry, repository: parsed.repository, digest: subject.subject.digest },
    readSubject: subject.readSubject,
    ...(source ? { source } : {}),
    bundles,
    roots: { named, default: defaultRoot },
    ...(options.now ? { now: options.now } : {}),
    ...(options.discoveryLimits ? { discoveryLimits: options.discoveryLimits } : {}),
    ...(trace ? { trace } : {}),
  });
}

/** @sigguard/policy's decision on the digest that is verified. */
export function evaluateImage(
  ref: string,
  { policies, parsed }: CallInputs,
  subject: SubjectReader,
  verifier: ImageEvidenceVerifier,
  options: VerifyImageOptions,
  trace?: StageTrace,
): Promise<Decision> {
  // Match on ggcr's ref.Name() of the digest that is verified; the input stays as written.
  const verified = withDigest(parsed, subject.subject.digest);
  const image: ImageRef = { input: ref, ...verified, name: formatImageReference(verified) };
  // The decision's time also answers Rego's time.now_ns.
  const at = options.now ? { now: options.now } : {};
  const predicate = options.predicate || options.now ? { ...at, ...options.predicate } : undefined;
  const runner = trace ? tracedRunner(runnerFor({ ...options, predicate }), trace) : options.predicateRunner;
  return evaluatePolicies(image, policies, verifier, {
    ...(options.noMatchPolicy ? { noMatchPolicy: options.noMatchPolicy } : {}),
    ...(options.resource ? { resource: options.resource } : {}),
    ...(predicate ? { predicate } : {}),
    ...(runner ? { predicateRunner: runner } : {}),
  });
}
