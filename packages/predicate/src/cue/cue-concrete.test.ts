// The opt-in strict CUE mode (`cueConcrete`), a sigguard extension: on top of cosign's
// non-concrete Validate(), the unified value must be concrete. Off by default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePredicatePolicy } from '../evaluate.ts';

const cue = (data: string) => ({ type: 'cue' as const, data });
// policy-controller's e2e CIP-level policy shape: one authority's count checked by reference.
const POLICY = cue(`import "list"
authorityMatches: {
  keysignature: signatures: list.MaxItems(1) & list.MinItems(1)
  if (len(authorityMatches.keylessatt.attestations) < 2) {
    keylessattMinAttestations: 2
    keylessattMinAttestations: "Error"
  }
}`);
const sig = {
  subject: 'https://kubernetes.io/namespaces/default/serviceaccounts/default',
  issuer: 'https://kubernetes.default.svc',
};
const withoutKeylessatt = { authorityMatches: { keysignature: { signatures: [{ id: 'k' }] } } };
const withBoth = {
  authorityMatches: {
    ...withoutKeylessatt.authorityMatches,
    keylessatt: { attestations: { custom: [sig], vuln: [sig] } },
  },
};

test('strict mode denies a reference to absent data that the default (cosign) mode ignores', async () => {
  const lenient = await evaluatePredicatePolicy(POLICY, withoutKeylessatt, { name: 'ClusterImagePolicy' });
  assert.equal(lenient.ok, true, lenient.reason);
  const strict = await evaluatePredicatePolicy(POLICY, withoutKeylessatt, {
    name: 'ClusterImagePolicy',
    cueConcrete: true,
  });
  assert.equal(strict.ok, false);
  assert.equal(strict.code, undefined, 'a verdict, not an error');
  assert.match(
    strict.reason,
    /^failed evaluating cue policy for ClusterImagePolicy: failed to evaluate the policy with error: .*keylessatt/,
  );
  assert.match(strict.reason, /strict CUE mode, a sigguard extension/);
});

test('strict mode admits concrete input and still reports conflicts as the default mode does', async () => {
  const ok = await evaluatePredicatePolicy(POLICY, withBoth, { cueConcrete: true });
  assert.equal(ok.ok, true, ok.reason);
  const one = structuredClone(withBoth);
  one.authorityMatches.keylessatt.attestations = {
    custom: [sig],
  } as typeof one.authorityMatches.keylessatt.attestations;
  const lenient = await evaluatePredicatePolicy(POLICY, one);
  const strict = await evaluatePredicatePolicy(POLICY, one, { cueConcrete: true });
  assert.equal(strict.ok, false);
  assert.equal(strict.reason, lenient.reason, 'the cosign check runs first and gives its message');
  assert.match(strict.reason, /authorityMatches\.keylessattMinAttestations: conflicting values 2 and "Error"/);
});

test('strict mode: a declared field the data lacks is incomplete, so it fails', async () => {
  const policy = cue('predicate: runDetails: metadata: invocationId: string');
  const input = { predicate: { runDetails: { metadata: {} } } };
  assert.equal((await evaluatePredicatePolicy(policy, input)).ok, true);
  const strict = await evaluatePredicatePolicy(policy, input, { cueConcrete: true });
  assert.equal(strict.ok, false);
  assert.match(strict.reason, /invocationId/);
});
