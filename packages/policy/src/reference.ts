import { formatImageReference, parseImageReference, type ImageReference } from '@sigguard/oci/reference';
import { PolicyError } from './errors.ts';

/**
 * An image reference as policy-controller sees it at admission: parsed by the one parser
 * (@sigguard/oci, go-containerregistry `name.ParseReference` semantics) that the registry
 * client also fetches with, plus the string globs are matched against.
 */
export interface ImageRef extends ImageReference {
  /** The string the caller gave. */
  input: string;
  /** ggcr `ref.Name()`: `registry/repository:tag`, or `registry/repository@sha256:hex` (a digest drops the tag). */
  name: string;
}

export { DOCKER_HUB as DEFAULT_REGISTRY } from '@sigguard/oci/reference';

/** Parses like go-containerregistry `name.ParseReference(s)`; errors are PolicyError IMAGE_REF_INVALID. */
export function parseImageRef(input: string): ImageRef {
  let ref: ImageReference;
  try {
    ref = parseImageReference(input);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new PolicyError('IMAGE_REF_INVALID', `could not parse reference: ${String(input)} (${why})`);
  }
  return { input, ...ref, name: formatImageReference(ref) };
}
