// TrustRoot resources (policy.sigstore.dev/v1alpha1) from YAML or JSON: read with the
// `yaml` package, validated the way policy-controller's admission webhook validates
// them, every error naming the document and the field. Byte fields are base64 in the
// resource (Go []byte in JSON), so `root`, `mirrorFS`, `certChain`, `publicKey` are
// decoded here; mirrorFS stays base64 until it is unpacked.
import { depthProblem } from '@sigguard/input-limits';
import { readYamlDocuments, YamlLimitError, type YamlLimits } from '@sigguard/input-limits/yaml';
import { decodeBase64, fromUtf8 } from './bytes.ts';
import { TrustRootLoadError } from './errors.ts';
import type { CertificateAuthoritySpec, SigstoreKeysSpec, TransparencyLogSpec } from './material.ts';

export const TRUST_ROOT_API_VERSION = 'policy.sigstore.dev/v1alpha1';
/** Optional annotation pinning the sha256 (hex) of the initial TUF root.json. */
export const ROOT_SHA256_ANNOTATION = 'sigguard.dev/root-sha256';

export interface RepositorySpec {
  /** The initial trusted TUF root.json (decoded). */
  root: Uint8Array;
  /** base64 of a gzipped tar of repository/ (decoded when unpacked). */
  mirrorFS: string;
  targets: string;
  trustedRootTarget?: string;
}

export interface RemoteSpec {
  mirror: string;
  /** The initial trusted TUF root.json (decoded); absent means the embedded public-good root. */
  root?: Uint8Array;
  targets: string;
  trustedRootTarget?: string;
}

export interface TrustRootResource {
  name: string;
  /** Where the resource came from, for error messages: `FILE document N`. */
  where: string;
  /** sha256 hex pinned for the initial root.json, from the sigguard.dev/root-sha256 annotation. */
  rootSha256?: string;
  spec: { repository?: RepositorySpec; remote?: RemoteSpec; sigstoreKeys?: SigstoreKeysSpec };
}

type Json = Record<string, unknown>;

class Fields {
  readonly where: string;
  constructor(where: string) {
    this.where = where;
  }
  fail(path: string, what: string): never {
    throw new TrustRootLoadError('RESOURCE_INVALID', `${this.where}: ${path}: ${what}`);
  }
  object(v: unknown, path: string, allowed: readonly string[]): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(path, `must be an object, got ${describe(v)}`);
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.fail(`${path}.${k}`, `unknown field (expected one of: ${allowed.join(', ')})`);
    }
    return v as Json;
  }
  string(o: Json, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(`${path}.${key}`, 'missing field');
      return undefined;
    }
    if (typeof v !== 'string') this.fail(`${path}.${key}`, `must be a string, got ${describe(v)}`);
    return v;
  }
  bytes(o: Json, key: string, path: string, required: boolean): Uint8Array | undefined {
    const s = this.string(o, key, path, required);
    return s === undefined ? undefined : decodeBase64(s, `${this.where}: ${path}.${key}`);
  }
  text(o: Json, key: string, path: string): string {
    return fromUtf8(this.bytes(o, key, path, true)!, `${this.where}: ${path}.${key}`);
  }
  array(v: unknown, path: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, `must be a list, got ${describe(v)}`);
    return v;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v;
}

