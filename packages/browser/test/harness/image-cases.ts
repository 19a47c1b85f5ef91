// The verifyImage cases the Chromium test runs in Node and in the page: evidence signed by the project's
// private Sigstore instance (keyless and key-signed), given as bundle files, as an OCI layout, and in a
// registry on loopback; policies with exact identities, a key, a CUE attestation policy and (when
// ../shared is present) a Rego policy built by a real OPA. Every input is JSON, so the page gets it as is.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { generateKeyPair, type TestSigstore } from '@sigguard/test-vectors';
import { parseRepositoryName, RegistryClient } from '@sigguard/oci';
import {
  bundleAttestation,
  bundleSignature,
  COSIGN_SIGN_PREDICATE,
  LayoutWriter,
  legacySignatureLayer,
  type Pushed,
  pushBundleReferrer,
  pushImage,
  pushLegacy,
  SLSA_PROVENANCE,
  clusterImagePolicy,
  sharedVectors,
} from '@sigguard/test-vectors/support';

export const { path: OPA_VECTOR, skip: OPA_VECTOR_SKIP } = sharedVectors('opa-wasm/e2e-custom-data');
const CUSTOM_PREDICATE = 'https://cosign.sigstore.dev/attestation/v1';
const BUILD_TYPE = 'https://example.com/build';

export interface ImageCase {
  id: string;
  /** The decision the case must reach (in Node and in Chromium). */
  allowed: boolean;
  input: {
    ref: string;
    policies: string;
    trustedRoot: string;
    bundles?: unknown[];
    /** Node: `dir` (read from disk); the page: `files` (path -> base64), handed over as Files. */
    layout?: { dir: string; files: Record<string, string> };
    registry?: true;
    rego?: { source: string; bundle: string };
  };
}

const indent = (text: string, n: number) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');

function cip(name: string, glob: string, authority: string, attestations = ''): string {
  const tail = attestations ? indent(`attestations:\n${attestations}`, 6) : '';
  return clusterImagePolicy(name, glob, `    - name: ${name}-authority\n${indent(authority, 6)}\n${tail}`);
}

const keyless = (subject = 'ci@example.com') =>
  `keyless:\n  url: https://fulcio.sigguard.test\n  identities: [{ issuer: https://issuer.example.com, subject: ${subject} }]`;

function cueAttestation(buildType: string): string {
  return `  - name: provenance
    predicateType: ${SLSA_PROVENANCE}
    policy:
      type: cue
      data: |
        predicate: buildDefinition: buildType: "${buildType}"`;
}

function regoAttestation(source: string): string {
  return `  - name: custom-match-predicate
    predicateType: "${CUSTOM_PREDICATE}"
    policy:
      type: rego
      data: |
${indent(source, 8)}`;
}

const digestOf = (seed: string) => `sha256:${Buffer.from(seed.padEnd(32, '-').slice(0, 32)).toString('hex')}`;

/** Cases on bundle files only (no source to read from). */
async function bundleCases(ts: TestSigstore, trustedRoot: string): Promise<ImageCase[]> {
  const image = 'registry.example.com/browser/app';
  const digest = digestOf('browser-app');
  const other = digestOf('browser-other');
  const ref = `${image}@${digest}`;
  const sig = (await bundleSignature(ts, digest)).bundle;
  const otherSig = (await bundleSignature(ts, other)).bundle;
  const key = await generateKeyPair('ecdsa-p256');
  const wrongKey = await generateKeyPair('ecdsa-p256');
  const signSlsa = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: digest.slice(7) } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  };
  const keySig = (await ts.signWithKey({ key, dsseStatement: signSlsa })).bundle;
  const provenance = (
    await bundleAttestation(ts, image, digest, SLSA_PROVENANCE, { buildDefinition: { buildType: BUILD_TYPE } })
  ).bundle;
  const keyAuthority = (pem: string) => `key:\n  data: |\n${indent(pem, 4)}\nctlog: { url: "${ts.rekor.baseUrl}" }`;
  const base = { ref, trustedRoot };
  const cases: ImageCase[] = [
    {
      id: 'bundle: keyless signature, exact identity',
      allowed: true,
      input: { ...base, policies: cip('keyless', '**', keyless()), bundles: [sig] },
    },
    {
      id: 'bundle: keyless signature, another identity required',
      allowed: false,
      input: { ...base, policies: cip('keyless', '**', keyless('release@example.com')), bundles: [sig] },
    },
    {
      id: 'bundle: a signature of another image',
      allowed: false,
      input: { ...base, policies: cip('keyless', '**', keyless()), bundles: [otherSig] },
    },
    {
      id: 'bundle: key-signed, the key in the policy',
      allowed: true,
      input: { ...base, policies: cip('key', '**', keyAuthority(key.publicKeyPEM)), bundles: [keySig] },
    },
    {
      id: 'bundle: key-signed, another key in the policy',
      allowed: false,
      input: { ...base, policies: cip('key', '**', keyAuthority(wrongKey.publicKeyPEM)), bundles: [keySig] },
    },
    {
      id: 'bundle: CUE attestation policy satisfied',
      allowed: true,
      input: { ...base, policies: cip('cue', '**', keyless(), cueAttestation(BUILD_TYPE)), bundles: [sig, provenance] },
    },
    {
      id: 'bundle: CUE attestation policy not satisfied',
      allowed: false,
      input: {
        ...base,
        policies: cip('cue', '**', keyless(), cueAttestation('https://example.com/other')),
        bundles: [sig, provenance],
      },
    },
  ];
  if (existsSync(join(OPA_VECTOR, 'bundle.tar.gz'))) {
    const source = readFileSync(join(OPA_VECTOR, 'policy.rego'), 'utf8');
    const rego = { source, bundle: readFileSync(join(OPA_VECTOR, 'bundle.tar.gz')).toString('base64') };
    const policies = cip('rego', '**', keyless(), regoAttestation(source));
    for (const [data, allowed] of [
      ['foobar e2e test', true],
      ['foobar other', false],
    ] as const) {
      const att = (
        await bundleAttestation(ts, image, digest, CUSTOM_PREDICATE, { Data: data, Timestamp: '2022-04-07T19:22:25Z' })
      ).bundle;
      cases.push({
        id: `bundle: Rego (OPA-built) attestation policy, Data "${data}"`,
        allowed,
        input: { ...base, policies, rego, bundles: [att] },
      });
    }
  }
  return cases;
}

function layoutFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    files[
      full
        .slice(dir.length + 1)
        .split(sep)
        .join('/')
    ] = readFileSync(full).toString('base64');
  }
  return files;
}

/** An OCI layout (as `oras copy --to-oci-layout` writes them) with a signed and attested image and an unsigned one. */
async function layoutCases(ts: TestSigstore, trustedRoot: string, dir: string): Promise<ImageCase[]> {
  const image = 'registry.example.com/browser/layout';
  const repo = parseRepositoryName(image);
  const w = new LayoutWriter(dir);
  const signed = await pushImage(w, repo, 'layout-signed', 'v1');
  const unsigned = await pushImage(w, repo, 'layout-unsigned', 'v2');
  await pushBundleReferrer(w, repo, signed, (await bundleSignature(ts, signed.digest)).bundle);
  await pushBundleReferrer(
    w,
    repo,
    signed,
    (await bundleAttestation(ts, image, signed.digest, SLSA_PROVENANCE, { buildDefinition: { buildType: BUILD_TYPE } }))
      .bundle,
  );
  const layout = { dir, files: layoutFiles(dir) };
  const policies = cip('layout', '**', keyless(), cueAttestation(BUILD_TYPE));
  return [
    {
      id: 'layout: signed and attested, by digest',
      allowed: true,
      input: { ref: `${image}@${signed.digest}`, policies, trustedRoot, layout },
    },
    {
      id: 'layout: a tag resolved in the layout',
      allowed: true,
      input: { ref: `${image}:v1`, policies, trustedRoot, layout },
    },
    {
      id: 'layout: unsigned image',
      allowed: false,
      input: { ref: `${image}@${unsigned.digest}`, policies, trustedRoot, layout },
    },
  ];
}

/** Images in a registry on loopback: a cosign legacy .sig and a bundle attestation (fallback tag). */
async function registryCases(ts: TestSigstore, trustedRoot: string, host: string): Promise<ImageCase[]> {
  const client = new RegistryClient();
  const image = `${host}/browser/registry`;
  const repo = parseRepositoryName(image);
  const signed: Pushed = await pushImage(client, repo, 'registry-signed', 'v1');
  const unsigned = await pushImage(client, repo, 'registry-unsigned', 'v2');
  await pushLegacy(client, repo, signed.digest, 'sig', [await legacySignatureLayer(ts, image, signed.digest)]);
  const att = (
    await bundleAttestation(ts, image, signed.digest, SLSA_PROVENANCE, { buildDefinition: { buildType: BUILD_TYPE } })
  ).bundle;
  await pushBundleReferrer(client, repo, signed, att, { fallbackTag: { existing: [] } });
  const policies = cip('registry', `${host}/**`, keyless(), cueAttestation(BUILD_TYPE));
  return [
    {
      id: 'registry: tag resolved, legacy .sig + bundle attestation',
      allowed: true,
      input: { ref: `${image}:v1`, policies, trustedRoot, registry: true },
    },
    {
      id: 'registry: unsigned image',
      allowed: false,
      input: { ref: `${image}@${unsigned.digest}`, policies, trustedRoot, registry: true },
    },
    {
      id: 'registry: a tag that does not exist',
      allowed: false,
      input: { ref: `${image}:missing`, policies, trustedRoot, registry: true },
    },
  ];
}

/** The cases; the OCI layout is written to `layoutDir` (the caller removes it). */
export async function imageCases(
  ts: TestSigstore,
  registryHost: string | undefined,
  layoutDir: string,
): Promise<ImageCase[]> {
  const trustedRoot = JSON.stringify(ts.trustedRoot());
  return [
    ...(await bundleCases(ts, trustedRoot)),
    ...(await layoutCases(ts, trustedRoot, layoutDir)),
    ...(registryHost ? await registryCases(ts, trustedRoot, registryHost) : []),
  ];
}
