// Verifies a public-good conformance bundle with the browser build (which also runs in Node).
// From the repository root after `npm run setup`:  node packages/browser/example.mjs
import { readFileSync } from 'node:fs'; // in a page, fetch() the same two files instead
import { verifyBundleSync, publicGoodTrustRoot, compileIdentities } from './dist/sigguard.browser.js';

const dir = new URL('./test/vectors/conformance-samples/', import.meta.url);
const result = verifyBundleSync(readFileSync(new URL('happy-path-v0.3/bundle.sigstore.json', dir), 'utf8'), {
  artifact: readFileSync(new URL('a.txt', dir)),
  trustRoot: publicGoodTrustRoot(),
  identities: compileIdentities([
    {
      issuer: 'https://token.actions.githubusercontent.com',
      subject:
        'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
    },
  ]),
});
console.log(result.ok, result.checks.map((c) => `${c.name}:${c.status}`).join(' '));
// true bundle:pass trust-root:pass artifact:pass timestamps:pass transparency-log:pass signing-key:pass sct:pass signature:pass identity:pass
process.exitCode = result.ok ? 0 : 1;