/** Validates one TrustRoot object (parsed YAML/JSON). */
export function parseTrustRootResource(doc: unknown, where = 'TrustRoot'): TrustRootResource {
  const f = new Fields(where);
  const top = f.object(doc, '(document)', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  if (top.apiVersion !== TRUST_ROOT_API_VERSION) {
    f.fail('apiVersion', `must be ${TRUST_ROOT_API_VERSION}, got ${JSON.stringify(top.apiVersion ?? null)}`);
  }
  if (top.kind !== 'TrustRoot') f.fail('kind', `must be TrustRoot, got ${JSON.stringify(top.kind ?? null)}`);
  const metadata = top.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) f.fail('metadata', 'missing field');
  const name = f.string(metadata as Json, 'name', 'metadata', true)!;
  const located = `TrustRoot ${name} (${where})`;
  const g = new Fields(located);
  const annotations = (metadata as Json).annotations;
  let rootSha256: string | undefined;
  if (annotations !== undefined && annotations !== null) {
    const pin = g.object(annotations, 'metadata.annotations', Object.keys(annotations as Json))[ROOT_SHA256_ANNOTATION];
    if (pin !== undefined) {
      if (typeof pin !== 'string' || !/^[0-9a-fA-F]{64}$/.test(pin)) {
        return g.fail(
          `metadata.annotations.${ROOT_SHA256_ANNOTATION}`,
          'must be 64 hex digits (sha256 of the initial root.json)',
        );
      }
      rootSha256 = pin.toLowerCase();
    }
  }
  const spec = g.object(top.spec, 'spec', ['repository', 'remote', 'sigstoreKeys']);
  const present = (['repository', 'remote', 'sigstoreKeys'] as const).filter(
    (k) => spec[k] !== undefined && spec[k] !== null,
  );
  if (present.length !== 1) {
    g.fail(
      'spec',
      `expected exactly one of repository, remote, sigstoreKeys, got ${present.length === 0 ? 'neither' : present.join(' and ')}`,
    );
  }
  const resource: TrustRootResource = { name, where: located, spec: {} };
  if (rootSha256) resource.rootSha256 = rootSha256;
  if (present[0] === 'repository') resource.spec.repository = repositorySpec(g, spec.repository);
  if (present[0] === 'remote') resource.spec.remote = remoteSpec(g, spec.remote);
  if (present[0] === 'sigstoreKeys') resource.spec.sigstoreKeys = sigstoreKeysSpec(g, spec.sigstoreKeys);
  return resource;
}

function tufRoot(f: Fields, o: Json, path: string, required: boolean): Uint8Array | undefined {
  const root = f.bytes(o, 'root', path, required);
  if (!root) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(root, `${f.where}: ${path}.root`));
  } catch {
    f.fail(`${path}.root`, 'is not a JSON TUF root.json');
  }
  const deep = depthProblem(parsed, 'the TUF root.json');
  if (deep) f.fail(`${path}.root`, deep);
  if (typeof parsed !== 'object' || parsed === null || !('signatures' in parsed)) {
    f.fail(`${path}.root`, 'is not a TUF root.json (no "signatures")');
  }
  return root;
}

function repositorySpec(f: Fields, v: unknown): RepositorySpec {
  const path = 'spec.repository';
  const o = f.object(v, path, ['root', 'mirrorFS', 'targets', 'trustedRootTarget']);
  const spec: RepositorySpec = {
    root: tufRoot(f, o, path, true)!,
    mirrorFS: f.string(o, 'mirrorFS', path, true)!,
    targets: f.string(o, 'targets', path, false) ?? 'targets',
  };
  const trustedRootTarget = f.string(o, 'trustedRootTarget', path, false);
  if (trustedRootTarget) spec.trustedRootTarget = trustedRootTarget;
  return spec;
}

function remoteSpec(f: Fields, v: unknown): RemoteSpec {
  const path = 'spec.remote';
  const o = f.object(v, path, ['root', 'mirror', 'targets', 'trustedRootTarget']);
  const spec: RemoteSpec = {
    mirror: f.string(o, 'mirror', path, true)!,
    targets: f.string(o, 'targets', path, false) ?? 'targets',
  };
  const root = tufRoot(f, o, path, false);
  if (root) spec.root = root;
  const trustedRootTarget = f.string(o, 'trustedRootTarget', path, false);
  if (trustedRootTarget) spec.trustedRootTarget = trustedRootTarget;
  return spec;
}

