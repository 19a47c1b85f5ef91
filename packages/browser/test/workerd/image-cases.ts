// verifyImage cases for the workerd test: policies as YAML text and evidence as bundle files from
// test-vectors/ (the private test instance), all in memory. Node decides each case as the reference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_VECTORS } from '../harness/tables.ts';

export interface ImageCase {
  id: string;
  ref: string;
  policies: string;
  bundles: string[];
  defaultTrustRoot: string;
  now: string;
  /** What Node decides (checked, so the cases keep both outcomes). */
  expectAllowed: boolean;
}

interface Vector {
  name: string;
  bundle: string;
  artifactDigest: string;
  identity?: { subject: string; issuer: string };
  key?: string;
  verifyAt: string;
}

const expected = JSON.parse(readFileSync(join(TEST_VECTORS, 'expected.json'), 'utf8'));
const vector = (name: string): Vector => expected.cases.find((c: Vector) => c.name === name);
const bundleOf = (name: string) => readFileSync(join(TEST_VECTORS, vector(name).bundle), 'utf8');
const trustedRoot = readFileSync(join(TEST_VECTORS, expected.trustedRoot), 'utf8');
const SLSA = 'https://slsa.dev/provenance/v1';

function policy(authority: string): string {
  return `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: edge }
spec:
  images: [{ glob: "registry.example/**" }]
  authorities:
    - name: main
${authority.replace(/^/gm, '      ')}
`;
}

const keyless = (identity: string) => `keyless:\n  identities: [${identity}]`;
const exact = (v: Vector) => `{ issuer: "${v.identity?.issuer}", subject: "${v.identity?.subject}" }`;

export function imageCases(): ImageCase[] {
  const gh = vector('keyless-github-workflow');
  const dsse = vector('keyless-dsse-subject-match');
  const keyed = vector('key-v0.3-message');
  const base = { defaultTrustRoot: trustedRoot, now: gh.verifyAt };
  const image = (v: Vector) => `registry.example/app@${v.artifactDigest}`;
  const keyPem = readFileSync(join(TEST_VECTORS, keyed.key ?? ''), 'utf8');
  return [
    {
      id: 'keyless, exact identity',
      ref: image(gh),
      policies: policy(keyless(exact(gh))),
      bundles: [bundleOf(gh.name)],
      expectAllowed: true,
    },
    {
      id: 'keyless, subjectRegExp (RE2 loaded on demand)',
      ref: image(gh),
      policies: policy(
        keyless(`{ issuer: "${gh.identity?.issuer}", subjectRegExp: '^https://github\\.com/sigguard/' }`),
      ),
      bundles: [bundleOf(gh.name)],
      expectAllowed: true,
    },
    {
      id: 'keyless, subjectRegExp naming another repository',
      ref: image(gh),
      policies: policy(keyless(`{ issuer: "${gh.identity?.issuer}", subjectRegExp: '^https://github\\.com/other/' }`)),
      bundles: [bundleOf(gh.name)],
      expectAllowed: false,
    },
    {
      id: 'keyless, signature for another digest',
      ref: `registry.example/app@sha256:${'0'.repeat(64)}`,
      policies: policy(keyless(exact(gh))),
      bundles: [bundleOf(gh.name)],
      expectAllowed: false,
    },
    {
      id: 'keyless, tampered signature',
      ref: image(vector('keyless-tampered-signature')),
      policies: policy(keyless(exact(vector('keyless-tampered-signature')))),
      bundles: [bundleOf('keyless-tampered-signature')],
      expectAllowed: false,
    },
    {
      id: 'key authority (ECDSA P-256 PEM in the policy)',
      ref: image(keyed),
      policies: policy(`key:\n  data: |\n${keyPem.trim().replace(/^/gm, '    ')}`),
      bundles: [bundleOf(keyed.name)],
      expectAllowed: true,
    },
    {
      id: 'keyless attestation, predicate type only',
      ref: image(dsse),
      policies: policy(`${keyless(exact(dsse))}\nattestations:\n  - { name: provenance, predicateType: "${SLSA}" }`),
      bundles: [bundleOf(dsse.name)],
      expectAllowed: true,
    },
    {
      id: 'keyless attestation of another predicate type',
      ref: image(dsse),
      policies: policy(
        `${keyless(exact(dsse))}\nattestations:\n  - { name: sbom, predicateType: https://spdx.dev/Document }`,
      ),
      bundles: [bundleOf(dsse.name)],
      expectAllowed: false,
    },
    { id: 'no evidence', ref: image(gh), policies: policy(keyless(exact(gh))), bundles: [], expectAllowed: false },
  ].map((c) => ({ ...base, ...c }));
}

/** A CUE attestation policy: Node admits it; workerd cannot run CUE (see workerd.test.ts). */
export function cueCase(): ImageCase {
  const dsse = vector('keyless-dsse-subject-match');
  const cue = 'predicate: runDetails: builder: id: "https://sigguard.test/builder"';
  return {
    id: 'keyless attestation, CUE policy',
    ref: `registry.example/app@${dsse.artifactDigest}`,
    policies: policy(
      `${keyless(exact(dsse))}\nattestations:\n  - name: provenance\n    predicateType: "${SLSA}"\n` +
        `    policy:\n      type: cue\n      data: |\n        ${cue}`,
    ),
    bundles: [bundleOf(dsse.name)],
    defaultTrustRoot: trustedRoot,
    now: dsse.verifyAt,
    expectAllowed: true,
  };
}
