import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluatePolicies } from './evaluate.ts';
import { parsePolicyDocuments } from './parse.ts';
import type { Decision, DecisionNode } from './decision.ts';
import { ScriptedVerifier, attestation, failedSignature, verifiedSignature } from './testdata/scripted-verifier.ts';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const APP = `ghcr.io/acme/app@${DIGEST}`;
const own = parsePolicyDocuments(readFileSync(new URL('./testdata/policies.yaml', import.meta.url), 'utf8')).policies;
const byName = (name: string) => own.filter((p) => p.name === name);

const cip = (body: string, name = 'p') =>
  parsePolicyDocuments(
    `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: ${name}\n${body}`,
    {
      failOnEmptyAuthorities: false,
    },
  ).policies;

function find(n: DecisionNode | Decision, path: string[]): DecisionNode {
  let children = 'policies' in n ? n.policies : n.children;
  let found: DecisionNode | undefined;
  for (const name of path) {
    found = children.find((c) => c.name === name);
    assert.ok(found, `no node ${name} in ${children.map((c) => c.name).join(', ')}`);
    children = found.children;
  }
  return found!;
}

test('OR within a policy: one passing authority suffices, the failing one stays visible', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['release-key'] = []; // unsigned with the key
  v.signatureScript['ci'] = [
    verifiedSignature(
      'sig-1',
      'https://github.com/acme/app/.github/workflows/ci.yaml@refs/heads/main',
      'https://token.actions.githubusercontent.com',
    ),
  ];
  const d = await evaluatePolicies(APP, byName('acme-signed'), v);
  assert.equal(d.allowed, true, d.summary);
  assert.deepEqual(d.matchedPolicies, ['acme-signed']);
  assert.equal(find(d, ['acme-signed']).status, 'pass');
  const key = find(d, ['acme-signed', 'release-key']);
  assert.equal(key.status, 'fail');
  assert.equal(key.code, 'NO_SIGNATURES');
  assert.match(
    key.reason,
    /signature key validation failed for authority release-key for ghcr\.io\/acme\/app@sha256:ab.*: no signatures found/,
  );
  assert.equal(find(d, ['acme-signed', 'ci', 'sig-1', 'identity']).status, 'pass');
  assert.deepEqual(v.calls.sort(), [
    `signatures ci ghcr.io/acme/app@${DIGEST}`,
    `signatures release-key ghcr.io/acme/app@${DIGEST}`,
  ]);
  assert.match(d.summary, /^allowed: ghcr\.io\/acme\/app@sha256:(ab)+ satisfies 1 policy \(acme-signed\)$/);
});

test('every authority failing denies, with each failure reason and the failed check codes', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['release-key'] = [
    failedSignature('sig-k', 'signature', 'signature does not verify with the key', 'SIGNATURE'),
  ];
  v.signatureScript['ci'] = [
    failedSignature(
      'sig-c',
      'identity',
      'none of the expected identities matched what was in the certificate',
      'IDENTITY',
    ),
  ];
  const d = await evaluatePolicies(APP, byName('acme-signed'), v);
  assert.equal(d.allowed, false);
  const policy = find(d, ['acme-signed']);
  assert.equal(policy.code, 'NO_AUTHORITY_PASSED');
  assert.match(
    policy.reason,
    /release-key: .*no matching signatures: signature: signature does not verify with the key/,
  );
  assert.match(policy.reason, /ci: .*none of the expected identities matched/);
  assert.equal(find(d, ['acme-signed', 'ci', 'sig-c']).code, 'IDENTITY');
  assert.match(d.summary, /^denied: .*failed policy acme-signed: no authority passed/);
});

test('AND across policies: a second matching policy that fails denies', async () => {
  const policies = [
    ...cip('spec:\n  images: [{glob: "ghcr.io/**"}]\n  authorities: [{static: {action: pass}}]\n', 'static-pass'),
    ...cip('spec:\n  images: [{glob: "ghcr.io/acme/**"}]\n  authorities: [{static: {action: fail}}]\n', 'static-fail'),
    ...cip('spec:\n  images: [{glob: "docker.io/**"}]\n  authorities: [{static: {action: fail}}]\n', 'not-matching'),
  ];
  const d = await evaluatePolicies(APP, policies, new ScriptedVerifier());
  assert.equal(d.allowed, false);
  assert.deepEqual(d.matchedPolicies, ['static-pass', 'static-fail']);
  assert.equal(find(d, ['static-pass']).status, 'pass');
  assert.equal(find(d, ['static-fail', 'authority-0']).reason, 'disallowed by static policy');
  assert.match(d.summary, /failed policy static-fail: no authority passed: authority-0: disallowed by static policy/);
  // Without the failing one the image is allowed.
  assert.equal((await evaluatePolicies(APP, [policies[0]!], new ScriptedVerifier())).allowed, true);
});

