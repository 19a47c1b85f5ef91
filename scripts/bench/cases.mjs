// The bundles the bench verifies: every case of test-vectors/expected.json (valid and invalid, each with
// the verdict sigguard and plain @sigstore/verify must give) plus the public-good samples of packages/verify.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BEACON =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const GHA = 'https://token.actions.githubusercontent.com';

export function loadCases(repo) {
  const data = join(repo, 'packages/verify/src/testdata');
  const publicGood = join(repo, 'packages/trust-root/src/data/public-good.trusted_root.json');
  const sample = (name, bundle, extra) => ({
    name,
    bundle: readFileSync(join(data, bundle)),
    artifact: readFileSync(join(data, 'a.txt')),
    trustedRootPath: publicGood,
    sigguardOk: true,
    peerOk: true,
    ...extra,
  });
  const cases = [
    sample('public-good v0.3 message', 'happy-path-v0.3.sigstore.json', { subject: BEACON, issuer: GHA }),
    sample('public-good v0.3 DSSE', 'happy-path-intoto-in-dsse-v3.sigstore.json', { subject: BEACON, issuer: GHA }),
    sample('staging Rekor v2 + RFC3161', 'rekor2-happy-path.sigstore.json', {
      subject: BEACON,
      issuer: GHA,
      trustedRootPath: join(data, 'rekor2-staging.trusted_root.json'),
    }),
    sample('public-good v0.3 public key', 'managed-key-happy-path.sigstore.json', {
      keyPem: readFileSync(join(data, 'managed-key.pub'), 'utf8'),
    }),
  ];
  const tv = join(repo, 'test-vectors');
  if (!existsSync(join(tv, 'expected.json'))) return cases;
  const expected = JSON.parse(readFileSync(join(tv, 'expected.json'), 'utf8'));
  for (const c of expected.cases) {
    cases.push({
      name: c.name,
      bundle: readFileSync(join(tv, c.bundle)),
      artifact: readFileSync(join(tv, c.artifact)),
      trustedRootPath: join(tv, c.trustedRoot ?? expected.trustedRoot),
      subject: c.identity?.subject,
      issuer: c.identity?.issuer,
      keyPem: c.key ? readFileSync(join(tv, c.key), 'utf8') : undefined,
      now: c.verifyAt ? new Date(c.verifyAt) : undefined,
      sigguardOk: c.expected.verified === true,
      peerOk: c.sigstoreJs === 'verified',
    });
  }
  return cases;
}

/** Cases both implementations accept: the ones timed side by side. */
export const validCases = (cases) => cases.filter((c) => c.sigguardOk && c.peerOk);
