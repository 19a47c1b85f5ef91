// Bundle files given offline (verifyImage's evidence.bundles, the CLI's --bundle, auditSigners' bundles).
import { depthProblem } from '@sigguard/input-limits';
import { bundleContent, type BundleContent } from '@sigguard/oci';
import { VerifyImageError } from './errors.ts';

/** A bundle given offline must at least be a Sigstore bundle document; what is inside is verified later. */
export function readBundleDocument(b: string | Uint8Array | object, name: string): object {
  return readBundleFile(b, name).doc;
}

/** readBundleDocument, with what the bundle signs as bundleContent() read it (for bundleEvidence). */
export function readBundleFile(b: string | Uint8Array | object, name: string): { doc: object; content: BundleContent } {
  let doc: unknown;
  try {
    doc = typeof b === 'string' ? JSON.parse(b) : b instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(b)) : b;
  } catch (e) {
    throw new VerifyImageError('INPUT_INVALID', `${name} is not JSON: ${(e as Error).message}`);
  }
  const deep = depthProblem(doc, 'the bundle');
  if (deep) throw new VerifyImageError('INPUT_INVALID', `${name}: ${deep}`);
  const mediaType = (doc as { mediaType?: unknown } | null)?.mediaType;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    typeof mediaType !== 'string' ||
    !mediaType.startsWith('application/vnd.dev.sigstore.bundle')
  ) {
    throw new VerifyImageError(
      'INPUT_INVALID',
      `${name} is not a Sigstore bundle (mediaType ${JSON.stringify(mediaType ?? null)})`,
    );
  }
  // A file the caller gave must be a bundle whose content can be read: one that cannot is an
  // input error naming it, never a "signature" that quietly fails somewhere in the tree.
  let content: BundleContent;
  try {
    content = bundleContent(doc);
  } catch (e) {
    throw new VerifyImageError('INPUT_INVALID', `${name} is not a usable Sigstore bundle: ${(e as Error).message}`);
  }
  return { doc, content };
}
