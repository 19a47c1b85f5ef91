// CUE policies through cue-wasm, against policy-controller's recorded outcomes (../shared) and
// the package's own cases (always run).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse as parseYAML } from 'yaml';
import { evaluateAttestationPolicy } from '../evaluate-attestation.ts';
import { evaluatePredicatePolicy } from '../evaluate.ts';
import { SHARED_PC, SKIP_NO_SHARED, envelopeOf, sharedJSON, sharedText } from '../testdata/shared-vectors.ts';

interface EvalVector {
  name: string;
  policyType: 'cue' | 'rego';
  policy: string;
  inputJSON: unknown;
  wantErr: boolean;
  wantErrSubstring: string | null;
}

const cue = (data: string) => ({ type: 'cue' as const, data });

test('cosign v3.0.5 TestEvalPolicy CUE vectors give the recorded outcomes and messages', {
  skip: SKIP_NO_SHARED,
}, async () => {
  const { vectors } = sharedJSON<{ vectors: EvalVector[] }>('_extracted/policy_eval_vectors_cosign_v3.0.5.json');
  const cueVectors = vectors.filter((v) => v.policyType === 'cue');
  assert.equal(cueVectors.length, 7);
  for (const v of cueVectors) {
    const r = await evaluatePredicatePolicy(cue(v.policy), v.inputJSON, { name: v.name });
    assert.equal(r.ok, !v.wantErr, `${v.name}: ${r.reason}`);
    if (v.wantErrSubstring) assert.ok(r.reason.includes(v.wantErrSubstring), `${v.name}: got ${r.reason}`);
    assert.equal(r.engine, 'cue');
  }
});

const VULN_STATEMENT = () => ({
  _type: 'https://in-toto.io/Statement/v0.1',
  predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  subject: [{ name: 'registry.local:5000/policy-controller/demo', digest: { sha256: '41'.repeat(32) } }],
  predicate: JSON.parse(sharedText('test/testdata/attestations/vuln-predicate.json')) as unknown,
});

test('test/testdata/policies/*.cue give their documented outcomes on the attestations', {
  skip: SKIP_NO_SHARED,
}, async () => {
  const policy = (f: string) => cue(sharedText(`test/testdata/policies/${f}`));
  const custom = sharedText('_from_cosign@v3.0.5/pkg/policy/testdata/valid/custom');
  const vuln = envelopeOf(VULN_STATEMENT());

  const works = await evaluateAttestationPolicy(policy('cue-works.cue'), custom, 'custom');
  assert.equal(works.ok, true, works.reason);
  const fails = await evaluateAttestationPolicy(policy('cue-fails.cue'), custom, 'custom');
  assert.equal(fails.ok, false);
  assert.match(
    fails.reason,
    /predicateType: conflicting values "https:\/\/cosign.sigstore.dev\/attestation\/v1" and "cosignnotreally/,
  );

  const vulnWorks = await evaluateAttestationPolicy(policy('cue-vuln-works.cue'), vuln, 'vuln');
  assert.equal(vulnWorks.ok, true, vulnWorks.reason);
  const vulnFails = await evaluateAttestationPolicy(policy('cue-vuln-fails.cue'), vuln, 'vuln');
  assert.equal(vulnFails.ok, false);
  // The first of its errors (wrong invocation uri, wrong scanner uri, scan after `before`).
  assert.match(
    vulnFails.reason,
    /failed to evaluate the policy with error: predicate\.invocation\.uri: conflicting values "invocation\.example\.com\/cosign-testing" and "invocation\.example\.com\/cosign-testing-invalid"/,
  );

  // CIP-level config policy (User 65530) against an image config with User 65532: denied.
  const config = (user: string) => ({
    config: { 'linux/amd64': { architecture: 'amd64', os: 'linux', config: { User: user } } },
  });
  const denied = await evaluatePredicatePolicy(policy('cue-policy-config.cue'), config('65532'), {
    name: 'ClusterImagePolicy',
  });
  assert.equal(denied.ok, false);
  assert.match(
    denied.reason,
    /^failed evaluating cue policy for ClusterImagePolicy: failed to evaluate the policy with error: config\."linux\/amd64"\.config\.User: conflicting values "65532" and "65530"/,
  );
  const admitted = await evaluatePredicatePolicy(policy('cue-policy-config.cue'), config('65530'), {
    name: 'ClusterImagePolicy',
  });
  assert.equal(admitted.ok, true, admitted.reason);
});

function e2ePolicy(file: string, path: (cip: any) => { type: string; data: string }): { type: 'cue'; data: string } {
  const cip = parseYAML(readFileSync(`${SHARED_PC}test/testdata/policy-controller/e2e/${file}`, 'utf8'));
  const p = path(cip);
  assert.equal(p.type, 'cue');
  return cue(p.data);
}

