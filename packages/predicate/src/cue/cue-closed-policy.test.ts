// Closed CUE policies: cosign compiles the policy and the data as two values and `Unify`s them,
// so a policy whose top level is closed rejects data fields it does not allow. Go CUE denies
// such a statement with "field not allowed"; these pin that sigguard denies it too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';
import { evaluateAttestationPolicy } from '../evaluate-attestation.ts';
import { evaluatePredicatePolicy } from '../evaluate.ts';
import { envelopeOf } from '../testdata/shared-vectors.ts';

const cue = (data: string) => ({ type: 'cue' as const, data });

// A SLSA v1 provenance statement as GitHub's attest-build-provenance writes it (shape and values
// from the sigstore-conformance statement used below when ../shared is present).
const PROVENANCE = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'a.txt', digest: { sha256: 'a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf' } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: {
    buildDefinition: {
      buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      externalParameters: {
        workflow: {
          ref: 'refs/heads/main',
          repository: 'https://github.com/loosebazooka/aa-test',
          path: '.github/workflows/provenance.yaml',
        },
      },
      internalParameters: { github: { event_name: 'workflow_dispatch', runner_environment: 'github-hosted' } },
      resolvedDependencies: [
        {
          uri: 'git+https://github.com/loosebazooka/aa-test@refs/heads/main',
          digest: { gitCommit: 'a9cd7bf0bbfd5732800b8196ce893ae9915b1e87' },
        },
      ],
    },
    runDetails: {
      builder: { id: 'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main' },
      metadata: { invocationId: 'https://github.com/loosebazooka/aa-test/actions/runs/14115120610/attempts/1' },
    },
  },
};

const { path: CONFORMANCE_STATEMENT, skip: SKIP_NO_CONFORMANCE } = sharedVectors(
  'sigstore-conformance/test/assets/statement.json',
);

// The usual CUE style: a definition, embedded on its own line, that forgets the statement's `_type`.
const PROVENANCE_DEFINITION = `
package sigstore
import "strings"

#Provenance: {
  predicateType: "https://slsa.dev/provenance/v1"
  subject: [...{name: string, digest: sha256: =~"^[0-9a-f]{64}$"}]
  predicate: {...}
}
#Provenance
predicate: buildDefinition: externalParameters: workflow: repository: strings.HasPrefix("https://github.com/loosebazooka/")
`;

const slsa = (policy: string, statement: unknown = PROVENANCE) =>
  evaluateAttestationPolicy(cue(policy), envelopeOf(statement), 'slsaprovenance1');

test('a top-level embedded definition rejects a statement field it does not declare', async () => {
  const r = await slsa(PROVENANCE_DEFINITION);
  assert.equal(r.ok, false);
  assert.equal(r.code, undefined, 'a policy that says no is a verdict, not an error');
  assert.match(
    r.reason,
    /^failed evaluating cue policy for slsaprovenance1: failed to evaluate the policy with error: .*field not allowed: "?_type"?/,
  );

  // Declaring the field (quoted: an identifier `_type` would be a hidden field) admits it.
  const declared = PROVENANCE_DEFINITION.replace(
    '#Provenance: {',
    '#Provenance: {\n  "_type": "https://in-toto.io/Statement/v1"',
  );
  const ok = await slsa(declared);
  assert.equal(ok.ok, true, ok.reason);
  const hidden = PROVENANCE_DEFINITION.replace('#Provenance: {', '#Provenance: {\n  _type: string');
  assert.match((await slsa(hidden)).reason, /field not allowed: "?_type"?/);
  // Definitions left open with `...` admit any further field.
  assert.equal((await slsa(PROVENANCE_DEFINITION.replace('#Provenance: {', '#Provenance: {\n  ...'))).ok, true);
});

test('the real sigstore-conformance SLSA statement is denied by the definition-embedding policy', {
  skip: SKIP_NO_CONFORMANCE,
}, async () => {
  const statement = JSON.parse(readFileSync(CONFORMANCE_STATEMENT, 'utf8')) as unknown;
  const r = await slsa(PROVENANCE_DEFINITION, statement);
  assert.equal(r.ok, false);
  assert.match(r.reason, /field not allowed: "?_type"?/);
});

test('a top-level close() that lists every field admits; one that omits a field denies', async () => {
  const closed = (fields: string) => `close({\n${fields}\n})`;
  const all = '"_type": string\nsubject: [...]\npredicateType: "https://slsa.dev/provenance/v1"\npredicate: {...}';
  const pass = await slsa(closed(all));
  assert.equal(pass.ok, true, pass.reason);

  const noSubject = await slsa(closed(all.replace('subject: [...]\n', '')));
  assert.equal(noSubject.ok, false);
  assert.match(noSubject.reason, /failed to evaluate the policy with error: .*field not allowed: "?subject"?/);
});

test('a nested close() admits the fields it lists and denies one it does not', async () => {
  const pass = await slsa(
    'predicate: close({buildDefinition: {...}, runDetails: builder: id: =~"^https://github.com/loosebazooka/"})',
  );
  assert.equal(pass.ok, true, pass.reason);

  const fail = await slsa('predicate: close({buildDefinition: {...}})');
  assert.equal(fail.ok, false);
  assert.match(
    fail.reason,
    /failed to evaluate the policy with error: predicate: field not allowed: runDetails|predicate\.runDetails: field not allowed/,
  );

  // A nested closed definition checks the structure below it, too.
  const nested = await slsa('#Builder: {id: string}\npredicate: runDetails: builder: #Builder & {id: =~"^https://"}');
  assert.equal(nested.ok, true, nested.reason);
  const extra = structuredClone(PROVENANCE) as typeof PROVENANCE & {
    predicate: { runDetails: { builder: Record<string, unknown> } };
  };
  extra.predicate.runDetails.builder.version = { runner: '2.323.0' };
  const denied = await slsa(
    '#Builder: {id: string}\npredicate: runDetails: builder: #Builder & {id: =~"^https://"}',
    extra,
  );
  assert.match(denied.reason, /field not allowed: version/);
});

test('closedness applies to non-attestation input too (CIP-level policies)', async () => {
  const policy = cue('#Spec: {serviceAccount: "default"}\nspec: #Spec');
  assert.equal((await evaluatePredicatePolicy(policy, { spec: { serviceAccount: 'default' } })).ok, true);
  const r = await evaluatePredicatePolicy(
    policy,
    { spec: { serviceAccount: 'default', automount: true } },
    { name: 'ClusterImagePolicy' },
  );
  assert.equal(r.ok, false);
  assert.match(
    r.reason,
    /^failed evaluating cue policy for ClusterImagePolicy: failed to evaluate the policy with error: spec: field not allowed: automount|spec\.automount: field not allowed/,
  );
});
