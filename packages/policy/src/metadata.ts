import type { Reader } from './reader.ts';
import type { ObjectMeta } from './types.ts';

// Kubernetes ObjectMeta fields: documents exported with `kubectl get -o yaml` carry these.
const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
];

export function validateMetadata(value: unknown, r: Reader): ObjectMeta | undefined {
  const m = r.object(value, 'metadata', OBJECT_META_FIELDS);
  const name = r.string(m?.name, 'metadata.name');
  if (!name) {
    r.add('missing field(s)', 'metadata.name');
    return undefined;
  }
  const labels = r.stringMap(m?.labels, 'metadata.labels');
  const annotations = r.stringMap(m?.annotations, 'metadata.annotations');
  const out: ObjectMeta = { ...(m ?? {}), name };
  if (labels) out.labels = labels;
  if (annotations) out.annotations = annotations;
  return out;
}
