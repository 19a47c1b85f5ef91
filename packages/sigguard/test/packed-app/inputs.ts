// The input of packed-app/scenario.mjs, from the committed test vectors (private test CA, log and TSA):
// every bundle case of test-vectors/expected.json, and verifyImage cases on in-memory evidence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const VECTORS = join(import.meta.dirname, '../../../../test-vectors');
const read = (path: string) => readFileSync(join(VECTORS, path));

interface VectorCase {
  name: string;
  bundle: string;
  artifact: string;
  artifactDigest: string;
  identity?: { subject: string; issuer: string };
  key?: string;
  verifyAt: string;
}

export interface ScenarioInput {
  trustedRoot: string;
  bundles: { name: string; bundle: string; artifact: string; identity?: object; key?: string; verifyAt: string }[];
  images: { name: string; ref: string; policies: string; bundles: string[]; verifyAt: string }[];
}

const policy = (authority: string, attestations = '') => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: app }
spec:
  images: [{ glob: "registry.example/**" }]
  authorities:
    - name: signer
${authority}${attestations}`;

const keyless = (identity: string) => `      keyless:
        identities: [${identity}]
`;

const key = (pem: string) => `      key:
        data: |
${pem
  .trim()
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
`;

const cue = (buildType: string) => `      attestations:
        - name: provenance
          predicateType: https://slsa.dev/provenance/v1
          policy:
            type: cue
            data: 'predicate: buildDefinition: buildType: "${buildType}"'
`;

export function scenarioInput(): ScenarioInput {
  const expected = JSON.parse(read('expected.json').toString('utf8')) as { trustedRoot: string; cases: VectorCase[] };
  const byName = new Map(expected.cases.map((c) => [c.name, c]));
  const vector = (name: string) => {
    const c = byName.get(name);
    if (!c) throw new Error(`test-vectors/expected.json has no case ${name}`);
    return c;
  };
  const message = vector('keyless-v0.3-message');
  const dsse = vector('keyless-dsse-subject-match');
  const keyed = vector('key-v0.3-message');
  const { issuer, subject } = message.identity!;
  const image = (name: string, c: VectorCase, policies: string, digest = c.artifactDigest) => ({
    name,
    ref: `registry.example/app@${digest}`,
    policies,
    bundles: [read(c.bundle).toString('utf8')],
    verifyAt: c.verifyAt,
  });
  return {
    trustedRoot: read(expected.trustedRoot).toString('utf8'),
    bundles: expected.cases.map((c) => ({
      name: c.name,
      bundle: read(c.bundle).toString('utf8'),
      artifact: read(c.artifact).toString('base64'),
      ...(c.identity ? { identity: c.identity } : {}),
      ...(c.key ? { key: read(c.key).toString('utf8') } : {}),
      verifyAt: c.verifyAt,
    })),
    images: [
      image('keyless, exact identity', message, policy(keyless(`{ issuer: "${issuer}", subject: "${subject}" }`))),
      image('keyless, regexp identity', message, policy(keyless(`{ issuer: "${issuer}", subjectRegExp: '^alice@' }`))),
      image('keyless, another signer', message, policy(keyless(`{ issuer: "${issuer}", subject: "bob@example.com" }`))),
      image(
        'keyless, another digest',
        message,
        policy(keyless(`{ issuer: "${issuer}", subject: "${subject}" }`)),
        `sha256:${'1'.repeat(64)}`,
      ),
      image('key authority', keyed, policy(key(read(keyed.key!).toString('utf8')))),
      image('key authority, another key', message, policy(key(read(keyed.key!).toString('utf8')))),
      image(
        'CUE attestation, satisfied',
        dsse,
        policy(keyless(`{ issuer: "${issuer}", subject: "${subject}" }`), cue('https://sigguard.test/build/v1')),
      ),
      image(
        'CUE attestation, violated',
        dsse,
        policy(keyless(`{ issuer: "${issuer}", subject: "${subject}" }`), cue('https://other.example/build')),
      ),
    ],
  };
}