test('e2e CIP-level CUE policies: spec, metadata, typemeta, config, authorityMatches', {
  skip: SKIP_NO_SHARED,
}, async () => {
  const level = (file: string) => e2ePolicy(file, (c) => c.spec.policy);
  const run = (file: string, input: unknown) =>
    evaluatePredicatePolicy(level(file), input, { name: 'ClusterImagePolicy' });

  assert.equal((await run('cip-include-spec.yaml', { spec: { serviceAccount: 'default' } })).ok, true);
  const spec = await run('cip-include-spec-fails.yaml', { spec: { serviceAccount: 'default' } });
  assert.match(
    spec.reason,
    /failed to evaluate the policy with error: spec\.serviceAccount: conflicting values "default" and "non-default"/,
  );

  const meta = await run('cip-include-objectmeta-fails.yaml', { metadata: { labels: { foo: 'bar' } } });
  assert.match(meta.reason, /metadata\.labels\.foo: conflicting values "bar" and "non-bar"/);

  // typemeta is absent for bare Pods: unification supplies it and the policy passes.
  assert.equal((await run('cip-include-typemeta.yaml', {})).ok, true);
  const job = await run('cip-include-typemeta.yaml', { typemeta: { kind: 'Job', apiVersion: 'batch/v1' } });
  assert.match(job.reason, /typemeta\.kind: conflicting values "Job" and "Pod"/);

  const cfg = await run('cip-config-file-policy-fails.yaml', {
    config: { 'linux/amd64': { config: { User: '65532' } } },
  });
  assert.match(
    cfg.reason,
    /failed to evaluate the policy with error: config\."linux\/amd64"\.config\.User: conflicting values/,
  );

  const sig = {
    subject: 'https://kubernetes.io/namespaces/default/serviceaccounts/default',
    issuer: 'https://kubernetes.default.svc',
  };
  const matches = (keylessAtts: Record<string, unknown[]>) => ({
    authorityMatches: {
      keylessatt: { attestations: keylessAtts },
      keyatt: { attestations: { 'custom-match-predicate': [{ id: 'x' }] } },
      keylesssignature: { signatures: [sig] },
      keysignature: { signatures: [{ id: 'y' }] },
    },
  });
  const one = await run('cip-requires-two-signatures-and-two-attestations.yaml', matches({ custom: [sig] }));
  assert.match(one.reason, /failed to evaluate the policy with error: authorityMatches\.keylessattMinAttestations/);
  const two = await run(
    'cip-requires-two-signatures-and-two-attestations.yaml',
    matches({ custom: [sig], vulnkeyless: [sig] }),
  );
  assert.equal(two.ok, true, two.reason);
});

test('e2e attestation CUE policy: custom predicate Data must match', { skip: SKIP_NO_SHARED }, async () => {
  const policy = e2ePolicy('cip-keyless-with-attestations.yaml', (c) => c.spec.authorities[0].attestations[0].policy);
  const statement = (data: string) => ({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://cosign.sigstore.dev/attestation/v1',
    subject: [{ name: 'registry.local:5000/demo', digest: { sha256: '00'.repeat(32) } }],
    predicate: { Data: data, Timestamp: '2022-04-20T18:17:19Z' },
  });
  assert.equal((await evaluateAttestationPolicy(policy, envelopeOf(statement('foobar e2e test')), 'custom')).ok, true);
  const bad = await evaluateAttestationPolicy(policy, envelopeOf(statement('other')), 'custom');
  assert.match(bad.reason, /predicate\.Data: conflicting values "other" and "foobar e2e test"/);
});

// ---- the package's own cases: a fresh clone without ../shared still tests CUE ----

const SLSA = {
  _type: 'https://in-toto.io/Statement/v1',
  predicateType: 'https://slsa.dev/provenance/v1',
  subject: [{ name: 'ghcr.io/example/app', digest: { sha256: 'c0'.repeat(32) } }],
  predicate: {
    buildDefinition: {
      buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      externalParameters: { workflow: { ref: 'refs/heads/main', repository: 'https://github.com/example/app' } },
    },
    runDetails: {
      builder: { id: 'https://github.com/actions/runner/github-hosted' },
      metadata: { startedOn: '2025-06-01T10:00:00Z' },
    },
  },
};

