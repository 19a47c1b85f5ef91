// Runnable README example. From the repository root after `npm run setup`:
//   node packages/audit/example.mjs
// Who signed an image, from a bundle file of the project's test Sigstore, and whether the policy expects them.
import { readFileSync } from 'node:fs';
import { auditSigners, renderAuditReport } from '@sigguard/audit';

const vectors = new URL('../../test-vectors/', import.meta.url);
const report = await auditSigners({
  policies: `
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed-by-bob }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - keyless:
        identities: [{ issuer: https://accounts.example.com, subject: bob@example.com }]
`,
  defaultTrustRoot: readFileSync(new URL('trusted_root.json', vectors), 'utf8'),
  sources: {
    images: ['ghcr.io/acme/app@sha256:ec0e5e69c77c3f400855d9cac0bdec908b1c36b26dcb245227128f4ac3776505'],
    bundles: [
      {
        name: 'bundle.sigstore.json',
        bundle: readFileSync(new URL('bundles/keyless-dsse-subject-match/bundle.sigstore.json', vectors)),
      },
    ],
  },
});
console.log(renderAuditReport(report));
console.log(report.findings.length); // 1: alice@example.com signed, and no policy expects her
