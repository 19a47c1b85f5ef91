// Runnable README example. From the repository root after `npm run setup`:
//   node packages/policy/example.mjs
import { parsePolicyDocuments, evaluatePolicies, renderDecision } from '@sigguard/policy';

const { policies } = parsePolicyDocuments(`
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata:
  name: signed-by-ci
spec:
  images:
  - glob: ghcr.io/acme/**
  authorities:
  - name: ci
    keyless:
      identities:
      - issuer: https://token.actions.githubusercontent.com
        subjectRegExp: ^https://github\\.com/acme/
`);

// sigguard's verifyImage() brings a real verifier (bundles, certificates, logs); this one
// returns a fixed, already-verified signature to show the shape.
const verifier = {
  async signatures(image, authority) {
    return [
      {
        id: 'sig-1',
        ok: true,
        checks: [{ name: 'signature', status: 'pass', reason: `verified for ${image.name} under ${authority.name}` }],
        signer: {
          subject: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
          issuer: 'https://token.actions.githubusercontent.com',
        },
      },
    ];
  },
  async attestations() {
    return [];
  },
};

const decision = await evaluatePolicies(`ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`, policies, verifier);
console.log(renderDecision(decision, { color: false }));
console.log(JSON.stringify(decision.allowed)); // true