function sigstoreKeysSpec(f: Fields, v: unknown): SigstoreKeysSpec {
  const path = 'spec.sigstoreKeys';
  const o = f.object(v, path, ['certificateAuthorities', 'tLogs', 'ctLogs', 'timestampAuthorities']);
  const ca = (item: unknown, p: string): CertificateAuthoritySpec => {
    const a = f.object(item, p, ['subject', 'uri', 'certChain']);
    const s = f.object(a.subject ?? {}, `${p}.subject`, ['organization', 'commonName']);
    return {
      subject: {
        organization: f.string(s, 'organization', `${p}.subject`, true)!,
        commonName: f.string(s, 'commonName', `${p}.subject`, true)!,
      },
      uri: f.string(a, 'uri', p, true)!,
      certChain: f.text(a, 'certChain', p),
    };
  };
  const log = (item: unknown, p: string): TransparencyLogSpec => {
    const l = f.object(item, p, ['baseURL', 'hashAlgorithm', 'publicKey']);
    return {
      baseURL: f.string(l, 'baseURL', p, true)!,
      hashAlgorithm: f.string(l, 'hashAlgorithm', p, true)!,
      publicKey: f.text(l, 'publicKey', p),
    };
  };
  const keys: SigstoreKeysSpec = {
    certificateAuthorities: f
      .array(o.certificateAuthorities, `${path}.certificateAuthorities`)
      .map((x, i) => ca(x, `${path}.certificateAuthorities[${i}]`)),
    tLogs: f.array(o.tLogs, `${path}.tLogs`).map((x, i) => log(x, `${path}.tLogs[${i}]`)),
    ctLogs: f.array(o.ctLogs, `${path}.ctLogs`).map((x, i) => log(x, `${path}.ctLogs[${i}]`)),
    timestampAuthorities: f
      .array(o.timestampAuthorities, `${path}.timestampAuthorities`)
      .map((x, i) => ca(x, `${path}.timestampAuthorities[${i}]`)),
  };
  if (keys.certificateAuthorities!.length === 0 && keys.timestampAuthorities!.length === 0) {
    f.fail(path, 'needs at least one certificateAuthorities or timestampAuthorities entry');
  }
  return keys;
}

export interface ParseTrustRootYamlOptions {
  /** Label for the file in error messages (e.g. its path). */
  where?: string;
  /** Skip documents of other kinds (e.g. ClusterImagePolicy) instead of failing. */
  ignoreOtherKinds?: boolean;
  /** Size, alias and nesting limits for the YAML text (defaults in docs/limits.md). */
  yamlLimits?: YamlLimits;
}

/** Every TrustRoot of a (multi-document) YAML or JSON text. Empty documents are ignored. */
export function parseTrustRootYaml(text: string, options: ParseTrustRootYamlOptions = {}): TrustRootResource[] {
  const file = options.where ?? 'TrustRoot YAML';
  let docs;
  try {
    docs = readYamlDocuments(text, options.yamlLimits);
  } catch (e) {
    if (e instanceof YamlLimitError) throw new TrustRootLoadError('RESOURCE_INVALID', `${file}: ${e.message}`);
    throw e;
  }
  // YAML problems first, wherever they are: they say more than a validation error before them.
  const broken = docs.find((d) => d.problem !== undefined);
  if (broken) {
    throw new TrustRootLoadError(
      'RESOURCE_INVALID',
      `${file} document ${broken.index}, line ${broken.line}: invalid YAML: ${broken.problem}`,
    );
  }
  const out: TrustRootResource[] = [];
  for (const doc of docs) {
    const where = `${file} document ${doc.index}, line ${doc.line}`;
    const value = doc.value;
    if (value === null || value === undefined) continue;
    const kind = (value as { kind?: unknown }).kind;
    if (kind !== 'TrustRoot' && options.ignoreOtherKinds) continue;
    out.push(parseTrustRootResource(value, where));
  }
  const seen = new Map<string, string>();
  for (const r of out) {
    const before = seen.get(r.name);
    if (before)
      throw new TrustRootLoadError(
        'RESOURCE_INVALID',
        `${r.where}: metadata.name ${JSON.stringify(r.name)} is already used by ${before}`,
      );
    seen.set(r.name, r.where);
  }
  return out;
}
