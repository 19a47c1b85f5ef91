// ObjectMeta as the API server writes it: every field `kubectl get -o yaml` may show is
// accepted and kept, `metadata.name` is required, and wrong types are named by their path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocuments } from './parse.ts';
import { PolicyError } from './errors.ts';

const SPEC = 'spec: {images: [{glob: "**"}], authorities: [{static: {action: pass}}]}\n';
const cip = (metadata: string) =>
  `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\n${metadata}\n${SPEC}`;

/** The problem lines `text` is refused with, one per line. */
function refusal(text: string): string {
  try {
    parsePolicyDocuments(text, { source: 'm.yaml' });
  } catch (e) {
    assert.ok(e instanceof PolicyError && e.code === 'POLICY_INVALID', String(e));
    return e.problems.join('\n');
  }
  return assert.fail(`accepted: ${text}`);
}

// Server-set fields of a ClusterImagePolicy read back from a cluster (a cluster-scoped object
// still gets the namespace key when exported from some tools; finalizers and owners from GitOps).
const SERVER_METADATA = `metadata:
  name: exported
  generateName: exported-
  namespace: ""
  uid: 0b6f4a53-3c8e-4b8e-9a57-0d2f1c3e8a11
  resourceVersion: "48213"
  generation: 3
  creationTimestamp: "2026-11-02T09:14:07Z"
  deletionTimestamp: "2026-11-03T10:00:00Z"
  deletionGracePeriodSeconds: 0
  labels: {team: platform}
  annotations: {owner: sec@example.com}
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: 1e2d}]
  finalizers: [example.com/keep]
  managedFields: [{manager: kubectl, operation: Apply}]
  selfLink: /apis/policy.sigstore.dev/v1beta1/clusterimagepolicies/exported`;

test('every ObjectMeta field the API server writes is accepted and kept with the policy', () => {
  const [policy] = parsePolicyDocuments(cip(SERVER_METADATA)).policies;
  assert.equal(policy!.name, 'exported');
  assert.equal(policy!.metadata.namespace, '');
  assert.equal(policy!.metadata.uid, '0b6f4a53-3c8e-4b8e-9a57-0d2f1c3e8a11');
  assert.deepEqual(policy!.metadata.finalizers, ['example.com/keep']);
  assert.deepEqual(policy!.metadata.labels, { team: 'platform' });
  assert.deepEqual(policy!.metadata.annotations, { owner: 'sec@example.com' });
});

test('metadata without labels or annotations gets none added', () => {
  const [policy] = parsePolicyDocuments(cip('metadata: {name: plain}')).policies;
  assert.deepEqual(policy!.metadata, { name: 'plain' });
});

test('metadata.name is required; a missing or mistyped metadata is named by its path', () => {
  assert.equal(refusal(cip('metadata: {labels: {a: b}}')), 'missing field(s): metadata.name (in m.yaml document 1)');
  assert.equal(refusal(cip('metadata: {name: ""}')), 'missing field(s): metadata.name (in m.yaml document 1)');
  assert.equal(refusal(cip('')), 'missing field(s): metadata.name (in m.yaml document 1)');
  assert.match(
    refusal(cip('metadata: {name: 7}')),
    /^metadata\.name: Invalid value: "integer": must be of type string \(in m\.yaml document 1\)\nmissing field\(s\): metadata\.name/,
  );
  assert.match(refusal(cip('metadata: [x]')), /^metadata: Invalid value: "array": must be of type object/);
  assert.match(
    refusal(cip('metadata: {name: x, labels: {tier: 1}}')),
    /^metadata\.labels\[tier\]: Invalid value: "integer"/,
  );
  assert.match(refusal(cip('metadata: {name: x, annotations: [a]}')), /^metadata\.annotations: Invalid value: "array"/);
  assert.equal(refusal(cip('metadata: {name: x, nmae: y}')), 'unknown field: metadata.nmae (in m.yaml document 1)');
});
