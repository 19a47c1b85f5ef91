// When the image itself is read. A tag (or a platform of an index) must be resolved before policies can be
// matched, as policy-controller's mutating webhook does; a digest is only read from the source when an
// authority needs evidence, so decisions that need none (no match, static) need no network.
import {
  formatImageReference,
  OciError,
  withDigest,
  type ArtifactSource,
  type Check,
  type ImageReference,
} from '@sigguard/oci';
import { offlineSubject, resolveSubject, type ImageSubject } from './resolve.ts';

export interface SubjectReader {
  /** What is known before evidence is read: resolved, or (digest given, read later) the digest alone. */
  subject: ImageSubject;
  /** The manifest bytes, resolving the image the first time (ImageEvidenceVerifierOptions.readSubject). */
  readSubject: () => Promise<Uint8Array | undefined>;
  /** After evaluation: the subject as read (kind, media type), or why reading it failed, as a note. */
  settled(): Promise<{ subject: ImageSubject; note?: Check }>;
}

/** Resolves `parsed` now when it must be; throws what resolveSubject throws (the caller decides what denies). */
export async function openSubject(
  ref: string,
  parsed: ImageReference,
  source: ArtifactSource | undefined,
  platform: string | undefined,
): Promise<SubjectReader> {
  if (!source) return offlineReader(parsed, platform);
  const eager = !parsed.digest || platform !== undefined;
  if (eager) return settledReader(await resolveSubject(parsed, source, platform));
  const unread = unreadSubject(parsed);
  let lazy: Promise<ImageSubject> | undefined;
  return {
    subject: unread,
    readSubject: async () => {
      lazy ??= resolveSubject(parsed, source, undefined).catch((e: Error) => {
        const code = (e as OciError).code ?? 'REGISTRY';
        throw new OciError(code, `cannot resolve ${ref} in ${source?.description}: ${e.message}`, { cause: e });
      });
      return (await lazy).manifestBytes;
    },
    // Evidence was read: report what the registry said the digest is (or why it could not).
    settled: async () => {
      if (!lazy) return { subject: unread };
      try {
        return { subject: await lazy };
      } catch (e) {
        const code = (e as OciError).code ?? 'ERROR';
        return { subject: unread, note: { name: 'resolve', status: 'fail', reason: (e as Error).message, code } };
      }
    },
  };
}

/** Without a registry or layout the subject is the reference's digest: nothing to read, nothing to wait for. */
export function offlineReader(parsed: ImageReference, platform: string | undefined): SubjectReader {
  return settledReader(offlineSubject(parsed, platform));
}

function settledReader(subject: ImageSubject): SubjectReader {
  return {
    subject,
    readSubject: () => Promise.resolve(subject.manifestBytes),
    settled: () => Promise.resolve({ subject }),
  };
}

/** A digest-pinned image not (yet) read from any source. */
function unreadSubject(ref: ImageReference): ImageSubject {
  return { reference: formatImageReference(withDigest(ref, ref.digest!)), digest: ref.digest!, kind: 'unknown' };
}
