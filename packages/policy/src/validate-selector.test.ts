// validateClusterImagePolicy's spec.match decisions (mutation testing): the resource kinds
// policy-controller's webhook registers, and the label selector's matchLabels/matchExpressions rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateClusterImagePolicy } from './validate.ts';

const cip = (match: unknown) => ({
  apiVersion: 'policy.sigstore.dev/v1beta1',
  kind: 'ClusterImagePolicy',
  metadata: { name: 'p' },
  spec: { images: [{ glob: '**' }], authorities: [{ static: { action: 'pass' } }], match },
});
const problemsOf = (match: unknown) => validateClusterImagePolicy(cip(match)).problems;
const matchOf = (match: unknown) => {
  const result = validateClusterImagePolicy(cip(match));
  assert.deepEqual(result.problems, []);
  return result.policy!.match;
};

test('spec.match resources: each kind the webhook registers is accepted, any other is refused', () => {
  for (const resource of ['replicasets', 'deployments', 'pods', 'cronjobs', 'jobs', 'statefulsets', 'daemonsets']) {
    assert.deepEqual(matchOf([{ resource, version: 'v1' }]), [{ group: '', version: 'v1', resource }]);
  }
  assert.deepEqual(problemsOf([{ resource: 'services' }]), ['invalid value: services: spec.match[0].resource']);
  assert.deepEqual(problemsOf([{ resource: 'Pods' }]), ['invalid value: Pods: spec.match[0].resource']);
  assert.deepEqual(problemsOf([{}]), ['invalid value: : spec.match[0].resource']);
  assert.deepEqual(problemsOf([{ resource: 'pods', group: 'apps', version: 'v1', kind: 'x' }]), [
    'unknown field: spec.match[0].kind',
  ]);
  assert.deepEqual(matchOf([{ resource: 'deployments', group: 'apps', version: 'v1' }]), [
    { group: 'apps', version: 'v1', resource: 'deployments' },
  ]);
  assert.deepEqual(matchOf(undefined), []);
});

test('a selector is kept with its labels and expressions, and needs a version', () => {
  const selector = {
    matchLabels: { app: 'web', tier: 'front' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'staging'] },
      { key: 'team', operator: 'NotIn', values: ['x'] },
      { key: 'signed', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
    ],
  };
  assert.deepEqual(matchOf([{ resource: 'pods', version: 'v1', selector }]), [
    {
      group: '',
      version: 'v1',
      resource: 'pods',
      selector: {
        matchLabels: { app: 'web', tier: 'front' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'staging'] },
          { key: 'team', operator: 'NotIn', values: ['x'] },
          { key: 'signed', operator: 'Exists', values: [] },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      },
    },
  ]);
  assert.deepEqual(matchOf([{ resource: 'pods', version: 'v1', selector: {} }]), [
    { group: '', version: 'v1', resource: 'pods', selector: {} },
  ]);
  assert.deepEqual(matchOf([{ resource: 'pods', version: 'v1', selector: { matchLabels: { a: 'b' } } }]), [
    { group: '', version: 'v1', resource: 'pods', selector: { matchLabels: { a: 'b' } } },
  ]);
  assert.deepEqual(problemsOf([{ resource: 'pods', selector: { matchLabels: { a: 'b' } } }]), [
    'missing field(s): spec.match[0].version',
  ]);
  assert.deepEqual(problemsOf([{ resource: 'pods', selector: null }]), []);
});

test('a selector that is wrong is refused naming the field', () => {
  const wrong = (selector: unknown) => problemsOf([{ resource: 'pods', version: 'v1', selector }]);
  const p = 'spec.match[0].selector';
  assert.deepEqual(wrong({ matchLabel: { a: 'b' } }), [`unknown field: ${p}.matchLabel`]);
  assert.deepEqual(wrong('app=web'), [`${p}: Invalid value: "string": must be of type object`]);
  assert.deepEqual(wrong({ matchLabels: { a: 1 } }), [
    `${p}.matchLabels[a]: Invalid value: "integer": must be of type string`,
  ]);
  assert.deepEqual(wrong({ matchExpressions: { key: 'a' } }), [
    `${p}.matchExpressions: Invalid value: "object": must be of type array`,
  ]);
  const e = `${p}.matchExpressions[0]`;
  const expr = (x: unknown) => wrong({ matchExpressions: [x] });
  assert.deepEqual(expr({ operator: 'Exists' }), [`missing field(s): ${e}.key`]);
  assert.deepEqual(expr({ key: '', operator: 'Exists' }), [`missing field(s): ${e}.key`]);
  assert.deepEqual(expr({ key: 'a' }), [`invalid value: : ${e}.operator`]);
  assert.deepEqual(expr({ key: 'a', operator: 'in', values: ['x'] }), [`invalid value: in: ${e}.operator`]);
  assert.deepEqual(expr({ key: 'a', operator: 'Equals', values: ['x'] }), [`invalid value: Equals: ${e}.operator`]);
  assert.deepEqual(expr({ key: 'a', operator: 'In' }), [`missing field(s): ${e}.values`]);
  assert.deepEqual(expr({ key: 'a', operator: 'NotIn', values: [] }), [`missing field(s): ${e}.values`]);
  assert.deepEqual(expr({ key: 'a', operator: 'Exists', values: ['x'] }), [`must not set the field(s): ${e}.values`]);
  assert.deepEqual(expr({ key: 'a', operator: 'DoesNotExist', values: ['x'] }), [
    `must not set the field(s): ${e}.values`,
  ]);
  assert.deepEqual(expr({ key: 'a', operator: 'In', values: [1] }), [
    `${e}.values[0]: Invalid value: "integer": must be of type string`,
  ]);
  assert.deepEqual(expr({ key: 'a', operator: 'In', values: ['x'], value: 'y' }), [`unknown field: ${e}.value`]);
  assert.deepEqual(wrong({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b' }] }), [
    `invalid value: : ${p}.matchExpressions[1].operator`,
  ]);
});