test('static fail carries its custom message; static is never sent to the verifier', async () => {
  const v = new ScriptedVerifier();
  const d = await evaluatePolicies('nginx', byName('block-latest'), v);
  assert.equal(d.allowed, false);
  assert.equal(find(d, ['block-latest', 'authority-0']).reason, 'Docker Hub official images are not allowed here');
  assert.equal(find(d, ['block-latest', 'authority-0']).code, 'STATIC_FAIL');
  assert.deepEqual(v.calls, []);
  assert.equal(d.image.name, 'index.docker.io/library/nginx:latest');
});

test('warn mode: a failing warn policy admits with a warning, but never downgrades an enforce failure', async () => {
  const warn = cip(
    'spec:\n  mode: warn\n  images: [{glob: "**"}]\n' +
      '  authorities: [{static: {action: fail, message: not yet signed}}]\n',
    'soft',
  );
  const enforce = cip('spec:\n  images: [{glob: "**"}]\n  authorities: [{static: {action: fail}}]\n', 'hard');
  const soft = await evaluatePolicies(APP, warn, new ScriptedVerifier());
  assert.equal(soft.allowed, true);
  assert.equal(find(soft, ['soft']).status, 'warn');
  assert.deepEqual(soft.warnings, ['failed policy: soft: no authority passed: authority-0: not yet signed']);
  assert.match(soft.summary, /^allowed with warnings:/);
  // policy-controller re-levels all errors gathered so far to warnings when it adds a warning, so an enforce
  // failure seen before the warn one could admit the image (map order decides); sigguard denies either way.
  for (const order of [
    [...warn, ...enforce],
    [...enforce, ...warn],
  ]) {
    const both = await evaluatePolicies(APP, order, new ScriptedVerifier());
    assert.equal(both.allowed, false);
    assert.equal(find(both, ['hard']).status, 'fail');
    assert.equal(both.warnings.length, 1);
  }
});

test('a policy without authorities denies (policy-controller admits it by accident)', async () => {
  const empty = cip('spec:\n  images: [{glob: "**"}]\n', 'empty');
  const d = await evaluatePolicies(APP, empty, new ScriptedVerifier());
  assert.equal(d.allowed, false);
  assert.equal(find(d, ['empty']).code, 'NO_AUTHORITIES');
  assert.match(d.summary, /failed to process policy: empty/);
});

test('no matching policy: deny by default, warn, or allow', async () => {
  const policies = byName('acme-signed');
  const deny = await evaluatePolicies('quay.io/other/thing:v1', policies, new ScriptedVerifier());
  assert.equal(deny.allowed, false);
  assert.equal(deny.summary, 'denied: no matching policies: quay.io/other/thing:v1');
  assert.deepEqual(deny.matchedPolicies, []);
  const warn = await evaluatePolicies('quay.io/other/thing:v1', policies, new ScriptedVerifier(), {
    noMatchPolicy: 'warn',
  });
  assert.equal(warn.allowed, true);
  assert.deepEqual(warn.warnings, ['no matching policies: quay.io/other/thing:v1']);
  const allow = await evaluatePolicies('quay.io/other/thing:v1', policies, new ScriptedVerifier(), {
    noMatchPolicy: 'allow',
  });
  assert.equal(allow.allowed, true);
  assert.deepEqual(allow.warnings, []);
});

test('errors fail closed: verifier exceptions, bad image references', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['release-key'] = new Error('registry said 500');
  v.signatureScript['ci'] = Object.assign(new Error('trust root my-trust-root not found'), { code: 'TRUST_ROOT' });
  const d = await evaluatePolicies(APP, byName('acme-signed'), v);
  assert.equal(d.allowed, false);
  assert.match(
    find(d, ['acme-signed', 'release-key']).reason,
    /failed to process authority: release-key: registry said 500/,
  );
  assert.equal(find(d, ['acme-signed', 'ci']).code, 'TRUST_ROOT');

  const bad = await evaluatePolicies('ghcr.io/acme/App:latest', byName('acme-signed'), v);
  assert.equal(bad.allowed, false);
  assert.match(bad.summary, /^denied: could not parse reference: ghcr\.io\/acme\/App:latest/);
});

