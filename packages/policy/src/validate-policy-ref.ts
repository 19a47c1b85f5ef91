import { join, type Reader } from './reader.ts';
import type { PolicyRef } from './types.ts';

const INCLUDE_FIELDS = ['fetchConfigFile', 'includeSpec', 'includeObjectMeta', 'includeTypeMeta'] as const;

/**
 * `policy` of an attestation (`allowIncludes` false) or of the CIP (`spec.policy`): type cue|rego,
 * exactly one of data / configMapRef / remote; remote must be https with a sha256sum.
 */
export function validatePolicyRef(
  value: unknown,
  path: string,
  allowIncludes: boolean,
  r: Reader,
): PolicyRef | undefined {
  const p = r.object(value, path, ['type', 'data', 'configMapRef', 'remote', ...INCLUDE_FIELDS]);
  if (!p) return undefined;
  const type = r.string(p.type, join(path, 'type'));
  if (!type) r.add('missing field(s)', join(path, 'type'));
  else if (type !== 'cue' && type !== 'rego') r.add(`invalid value: ${type}`, join(path, 'type'));

  const out: PolicyRef = {
    type: type === 'rego' ? 'rego' : 'cue',
    fetchConfigFile: false,
    includeSpec: false,
    includeObjectMeta: false,
    includeTypeMeta: false,
  };
  const data = r.string(p.data, join(path, 'data')) || undefined;
  const cm = r.object(p.configMapRef, join(path, 'configMapRef'), ['name', 'key', 'namespace']);
  const remote = r.object(p.remote, join(path, 'remote'), ['url', 'sha256sum']);
  const sources = [data, cm, remote].filter((x) => x !== undefined).length;
  const oneOf = ['data', 'configMapRef', 'remote'].map((k) => join(path, k));
  if (sources === 0) r.add('expected exactly one, got neither', ...oneOf);
  if (sources > 1) r.add('expected exactly one, got both', ...oneOf);
  if (data !== undefined) out.data = data;
  if (cm) {
    const name = r.string(cm.name, join(path, 'configMapRef.name'));
    const key = r.string(cm.key, join(path, 'configMapRef.key'));
    if (!name) r.add('missing field(s)', join(path, 'configMapRef.name'));
    if (!key) r.add('missing field(s)', join(path, 'configMapRef.key'));
    const namespace = r.string(cm.namespace, join(path, 'configMapRef.namespace'));
    out.configMapRef = { name: name ?? '', key: key ?? '', ...(namespace ? { namespace } : {}) };
  }
  if (remote) {
    const url = r.string(remote.url, join(path, 'remote.url')) ?? '';
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed?.protocol !== 'https:' || !parsed.host) r.add(`invalid value: ${url}`, join(path, 'remote.url'));
    const sha = r.string(remote.sha256sum, join(path, 'remote.sha256sum'));
    if (!sha) r.add('missing field(s)', join(path, 'remote.sha256sum'));
    out.remote = { url, sha256sum: sha ?? '' };
  }
  for (const flag of INCLUDE_FIELDS) {
    const v = r.boolean(p[flag], join(path, flag));
    if (v === undefined) continue;
    // Go bools: false is the same as unset.
    if (!allowIncludes) {
      if (v) r.add('must not set the field(s)', join(path, flag));
    } else out[flag] = v;
  }
  return out;
}
