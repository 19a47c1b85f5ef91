// Verify a Sigstore bundle offline against the built-in public-good trust root.
// Run from the repository root after `npm run setup`: node packages/sigguard/example.mjs
import { readFileSync } from 'node:fs';
import { verifyBundle } from 'sigguard';

const samples = new URL('samples/', import.meta.url);
const bundle = readFileSync(new URL('a.txt.sigstore.json', samples));
const artifact = readFileSync(new URL('a.txt', samples));

const result = await verifyBundle(bundle, {
  artifact, // or artifactDigest: { algorithm: 'sha256', hex: '…' }
  identities: [
    {
      issuer: 'https://token.actions.githubusercontent.com',
      subject:
        'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
    },
  ],
  // trustRoot: parseTrustedRoot(readFileSync('trusted_root.json')), // default: public-good
});

console.log(
  result.ok
    ? `verified: signed by ${result.signer.subject}`
    : `not verified: ${result.error.code}: ${result.error.message}`,
);
for (const check of result.checks) console.log(`  ${check.status} ${check.name}: ${check.reason}`);
process.exitCode = result.ok ? 0 : 1;