test('a field the policy declares but the data lacks is not an error; a conflict is', async () => {
  const policy = cue(`
package sigstore
import "strings"
predicateType: "https://slsa.dev/provenance/v1"
predicate: {
  buildDefinition: externalParameters: workflow: ref: "refs/heads/main"
  buildDefinition: externalParameters: workflow: repository: strings.HasPrefix("https://github.com/example/")
  runDetails: builder: id: =~"^https://github.com/actions/"
  // declared, absent from the data: incomplete, so ignored (as with cosign's Validate()).
  runDetails: metadata: invocationId: string
  runDetails: byproducts: [...{name: string}]
}`);
  const pass = await evaluateAttestationPolicy(policy, envelopeOf(SLSA), 'slsaprovenance1');
  assert.equal(pass.ok, true, pass.reason);
  assert.deepEqual(pass.errors, []);

  const other = structuredClone(SLSA);
  other.predicate.buildDefinition.externalParameters.workflow.ref = 'refs/heads/feature';
  const fail = await evaluateAttestationPolicy(policy, envelopeOf(other), 'slsaprovenance1');
  assert.equal(fail.ok, false);
  assert.equal(fail.code, undefined, 'a policy that says no is a verdict, not an error');
  assert.equal(
    fail.reason,
    'failed evaluating cue policy for slsaprovenance1: failed to evaluate the policy with error: ' +
      'predicate.buildDefinition.externalParameters.workflow.ref: conflicting values "refs/heads/feature" and "refs/heads/main"',
  );
});

test('references to absent data are incomplete, not errors; present data is checked', async () => {
  const policy = cue(`
import "list"
authorityMatches: {
  if len(authorityMatches.keyless.signatures) < 2 { needTwo: 2, needTwo: "Error" }
  keyed: signatures: list.MinItems(1)
}`);
  assert.equal((await evaluatePredicatePolicy(policy, {})).ok, true);
  const one = await evaluatePredicatePolicy(policy, { authorityMatches: { keyless: { signatures: [{}] } } });
  assert.match(
    one.reason,
    /authorityMatches\.needTwo: conflicting values 2 and "Error" \(mismatched types int and string\)/,
  );
  const none = await evaluatePredicatePolicy(policy, {
    authorityMatches: { keyless: { signatures: [{}, {}] }, keyed: { signatures: [] } },
  });
  assert.match(
    none.reason,
    /authorityMatches\.keyed\.signatures: invalid value \[\] \(does not satisfy list\.MinItems\(1\)\)/,
  );
});

test('time bounds, regexps, closed definitions and type mismatches fail with CUE reasons', async () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'import "time"\nbefore: time.Parse(time.RFC3339, "2020-01-01T00:00:00Z")\nts: <before',
      { ts: '2025-06-01T10:00:00Z' },
      /ts: invalid value "2025-06-01T10:00:00Z" \(out of bound <"2020-01-01T00:00:00Z"\)/,
    ],
    [
      'subject: [...{name: =~"^ghcr.io/example/"}]',
      { subject: [{ name: 'ghcr.io/example/a' }, { name: 'docker.io/x' }] },
      /subject\.1\.name: invalid value "docker.io\/x" \(out of bound =~"\^ghcr.io\/example\/"\)/,
    ],
    [
      '#Pred: {Data: string}\npredicate: #Pred',
      { predicate: { Data: 'x', Other: 1 } },
      /predicate\.Other: field not allowed|predicate: field not allowed: Other/,
    ],
    ['count: int & >2', { count: 1 }, /count: invalid value 1 \(out of bound >2\)/],
    [
      'count: int',
      { count: 'three' },
      /count: conflicting values (int and "three"|"three" and int) \(mismatched types (int and string|string and int)\)/,
    ],
  ];
  for (const [src, input, want] of cases) {
    const r = await evaluatePredicatePolicy(cue(src), input);
    assert.equal(r.ok, false, src);
    assert.match(r.reason, want);
  }
});

test("a policy that does not compile is a PREDICATE_POLICY_INVALID error with CUE's message", async () => {
  const r = await evaluatePredicatePolicy(cue('{"wontgo'), {}, { name: 'ClusterImagePolicy' });
  assert.equal(r.ok, false);
  assert.equal(r.code, 'PREDICATE_POLICY_INVALID');
  assert.match(
    r.reason,
    /^failed evaluating cue policy for ClusterImagePolicy: failed to compile the cue policy with error: string literal not terminated/,
  );
  const undefinedRef = await evaluatePredicatePolicy(cue('a: nosuchfield.x'), { nosuchfield: { x: 1 } });
  assert.equal(
    undefinedRef.code,
    'PREDICATE_POLICY_INVALID',
    'references resolve in the policy alone first, as in cosign',
  );
  assert.match(undefinedRef.reason, /reference "nosuchfield" not found/);
});

test('a policy cannot escape its wrapper or see the wrapper field', async () => {
  const r = await evaluatePredicatePolicy(cue('}\nx: 1\n_sigguard_unified: {'), {});
  assert.equal(r.ok, false);
  assert.equal(r.code, 'PREDICATE_POLICY_INVALID');
});
