// Each distinct signing certificate and RFC 3161 token is parsed once per process, not once per bundle.
// @sigstore/core's parser allocates a view per tag byte and per value; for a keyless bundle that was about a fifth
// of what a warm verification allocated, and the parse of the bundle in flight is most of what survives a
// young-generation GC (docs/architecture.md, "Memory"). Admission traffic, like the bench's round robin, sees the
// same signers and bundles again and again. A parse is a pure function of the bytes (the key is the bytes
// themselves, not a digest), and a parsed tree is never edited (der-memo.ts), so the same object can serve every
// bundle carrying those bytes; what is memoised on it (its encoding, imported key, chain-link verdicts) holds for
// any bundle with those bytes too. Parsing is @sigstore/core's own (X509Certificate.parse, RFC3161Timestamp.parse
// on a copy of the bytes, exactly as @sigstore/verify's toSignedEntity does); failures are not kept.
import type { Bundle } from '@sigstore/bundle';
import { RFC3161Timestamp, X509Certificate } from '@sigstore/core';
import { toSignedEntity, type SignedEntity } from '@sigstore/verify';

/** Most recently used parses, bounded (a Map iterates in insertion order: the first key is the oldest). */
export class RecentParses<T> {
  readonly #entries = new Map<string, { key: string; value: T }>();
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  get(bytes: Uint8Array, parse: (copy: Buffer<ArrayBuffer>) => T): T {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Re-inserted under the key it was stored with: storing this lookup's fresh key string in the long-lived
      // map would keep every lookup's key alive through young-generation GCs (docs/architecture.md, "Memory").
      this.#entries.delete(key);
    } else {
      entry = { key, value: parse(Buffer.from(bytes)) };
      if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(entry.key, entry);
    return entry.value;
  }

  clear(): void {
    this.#entries.clear();
  }
}

// Bounded so that a stream of distinct signers costs at most this many parses kept (~30 KB each, far less than
// one young generation); large enough for the bundles a process sees in rotation.
export const certificates = new RecentParses<X509Certificate>(64);
export const timestamps = new RecentParses<RFC3161Timestamp>(32);

/** The leaf's bytes as toSignedEntity reads them, or undefined where it would not parse a certificate. */
function leafBytes(bundle: Bundle): Uint8Array | undefined {
  const content = bundle.verificationMaterial.content;
  const cert =
    content.$case === 'certificate'
      ? content.certificate
      : content.$case === 'x509CertificateChain'
        ? content.x509CertificateChain.certificates[0]
        : undefined;
  return cert?.rawBytes instanceof Uint8Array ? cert.rawBytes : undefined;
}

/**
 * toSignedEntity(bundle, artifact) with the certificate and RFC 3161 tokens taken from the parses above. Anything
 * out of the ordinary (no certificate bytes, a token that is not bytes) takes upstream's path, so its errors stay
 * upstream's. Tokens are parsed before the certificate, as upstream does (the first failure is the same one).
 */
export function signedEntityParsedOnce(bundle: Bundle, artifact: Buffer | undefined): SignedEntity {
  const material = bundle.verificationMaterial;
  const tokens = material.timestampVerificationData?.rfc3161Timestamps ?? [];
  const leaf = leafBytes(bundle);
  const keyless = material.content.$case !== 'publicKey';
  if ((keyless && !leaf) || !tokens.every((t) => t.signedTimestamp instanceof Uint8Array)) {
    return toSignedEntity(bundle, artifact);
  }
  const parsedTokens = tokens.map((t) => timestamps.get(t.signedTimestamp, (der) => RFC3161Timestamp.parse(der)));
  // Upstream's entity for the rest (signature content, log timestamps), without its parses.
  const rest = toSignedEntity(
    {
      ...bundle,
      verificationMaterial: {
        ...material,
        content: keyless ? { $case: 'publicKey', publicKey: { hint: '' } } : material.content,
        timestampVerificationData: undefined,
      },
    },
    artifact,
  );
  const key: SignedEntity['key'] = leaf
    ? { $case: 'certificate', certificate: certificates.get(leaf, (der) => X509Certificate.parse(der)) }
    : rest.key;
  const parsed = parsedTokens.map((timestamp) => ({ $case: 'timestamp-authority' as const, timestamp }));
  return { ...rest, key, timestamps: [...rest.timestamps, ...parsed] };
}
