// The sigstore-conformance bundle-verify cases as the suite's runner (../shared/vectors/sigstore-conformance/
// run-conformance.mjs) runs them: the command line per case from manifest.json, which records each case's
// artifact, identity, issuer, key.pub and trusted_root.json by the suite's rules (see the README there).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { conformanceManifest, sharedVectors } from '@sigguard/test-vectors/support/locations';

const conformance = sharedVectors('sigstore-conformance');
export const CONFORMANCE = conformance.path;
/** Why the conformance tests skip (the suite is absent), or false. */
export const SKIP_NO_CONFORMANCE = conformance.skip;

export interface ConformanceRun {
  /** The runner's test id: PATH-<case> or DIGEST-<case>. */
  id: string;
  args: string[];
}

export interface ConformanceCase {
  name: string;
  /** A case whose name ends in "fail" must exit non-zero; every other case must exit 0. */
  expectFail: boolean;
  runs: ConformanceRun[];
}

/** Every case, each with its two runs: the artifact's path, then `sha256:<hex>` of the artifact. */
export function conformanceCases(): ConformanceCase[] {
  const cases = conformanceManifest();
  if (!cases) throw new Error(`no manifest.json in ${CONFORMANCE}`);
  return cases.map((c) => {
    const args = ['verify-bundle', '--bundle', c.bundle];
    if (c.key) args.push('--key', c.key);
    else args.push('--certificate-identity', c.identity, '--certificate-oidc-issuer', c.issuer);
    if (c.trustedRoot) args.push('--trusted-root', c.trustedRoot);
    const digest = `sha256:${createHash('sha256').update(readFileSync(c.artifact)).digest('hex')}`;
    const expectFail = c.name.endsWith('fail');
    if (expectFail !== (c.expect === 'fail')) throw new Error(`manifest.json: ${c.name} expects ${c.expect}`);
    return {
      name: c.name,
      expectFail,
      runs: [
        { id: `PATH-${c.name}`, args: [...args, c.artifact] },
        { id: `DIGEST-${c.name}`, args: [...args, digest] },
      ],
    };
  });
}