test('inconsistent or malformed verifier output never allows; hand-built broken policies deny', async () => {
  const v = new ScriptedVerifier();
  const liar = {
    ...verifiedSignature('sig-x'),
    checks: [{ name: 'tlog', status: 'fail' as const, reason: 'entry not found', code: 'TLOG' }],
  };
  v.signatureScript['ci'] = [liar, { id: 'no-checks', ok: true } as never];
  let d = await evaluatePolicies(APP, byName('acme-signed'), v);
  assert.equal(d.allowed, false);
  assert.equal(find(d, ['acme-signed', 'ci', 'sig-x']).code, 'TLOG');
  assert.equal(find(d, ['acme-signed', 'ci', 'no-checks']).reason, 'verifier returned ok without checks');

  v.signatureScript['release-key'] = new Error('first line\n  second line');
  d = await evaluatePolicies(APP, byName('acme-signed'), v);
  assert.match(find(d, ['acme-signed', 'release-key']).reason, /first line; second line$/);
  assert.ok(!d.summary.includes('\n'));

  const broken = { signatures: async () => 'yes' as never, attestations: async () => [] };
  d = await evaluatePolicies(APP, byName('acme-signed'), broken);
  assert.equal(d.allowed, false);
  assert.match(find(d, ['acme-signed', 'ci']).reason, /returned string instead of a list of signatures/);

  const handBuilt = [
    { name: 'broken', images: [{ glob: 'ghcr.io/[' }], authorities: [], mode: 'enforce', match: [] },
  ] as never;
  d = await evaluatePolicies(APP, handBuilt, v, { noMatchPolicy: 'allow' });
  assert.equal(d.allowed, false);
  assert.equal(d.policies[0]!.code, 'POLICY_UNUSABLE');
});

test('a verifier that never answers fails its authority after verifierTimeoutMs', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['ci'] = [verifiedSignature('sig-1', 's', 'i')];
  const hanging = {
    ...v,
    signatures: (image: never, authority: { name: string }) =>
      authority.name === 'release-key' ? new Promise<never>(() => {}) : v.signatures(image, authority as never),
    attestations: v.attestations.bind(v),
  };
  const d = await evaluatePolicies(APP, byName('acme-signed'), hanging, { verifierTimeoutMs: 50 });
  assert.equal(d.allowed, true); // ci passed; the hung authority is a failure, not a hang
  assert.equal(find(d, ['acme-signed', 'release-key']).code, 'TIMEOUT');
  assert.match(
    find(d, ['acme-signed', 'release-key']).reason,
    /verifier\.signatures\(\) for authority release-key did not finish within 50 ms/,
  );
});

test('attestations: listed requirements are ANDed; presence suffices without a policy', async () => {
  const policy = cip(`spec:
  images: [{glob: "ghcr.io/acme/**"}]
  authorities:
  - name: att
    keyless:
      identities: [{issuer: https://token.actions.githubusercontent.com, subjectRegExp: ^https://github.com/acme/}]
    attestations:
    - {name: provenance, predicateType: slsaprovenance1}
    - {name: sbom, predicateType: https://spdx.dev/Document}
`);
  const v = new ScriptedVerifier();
  v.attestationScript['att'] = [attestation('prov-1', 'https://slsa.dev/provenance/v1', { buildDefinition: {} })];
  let d = await evaluatePolicies(APP, policy, v);
  assert.equal(d.allowed, false);
  const sbom = find(d, ['p', 'att', 'sbom']);
  assert.equal(sbom.code, 'NO_MATCHING_ATTESTATIONS');
  assert.equal(
    sbom.reason,
    'no matching attestations with type https://spdx.dev/Document, checked the following predicateTypes: "https://slsa.dev/provenance/v1"',
  );
  assert.equal(find(d, ['p', 'att', 'provenance']).status, 'pass');
  assert.deepEqual(v.calls, [`attestations att ghcr.io/acme/app@${DIGEST}`]); // attestations, not signatures

  // An unverified SBOM attestation does not count.
  v.attestationScript['att'] = [
    ...(v.attestationScript['att'] as []),
    attestation('sbom-bad', 'https://spdx.dev/Document', {}, false),
  ];
  d = await evaluatePolicies(APP, policy, v);
  assert.equal(d.allowed, false);
  assert.equal(find(d, ['p', 'att', 'sbom-bad']).status, 'fail');

  v.attestationScript['att'] = [
    ...(v.attestationScript['att'] as []),
    attestation('sbom-1', 'https://spdx.dev/Document', { spdxVersion: 'SPDX-2.3' }),
  ];
  d = await evaluatePolicies(APP, policy, v);
  assert.equal(d.allowed, true, d.summary);
  assert.equal(find(d, ['p', 'att', 'sbom', 'sbom-1']).status, 'pass');
});

