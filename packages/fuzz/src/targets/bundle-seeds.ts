// Valid and invalid Sigstore bundles to mutate, with what each needs to verify: the project's own
// vectors (test-vectors/expected.json) and, when ../shared is present, the sigstore-conformance cases.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVectors } from '@sigguard/test-vectors';
import { CONFORMANCE_BEACON, sharedVectors } from '@sigguard/test-vectors/support/locations';

export interface BundleSeed {
  name: string;
  text: string;
  artifact: Uint8Array;
  trustedRootJSON: unknown;
  identity?: { subject: string; issuer: string };
  keyPEM?: string;
  verifyAt?: Date;
}

const CONFORMANCE = sharedVectors('sigstore-conformance').path;
const { subject: DEFAULT_IDENTITY, issuer: DEFAULT_ISSUER } = CONFORMANCE_BEACON;

export function ownSeeds(): BundleSeed[] {
  return loadVectors().map((c) => ({
    name: `test-vectors/${c.name}`,
    text: readFileSync(join(import.meta.dirname, '../../../../test-vectors', c.bundle), 'utf8'),
    artifact: c.artifactBytes,
    trustedRootJSON: c.trustedRootJSON,
    ...(c.identity ? { identity: c.identity } : {}),
    ...(c.keyPEM ? { keyPEM: c.keyPEM } : {}),
    verifyAt: c.verifyAtDate,
  }));
}

/** The conformance cases expected to verify (mutating those says the most); empty without ../shared. */
export function conformanceSeeds(): BundleSeed[] {
  const dir = join(CONFORMANCE, 'test/assets/bundle-verify');
  if (!existsSync(dir)) return [];
  const production = JSON.parse(readFileSync(join(CONFORMANCE, 'trust/production/trusted_root.json'), 'utf8'));
  const artifactDefault = new Uint8Array(readFileSync(join(dir, 'a.txt')));
  const read = (c: string, f: string) =>
    existsSync(join(dir, c, f)) ? readFileSync(join(dir, c, f), 'utf8') : undefined;
  return readdirSync(dir)
    .filter((c) => !c.endsWith('_fail') && existsSync(join(dir, c, 'bundle.sigstore.json')))
    .map((c) => {
      const key = read(c, 'key.pub');
      const root = read(c, 'trusted_root.json');
      return {
        name: `conformance/${c}`,
        text: read(c, 'bundle.sigstore.json')!,
        artifact: existsSync(join(dir, c, 'artifact'))
          ? new Uint8Array(readFileSync(join(dir, c, 'artifact')))
          : artifactDefault,
        trustedRootJSON: root ? JSON.parse(root) : production,
        ...(key
          ? { keyPEM: key }
          : {
              identity: {
                subject: read(c, 'identity')?.trim() ?? DEFAULT_IDENTITY,
                issuer: read(c, 'issuer')?.trim() ?? DEFAULT_ISSUER,
              },
            }),
      };
    });
}
