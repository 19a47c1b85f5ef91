// Key authorities and key-signed images for verifyImage tests: a ClusterImagePolicy with
// `key.data` authorities over every image of the test registry, and images carrying a cosign
// legacy `.sig` signed by a given key (with or without a Rekor entry).
import { cosignLegacySignature, simpleSigningPayload, type KeyPair } from '@sigguard/test-vectors';
import { parsePolicyDocuments, type ClusterImagePolicy } from '@sigguard/policy';
import { parseRepositoryName } from '@sigguard/oci';
import type { SignedRegistry } from './signed-registry.ts';
import { pushImage, pushLegacy } from '@sigguard/test-vectors/support';

const indent = (s: string, n: number) =>
  s
    .trim()
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');

/**
 * One `authorities[]` entry (YAML) with the PEM text as `key.data`, optional lines after it (further `key`
 * fields such as `        hashAlgorithm: sha384`, or authority fields such as `attestations`) and the registry's Rekor as ctlog.
 */
export function keyAuthority(reg: SignedRegistry, name: string, pem: string, ctlog = true, extraLines = ''): string {
  const lines = [
    `    - name: ${name}`,
    '      key:',
    '        data: |',
    indent(pem, 10),
    ...(extraLines ? [extraLines] : []),
  ];
  return [...lines, ...(ctlog ? [`      ctlog: { url: "${reg.ts.rekor.baseUrl}" }`] : [])].join('\n');
}

/** The policy `keyed` over `<registry>/**` with these authorities. */
export function keyedPolicy(reg: SignedRegistry, authorities: string[]): ClusterImagePolicy[] {
  return parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: keyed }
spec:
  images: [{ glob: "${reg.host}/**" }]
  authorities:
${authorities.join('\n')}
`).policies;
}

/** A new image at `<registry>/<path>` with a cosign legacy `.sig` signed by `key`; returns `ref@digest`. */
export async function legacyKeySignedImage(
  reg: SignedRegistry,
  path: string,
  key: KeyPair,
  tlog = true,
): Promise<string> {
  const repo = parseRepositoryName(`${reg.host}/${path}`);
  const img = await pushImage(reg.client, repo, path);
  const payload = simpleSigningPayload(`${reg.host}/${path}`, img.digest);
  const layer = await cosignLegacySignature(reg.ts, payload, { signer: { key }, ...(tlog ? {} : { tlog: false }) });
  await pushLegacy(reg.client, repo, img.digest, 'sig', [{ bytes: layer.payload, annotations: layer.annotations }]);
  return `${reg.host}/${path}@${img.digest}`;
}