test('attestations: none verified at all is policy-controller\'s "no matching attestations"', async () => {
  const v = new ScriptedVerifier();
  v.attestationScript['authority-0'] = [];
  const d = await evaluatePolicies(APP, byName('acme-attested'), v, {
    resource: { kind: 'Pod', apiVersion: 'v1', spec: { serviceAccountName: 'acme' } },
  });
  assert.equal(d.allowed, true); // mode: warn
  assert.equal(find(d, ['acme-attested']).status, 'warn');
  assert.match(
    d.warnings[0]!,
    /no matching attestations for authority authority-0 for ghcr\.io\/acme\/app@sha256:(ab)+/,
  );
});

test('attestation CUE policies (real @sigguard/predicate engine): any passing attestation of the type satisfies it', async () => {
  const v = new ScriptedVerifier();
  const prov = attestation('prov-1', 'https://slsa.dev/provenance/v1', {});
  const dirty = attestation('vuln-dirty', 'https://cosign.sigstore.dev/attestation/vuln/v1', {
    scanner: { uri: 'x', result: 'dirty' },
  });
  const clean = attestation('vuln-clean', 'https://cosign.sigstore.dev/attestation/vuln/v1', {
    scanner: { uri: 'x', result: 'clean' },
  });
  const resource = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'app' },
    spec: { serviceAccountName: 'acme' },
  };

  v.attestationScript['authority-0'] = [prov, dirty];
  let d = await evaluatePolicies(APP, byName('acme-attested'), v, { resource });
  const scanned = find(d, ['acme-attested', 'authority-0', 'scanned']);
  assert.equal(scanned.status, 'fail');
  assert.match(
    find(scanned, ['vuln-dirty']).reason,
    /conflicting values "clean" and "dirty"|conflicting values "dirty" and "clean"/,
  );
  // policy-controller names the attestation (not its type) in engine messages.
  assert.match(find(scanned, ['vuln-dirty']).reason, /^failed evaluating cue policy for scanned: /);
  assert.equal(d.policies[0]!.status, 'warn');

  v.attestationScript['authority-0'] = [prov, dirty, clean];
  d = await evaluatePolicies(APP, byName('acme-attested'), v, { resource });
  assert.equal(find(d, ['acme-attested', 'authority-0', 'scanned']).status, 'pass');
  assert.equal(find(d, ['acme-attested', 'spec.policy']).status, 'pass');
  assert.equal(d.policies[0]!.status, 'pass');
  assert.deepEqual(d.warnings, []);

  // includeSpec over the caller's resource: a different service account fails the CIP-level policy.
  d = await evaluatePolicies(APP, byName('acme-attested'), v, {
    resource: { ...resource, spec: { serviceAccountName: 'default' } },
  });
  assert.match(find(d, ['acme-attested', 'spec.policy']).reason, /spec\.serviceAccountName: conflicting values/);
  // ... and without any resource it fails closed instead of passing by CUE unification.
  d = await evaluatePolicies(APP, byName('acme-attested'), v);
  assert.equal(find(d, ['acme-attested', 'spec.policy']).code, 'RESOURCE_MISSING');
});

test('spec.policy sees authorityMatches shaped as policy-controller builds them', async () => {
  const policy = cip(`spec:
  images: [{glob: "**"}]
  authorities:
  - name: keyed
    key: {kms: "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k"}
  - name: ci
    keyless:
      identities: [{issuer: https://token.actions.githubusercontent.com, subjectRegExp: acme}]
  - name: always
    static: {action: pass}
  policy:
    type: cue
    data: |
      import "list"
      authorityMatches: {
        keyed: signatures: list.MinItems(2)
        ci: signatures: [...{issuer: "https://token.actions.githubusercontent.com"}]
        always: static: true
      }
`);
  const v = new ScriptedVerifier();
  v.signatureScript['keyed'] = [
    verifiedSignature('k1'),
    verifiedSignature('k2'),
    failedSignature('k3', 'signature', 'bad', 'SIGNATURE'),
  ];
  v.signatureScript['ci'] = [
    verifiedSignature('c1', 'https://github.com/acme/x', 'https://token.actions.githubusercontent.com'),
  ];
  let seen: unknown;
  const d = await evaluatePolicies(APP, policy, v, {
    predicateRunner: {
      attestation: async () => ({ ok: false, reason: 'unused' }),
      document: async (_ref, input) => {
        seen = input;
        return { ok: true, reason: 'ok' };
      },
    },
  });
  assert.equal(d.allowed, true, d.summary);
  assert.deepEqual(seen, {
    authorityMatches: {
      keyed: { signatures: [{ id: 'k1' }, { id: 'k2' }] },
      ci: {
        signatures: [
          { id: 'c1', subject: 'https://github.com/acme/x', issuer: 'https://token.actions.githubusercontent.com' },
        ],
      },
      always: { static: true },
    },
  });
  // The same policy through the real CUE engine: one keyed signature is too few.
  v.signatureScript['keyed'] = [verifiedSignature('k1')];
  const real = await evaluatePolicies(APP, policy, v);
  assert.equal(real.allowed, false);
  assert.match(
    find(real, ['p', 'spec.policy']).reason,
    /failed evaluating cue policy for ClusterImagePolicy.*authorityMatches\.keyed\.signatures/,
  );
});

