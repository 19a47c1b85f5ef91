// Runnable README example. From the repository root after `npm run setup`:
//   node packages/verify/example.mjs
import { readFileSync } from 'node:fs';
import { compileIdentities } from '@sigguard/identity';
import { publicGoodTrustRoot } from '@sigguard/trust-root';
import { verifyBundle } from '@sigguard/verify';

const samples = new URL('../sigguard/samples/', import.meta.url);
const result = await verifyBundle(readFileSync(new URL('a.txt.intoto.sigstore.json', samples)), {
  // DSSE attestation: the digest must be one of the in-toto statement's subjects.
  artifactDigest: { algorithm: 'sha256', hex: 'a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf' },
  trustRoot: publicGoodTrustRoot(),
  identities: compileIdentities([
    {
      issuer: 'https://token.actions.githubusercontent.com',
      subjectRegExp: '^https://github\\.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/',
    },
  ]),
});
console.log(result.ok, result.statement?.predicateType);
for (const c of result.checks) console.log(c.status, c.name, c.reason);
