// Runnable README example. From the repository root after `npm run setup`:
//   node packages/image/example.mjs
// verifyImage()'s steps by hand: policies from YAML, a bundle file as evidence, the evidence verifier that
// @sigguard/policy asks under each authority (the facade's verifyImage() wires the same steps).
import { readFileSync } from 'node:fs';
import { bundleEvidence, parseImageReference } from '@sigguard/oci';
import { evaluatePolicies } from '@sigguard/policy';
import { parseTrustedRoot, TrustRootSet } from '@sigguard/trust-root';
import { ImageEvidenceVerifier, loadPolicies, readBundleDocument } from '@sigguard/image';

const vectors = new URL('../../test-vectors/', import.meta.url); // the project's private test Sigstore
const { policies } = await loadPolicies(`
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed-by-alice }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - keyless:
        identities: [{ issuer: https://accounts.example.com, subject: alice@example.com }]
      attestations:
        - name: provenance
          predicateType: https://slsa.dev/provenance/v1
`);
const file = readFileSync(new URL('bundles/keyless-dsse-subject-match/bundle.sigstore.json', vectors));
const bundle = bundleEvidence(readBundleDocument(file, 'bundle.sigstore.json'), 'bundle.sigstore.json');

const ref = 'ghcr.io/acme/app@sha256:ec0e5e69c77c3f400855d9cac0bdec908b1c36b26dcb245227128f4ac3776505';
const image = parseImageReference(ref);
const verifier = new ImageEvidenceVerifier({
  image: { ...image, digest: image.digest },
  bundles: [bundle],
  roots: {
    default: parseTrustedRoot(readFileSync(new URL('trusted_root.json', vectors))),
    named: new TrustRootSet([]),
  },
});
const decision = await evaluatePolicies(ref, policies, verifier);
console.log(decision.summary);
console.log(JSON.stringify(decision.allowed)); // true
