// ClusterImagePolicy YAML for the tests, around the test instance's Fulcio (fulcio.sigguard.test): the
// authorized CI identity, the planted signer (a certificate from the same test CA, which no policy expects),
// and the policy text most verify-image tests start from, written once.
import { SLSA_PROVENANCE } from './cosign-images.ts';

export const CI = { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };
export const MALLORY = { subject: 'mallory@evil.example', issuer: 'https://issuer.example.com' };

/** A ClusterImagePolicy `name` for images matching `glob`; `authorities` are its list items (indented 4). */
export function clusterImagePolicy(name: string, glob: string, authorities: string): string {
  return `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: ${name} }
spec:
  images: [{ glob: "${glob}" }]
  authorities:
${authorities}`;
}

export interface KeylessImagePolicy {
  name: string;
  glob: string;
  /** Who may have signed; CI when not given. */
  identities?: { issuer: string; subject: string }[];
  /** The authority's name; without one, policy-controller names it (authority-0). */
  authority?: string;
  /** YAML after the keyless block, at the authority's indent (6 spaces): `attestations:` and what follows. */
  tail?: string;
}

/** A policy with one keyless authority of the test instance's Fulcio. */
export function keylessImagePolicy({
  name,
  glob,
  identities = [CI],
  authority,
  tail = '',
}: KeylessImagePolicy): string {
  const list = identities.map((i) => `{ issuer: ${i.issuer}, subject: ${i.subject} }`).join(', ');
  const keyless = `keyless:\n        url: https://fulcio.sigguard.test\n        identities: [${list}]\n`;
  return clusterImagePolicy(name, glob, `    - ${authority ? `name: ${authority}\n      ` : ''}${keyless}${tail}`);
}

/** A `tail` requiring one attestation, `provenance`, of SLSA provenance v1; `policy` is its policy block (indent 10). */
export const provenanceAttestation = (policy = ''): string =>
  `      attestations:\n        - name: provenance\n          predicateType: ${SLSA_PROVENANCE}\n${policy}`;

/** One policy with a keyless authority `authority` admitting `subjects` (issuer CI.issuer) on images matching `glob`. */
export function keylessPolicy(name: string, glob: string, subjects: string[], authority = 'ci'): string {
  const identities = subjects.map((subject) => ({ issuer: CI.issuer, subject }));
  return keylessImagePolicy({ name, glob, identities, authority });
}

/** One policy with a key authority `name` holding the PEM public key. */
export function keyPolicy(name: string, glob: string, publicKeyPEM: string, authority = 'release'): string {
  const pem = publicKeyPEM
    .trim()
    .split('\n')
    .map((l) => `          ${l}`)
    .join('\n');
  return clusterImagePolicy(name, glob, `    - name: ${authority}\n      key:\n        data: |\n${pem}\n`);
}