test('fetchConfigFile feeds image configs to spec.policy; a verifier without configs fails closed', async () => {
  const policy = cip(`spec:
  images: [{glob: "**"}]
  authorities: [{static: {action: pass}}]
  policy:
    type: cue
    fetchConfigFile: true
    data: |
      config: "linux/amd64": config: User: "65532"
`);
  const v = new ScriptedVerifier();
  v.configs = { 'linux/amd64': { config: { User: '0' } } };
  let d = await evaluatePolicies(APP, policy, v);
  assert.match(find(d, ['p', 'spec.policy']).reason, /config\."linux\/amd64"\.config\.User: conflicting values/);
  v.configs = { 'linux/amd64': { config: { User: '65532' } } };
  d = await evaluatePolicies(APP, policy, v);
  assert.equal(d.allowed, true, d.summary);
  const noConfigs = { signatures: v.signatures.bind(v), attestations: v.attestations.bind(v) };
  d = await evaluatePolicies(APP, policy, noConfigs);
  assert.equal(find(d, ['p', 'spec.policy']).code, 'CONFIG_UNAVAILABLE');
});

test('N-of-M extension: sigguard.dev/required-authorities needs that many distinct authorities', async () => {
  const policies = byName('two-of-three');
  const image = `registry.example.com:5000/critical/db@${DIGEST}`;
  const deployment = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { labels: { tier: 'critical' } } };
  const v = new ScriptedVerifier();
  v.signatureScript['alice'] = [verifiedSignature('a1', 'alice@example.com', 'https://idp.example.com')];
  let d = await evaluatePolicies(image, policies, v, { resource: deployment });
  assert.equal(d.allowed, false);
  assert.equal(find(d, ['two-of-three']).code, 'TOO_FEW_AUTHORITIES');
  assert.match(find(d, ['two-of-three']).reason, /^1 of the 2 required authorities passed/);

  v.signatureScript['carol'] = [verifiedSignature('c1', 'carol@example.com', 'https://idp.example.com')];
  d = await evaluatePolicies(image, policies, v, { resource: deployment });
  assert.equal(d.allowed, true, d.summary);
  assert.match(find(d, ['two-of-three']).reason, /2 authorities passed \(alice, carol; 2 required\)/);

  // The match selector: a non-critical Deployment is not covered (and no-match denies).
  d = await evaluatePolicies(image, policies, v, {
    resource: { ...deployment, metadata: { labels: { tier: 'web' } } },
  });
  assert.deepEqual(d.matchedPolicies, []);
  assert.equal(d.allowed, false);
});

test("bundle signature format: policy-controller's authority restrictions apply", async () => {
  const policy = cip(`spec:
  images: [{glob: "**"}]
  authorities:
  - signatureFormat: bundle
    key: {kms: "hashivault://k"}
`);
  const d = await evaluatePolicies(APP, policy, new ScriptedVerifier());
  assert.equal(find(d, ['p', 'authority-0']).reason, 'when using the new bundle format, the authority must be keyless');
});

test('decisions are plain JSON and round-trip', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['ci'] = [verifiedSignature('sig-1', 's', 'i')];
  const d = await evaluatePolicies(APP, byName('acme-signed'), v);
  assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
  assert.deepEqual(Object.keys(d).sort(), ['allowed', 'image', 'matchedPolicies', 'policies', 'summary', 'warnings']);
  assert.deepEqual(d.image, { input: APP, name: APP, digest: DIGEST });
});
