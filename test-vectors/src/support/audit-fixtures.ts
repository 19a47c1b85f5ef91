// What the audit tests share: the authorized CI identity, the planted signer (a certificate from
// the same test CA, which no policy expects) and ClusterImagePolicy YAML for them.
export const CI = { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };
export const MALLORY = { subject: 'mallory@evil.example', issuer: 'https://issuer.example.com' };

function policy(name: string, glob: string, authority: string): string {
  return `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: ${name} }
spec:
  images: [{ glob: "${glob}" }]
  authorities:
${authority}`;
}

/** One policy with a keyless authority `name` admitting `subjects` (issuer CI.issuer) on images matching `glob`. */
export function keylessPolicy(name: string, glob: string, subjects: string[], authority = 'ci'): string {
  const identities = subjects.map((s) => `          - { issuer: ${CI.issuer}, subject: ${s} }`).join('\n');
  return policy(
    name,
    glob,
    `    - name: ${authority}\n      keyless:\n        url: https://fulcio.sigguard.test\n` +
      `        identities:\n${identities}\n`,
  );
}

/** One policy with a key authority `name` holding the PEM public key. */
export function keyPolicy(name: string, glob: string, publicKeyPEM: string, authority = 'release'): string {
  const pem = publicKeyPEM
    .trim()
    .split('\n')
    .map((l) => `          ${l}`)
    .join('\n');
  return policy(name, glob, `    - name: ${authority}\n      key:\n        data: |\n${pem}\n`);
}
