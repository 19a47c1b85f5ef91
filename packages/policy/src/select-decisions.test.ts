// Policy selection decisions the vectors leave open (mutation testing): what happens without a
// resource or without its kind, group/version/selector matching, every label operator, and a
// malformed policy counted as an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseImageRef } from './reference.ts';
import { guessResource, matchesSelector, selectPolicies } from './select.ts';
import type { LabelSelectorRequirement, MatchResource } from './types.ts';

const policy = (name: string, glob: string, match: MatchResource[] = []) => ({ name, images: [{ glob }], match });
const deployments: MatchResource = { group: 'apps', version: 'v1', resource: 'deployments' };
const names = (r: { matched: { name: string }[] }) => r.matched.map((p) => p.name);

test('spec.match without a resource, or a resource without kind/apiVersion: applied, with a warning', () => {
  const p = [policy('scoped', '**', [deployments])];
  const none = selectPolicies('ghcr.io/a/b', p, undefined);
  assert.deepEqual(names(none), ['scoped']);
  assert.deepEqual(none.warnings, [
    'policy scoped has spec.match but no resource was given: applied to every resource kind',
  ]);
  for (const resource of [{ apiVersion: 'apps/v1' }, { kind: 'Deployment' }]) {
    const r = selectPolicies('ghcr.io/a/b', p, resource);
    assert.deepEqual(names(r), ['scoped']);
    assert.deepEqual(r.warnings, [
      'policy scoped has spec.match but the resource has no kind/apiVersion: applied to every resource kind',
    ]);
  }
  // A policy without spec.match needs no resource and warns nothing.
  assert.deepEqual(selectPolicies('ghcr.io/a/b', [policy('all', '**')], undefined), {
    matched: [policy('all', '**')],
    errors: [],
    warnings: [],
  });
});

test('a resource is matched on resource, group and version ("*" any); core resources have no group', () => {
  const deployment = { kind: 'Deployment', apiVersion: 'apps/v1' };
  const img = 'ghcr.io/a/b';
  const p = (m: MatchResource) => [policy('p', '**', [m])];
  assert.deepEqual(names(selectPolicies(img, p(deployments), deployment)), ['p']);
  assert.deepEqual(
    names(selectPolicies(img, p({ ...deployments, version: '*' }), { kind: 'Deployment', apiVersion: 'apps/v2' })),
    ['p'],
  );
  assert.deepEqual(names(selectPolicies(img, p(deployments), { kind: 'Deployment', apiVersion: 'apps/v2' })), []);
  assert.deepEqual(names(selectPolicies(img, p({ ...deployments, group: 'extensions' }), deployment)), []);
  assert.deepEqual(names(selectPolicies(img, p({ ...deployments, resource: 'statefulsets' }), deployment)), []);
  const pods: MatchResource = { group: '', version: 'v1', resource: 'pods' };
  assert.deepEqual(names(selectPolicies(img, p(pods), { kind: 'Pod', apiVersion: 'v1' })), ['p']);
  assert.deepEqual(names(selectPolicies(img, p({ ...pods, group: 'v1' }), { kind: 'Pod', apiVersion: 'v1' })), []);
  // Any one of several match entries is enough; the selector reads the resource's labels.
  const labelled = [policy('p', '**', [{ ...pods, selector: { matchLabels: { app: 'web' } } }, deployments])];
  assert.deepEqual(
    names(selectPolicies(img, labelled, { kind: 'Pod', apiVersion: 'v1', metadata: { labels: { app: 'web' } } })),
    ['p'],
  );
  assert.deepEqual(
    names(selectPolicies(img, labelled, { kind: 'Pod', apiVersion: 'v1', metadata: { labels: { app: 'db' } } })),
    [],
  );
  assert.deepEqual(names(selectPolicies(img, labelled, { kind: 'Pod', apiVersion: 'v1' })), []);
  assert.deepEqual(names(selectPolicies(img, labelled, deployment)), ['p']);
});

test('the glob is matched against the image name of an ImageRef, and against a string as given', () => {
  const ref = parseImageRef('localhost/app');
  assert.equal(ref.name, 'index.docker.io/localhost/app:latest');
  assert.deepEqual(
    names(selectPolicies(ref, [policy('local', 'localhost/**'), policy('hub', 'index.docker.io/**')], undefined)),
    ['hub'],
  );
  assert.deepEqual(
    names(selectPolicies('ghcr.io/a/b', [policy('other', 'quay.io/**'), policy('ghcr', 'ghcr.io/**')], undefined)),
    ['ghcr'],
  );
});

test('a malformed policy counts as an error naming it, and does not stop the others', () => {
  const broken = { name: 'broken', images: undefined as unknown as { glob: string }[], match: [] };
  const r = selectPolicies('ghcr.io/a/b', [broken, policy('ok', '**')], undefined);
  assert.deepEqual(names(r), ['ok']);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]!.policy, 'broken');
  assert.ok(r.errors[0]!.message.length > 0);
});

test('every label operator, with the label present, absent and with another value', () => {
  const req = (operator: LabelSelectorRequirement['operator'], values: string[] = ['a']) => ({
    matchExpressions: [{ key: 'tier', operator, values }],
  });
  const cases: [LabelSelectorRequirement['operator'], boolean, boolean, boolean][] = [
    // operator, { tier: 'a' }, {}, { tier: 'b' }
    ['In', true, false, false],
    ['NotIn', false, true, true],
    ['Exists', true, false, true],
    ['DoesNotExist', false, true, false],
  ];
  for (const [op, present, absent, other] of cases) {
    assert.equal(matchesSelector(req(op), { tier: 'a' }), present, `${op} present`);
    assert.equal(matchesSelector(req(op), {}), absent, `${op} absent`);
    assert.equal(matchesSelector(req(op), { tier: 'b' }), other, `${op} other value`);
  }
  // A label that is inherited, not own, is absent.
  assert.equal(matchesSelector(req('Exists', []), Object.create({ tier: 'a' }) as Record<string, string>), false);
  assert.equal(matchesSelector({}, {}), true);
  assert.equal(guessResource(''), '');
  // As naive as Go's meta.UnsafeGuessKindToResource, which policy-controller uses: "y" becomes "ies".
  assert.equal(guessResource('Gateway'), 'gatewaies');
});
