// The public-good Sigstore trusted root, shipped inside the package so verification
// works with zero configuration and no network. Source: Sigstore's published TUF
// repository (tuf-repo-cdn.sigstore.dev) trusted_root.json target; the TUF root.json
// that signs it sits beside it for the TUF client.
import publicGoodTrustedRootJson from './data/public-good.trusted_root.json' with { type: 'json' };
import publicGoodTufRootJson from './data/public-good.root.json' with { type: 'json' };
import stagingTrustedRootJson from './data/staging.trusted_root.json' with { type: 'json' };
import { parseTrustedRoot, type TrustRoot } from './trusted-root.ts';

/** The embedded public-good Sigstore trust root (parsed once, cached). */
export function publicGoodTrustRoot(): TrustRoot {
  return parseTrustedRoot(publicGoodTrustedRootJson, { name: 'public-good' });
}

/** The embedded TUF root.json of tuf-repo-cdn.sigstore.dev (trust anchor for TUF updates). */
export function publicGoodTufRoot(): Readonly<Record<string, unknown>> {
  return publicGoodTufRootJson as Record<string, unknown>;
}

/**
 * The embedded TUF root.json byte for byte (the file is written with a one-space indent,
 * which JSON.stringify reproduces; a test checks it), so a pinned sha256 of that file matches.
 */
export function publicGoodTufRootBytes(): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(publicGoodTufRootJson, null, 1));
}

export const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';

/** The Sigstore staging instance's trusted root (sigstage.dev), for `--staging`. */
export function stagingTrustRoot(): TrustRoot {
  return parseTrustedRoot(stagingTrustedRootJson, { name: 'staging' });
}
