// Admission-style validation of ClusterImagePolicy documents, following policy-controller's
// webhook (clusterimagepolicy_validation.go + the CRD's OpenAPI schema) and its defaulting.
// Every problem is collected (not just the first) and worded like knative FieldErrors.
import { compileGoRegExp, compileIdentities, parsePublicKeys, RegExpEngineNotLoadedError } from '@sigguard/identity';
import { rememberIdentityMatcher, rememberPublicKeys } from './authority-material.ts';
import { parseRepositoryName } from '@sigguard/oci/reference';
import { formatProblem } from './errors.ts';
import { compileGlob, validateGlob } from './glob.ts';
import { kmsReferenceProblem } from './kms.ts';
import { join, Reader } from './reader.ts';
import { validateMetadata } from './metadata.ts';
import { validatePolicyRef } from './validate-policy-ref.ts';
import type {
  Authority,
  AttestationRequirement,
  ClusterImagePolicy,
  HashAlgorithm,
  IdentityMatch,
  KeyRef,
  KeylessRef,
  LabelSelector,
  MatchResource,
  SignatureSource,
  StaticRef,
} from './types.ts';

export interface ValidateOptions {
  /** config-policy-controller `fail-on-empty-authorities` (default true). */
  failOnEmptyAuthorities?: boolean;
  /** Namespace a `secretRef.namespace` may name (policy-controller's own; default cosign-system). */
  controllerNamespace?: string;
}

export const DEFAULT_KEYLESS_URL = 'https://fulcio.sigstore.dev';
export const REQUIRED_AUTHORITIES_ANNOTATION = 'sigguard.dev/required-authorities';
const API_VERSIONS = ['policy.sigstore.dev/v1alpha1', 'policy.sigstore.dev/v1beta1'] as const;
const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha224', 'sha256', 'sha384', 'sha512'];
// cmd/webhook/main.go: the kinds policy-controller validates.
const MATCH_RESOURCES = ['replicasets', 'deployments', 'pods', 'cronjobs', 'jobs', 'statefulsets', 'daemonsets'];

export interface ValidationResult {
  /** The defaulted policy, present only when there are no problems. */
  policy?: ClusterImagePolicy;
  /** Every problem, one line each, worded like policy-controller's webhook. */
  problems: string[];
  warnings: string[];
}

/** Validates one already-parsed ClusterImagePolicy object (e.g. from JSON). */
export function validateClusterImagePolicy(doc: unknown, opts: ValidateOptions = {}): ValidationResult {
  const { policy, reader } = validateInto(doc, opts, new Reader());
  const out: ValidationResult = { problems: reader.problems.map(formatProblem), warnings: [...reader.warnings] };
  if (policy) out.policy = policy;
  return out;
}

/** Validation collecting into `r`; returns the defaulted policy when there are no problems. */
export function validateInto(
  doc: unknown,
  opts: ValidateOptions,
  r: Reader,
): { policy?: ClusterImagePolicy; reader: Reader } {
  const top = r.object(doc, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  if (!top) {
    if (doc === undefined || doc === null) r.add('missing field(s)', 'spec');
    return { reader: r };
  }
  const apiVersion = r.string(top.apiVersion, 'apiVersion');
  if (!API_VERSIONS.includes(apiVersion as never)) r.add(`invalid value: ${apiVersion}`, 'apiVersion');
  if (top.kind !== 'ClusterImagePolicy') r.add(`invalid value: ${String(top.kind)}`, 'kind');
  const metadata = validateMetadata(top.metadata, r);
  const spec = r.object(top.spec, 'spec', ['images', 'authorities', 'policy', 'mode', 'match']);
  if (!spec) {
    r.add('missing field(s)', 'spec');
    return { reader: r };
  }

  const images = readImages(spec.images, r);
  const authorities = readAuthorities(spec.authorities, opts, r);
  const policy = validatePolicyRef(spec.policy, 'spec.policy', true, r);
  const modeText = r.string(spec.mode, 'spec.mode') ?? '';
  if (modeText !== '' && modeText !== 'enforce' && modeText !== 'warn')
    r.add(`invalid value: ${modeText}`, 'spec.mode');
  const match = readMatch(spec.match, r);
  const requiredAuthorities = readRequiredAuthorities(metadata?.annotations, authorities.length, r);

  if (r.problems.length > 0 || !metadata) return { reader: r };
  const result: ClusterImagePolicy = {
    apiVersion: apiVersion as ClusterImagePolicy['apiVersion'],
    kind: 'ClusterImagePolicy',
    name: metadata.name,
    metadata,
    images,
    authorities,
    mode: modeText === 'warn' ? 'warn' : 'enforce',
    match,
  };
  if (policy) result.policy = policy;
  if (requiredAuthorities !== undefined) result.requiredAuthorities = requiredAuthorities;
  return { policy: result, reader: r };
}

function readImages(value: unknown, r: Reader): { glob: string }[] {
  const list = r.array(value, 'spec.images');
  if (!list || list.length === 0) {
    r.add('missing field(s)', 'spec.images');
    return [];
  }
  const out: { glob: string }[] = [];
  list.forEach((item, i) => {
    const path = `spec.images[${i}]`;
    const image = r.object(item, path, ['glob']);
    const glob = r.string(image?.glob, `${path}.glob`);
    if (!glob) {
      r.add('missing field(s)', `${path}.glob`);
      return;
    }
    const problem = validateGlob(glob);
    if (problem) {
      r.problems.push({ message: `invalid value: ${glob}`, paths: [`${path}.glob`], details: problem });
      return;
    }
    compileGlob(glob);
    out.push({ glob });
  });
  return out;
}

function readAuthorities(value: unknown, opts: ValidateOptions, r: Reader): Authority[] {
  const list = r.array(value, 'spec.authorities') ?? [];
  if (list.length === 0 && opts.failOnEmptyAuthorities !== false) r.add('missing field(s)', 'spec.authorities');
  const out: Authority[] = [];
  list.forEach((item, i) => {
    const a = readAuthority(item, i, opts, r);
    if (a) out.push(a);
  });
  return out;
}

const AUTHORITY_FIELDS = [
  'name',
  'key',
  'keyless',
  'static',
  'source',
  'ctlog',
  'attestations',
  'rfc3161timestamp',
  'signatureFormat',
];

function readAuthority(value: unknown, i: number, opts: ValidateOptions, r: Reader): Authority | undefined {
  const path = `spec.authorities[${i}]`;
  const a = r.object(value, path, AUTHORITY_FIELDS);
  if (!a) {
    r.add('missing field(s)', path);
    return undefined;
  }
  const present = (['key', 'keyless', 'static'] as const).filter((k) => a[k] !== undefined && a[k] !== null);
  const oneOfPaths = [`${path}.key`, `${path}.keyless`, `${path}.static`];
  if (present.length === 0) r.add('expected exactly one, got neither', ...oneOfPaths);
  if (present.length > 1) r.add('expected exactly one, got both', ...oneOfPaths);

  const authority: Authority = {
    name: r.string(a.name, `${path}.name`) || `authority-${i}`,
    index: i,
    source: readSources(a.source, `${path}.source`, r),
    attestations: readAttestations(a.attestations, `${path}.attestations`, r),
    signatureFormat: 'legacy',
  };
  if (a.key !== undefined && a.key !== null) {
    const key = readKeyRef(a.key, `${path}.key`, 'key', opts, r);
    if (key) authority.key = key;
  }
  if (a.keyless !== undefined && a.keyless !== null) {
    const keyless = readKeyless(a.keyless, `${path}.keyless`, opts, r);
    if (keyless) authority.keyless = keyless;
  }
  if (a.static !== undefined && a.static !== null) {
    const st = readStatic(a.static, `${path}.static`, r);
    if (st) authority.static = st;
    for (const other of ['attestations', 'source', 'ctlog', 'rfc3161timestamp'] as const) {
      const v = a[other];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
        r.add('expected exactly one, got both', `${path}.static`, `${path}.${other}`);
      }
    }
  }
  const ctlog = r.object(a.ctlog, `${path}.ctlog`, ['url', 'trustRootRef']);
  if (ctlog) {
    authority.ctlog = {};
    const url = r.string(ctlog.url, `${path}.ctlog.url`);
    if (url !== undefined) {
      if (!URL.canParse(url)) r.add(`invalid value: ${url}`, `${path}.ctlog.url`);
      authority.ctlog.url = url;
    }
    const ref = r.string(ctlog.trustRootRef, `${path}.ctlog.trustRootRef`);
    if (ref) authority.ctlog.trustRootRef = ref;
  }
  const ts = r.object(a.rfc3161timestamp, `${path}.rfc3161timestamp`, ['trustRootRef']);
  if (ts) {
    const ref = r.string(ts.trustRootRef, `${path}.rfc3161timestamp.trustRootRef`);
    authority.rfc3161timestamp = ref ? { trustRootRef: ref } : {};
  }
  const format = r.string(a.signatureFormat, `${path}.signatureFormat`) ?? '';
  if (format === 'bundle') authority.signatureFormat = 'bundle';
  else if (format !== '' && format !== 'legacy') r.add(`invalid value: ${format}`, `${path}.signatureFormat`);
  return authority;
}

function readKeyRef(
  value: unknown,
  path: string,
  use: 'key' | 'ca-cert',
  opts: ValidateOptions,
  r: Reader,
): KeyRef | undefined {
  const k = r.object(value, path, ['data', 'kms', 'secretRef', 'hashAlgorithm']);
  if (!k) return undefined;
  const data = r.string(k.data, `${path}.data`) || undefined;
  const kms = r.string(k.kms, `${path}.kms`) || undefined;
  const secret = r.object(k.secretRef, `${path}.secretRef`, ['name', 'namespace']);
  const count = [data, kms, secret].filter((x) => x !== undefined).length;
  // policy-controller spells the last one "secretref" in this message.
  const oneOf = [`${path}.data`, `${path}.kms`, `${path}.secretref`];
  if (count === 0) r.add('expected exactly one, got neither', ...oneOf);
  if (count > 1) r.add('expected exactly one, got both', ...oneOf);

  const rawHash = r.string(k.hashAlgorithm, `${path}.hashAlgorithm`);
  const hash = (rawHash ?? 'sha256').trim().toLowerCase() || 'sha256';
  if (!HASH_ALGORITHMS.includes(hash as HashAlgorithm)) r.add(`invalid value: ${rawHash}`, `${path}.hashAlgorithm`);
  const out: KeyRef = { hashAlgorithm: hash as HashAlgorithm };

  if (data !== undefined) {
    out.data = data;
    const problem = use === 'key' ? publicKeyProblem(out, data) : pemProblem(data);
    if (problem)
      r.problems.push({ message: `invalid value: ${shortValue(data)}`, paths: [`${path}.data`], details: problem });
  }
  if (kms !== undefined) {
    const problem = kmsReferenceProblem(kms);
    if (problem) r.problems.push({ message: `invalid value: ${kms}`, paths: [`${path}.kms`], details: problem });
    out.kms = kms;
  }
  if (secret) {
    const name = r.string(secret.name, `${path}.secretRef.name`);
    if (!name) r.add('missing field(s)', `${path}.secretRef.name`);
    const ns = r.string(secret.namespace, `${path}.secretRef.namespace`) ?? '';
    const allowedNs = opts.controllerNamespace ?? 'cosign-system';
    if (ns !== '' && ns !== allowedNs) {
      r.problems.push({
        message: `invalid value: ${ns}`,
        paths: [`${path}.secretRef.namespace`],
        details: `secretRef.namespace must be empty or ${allowedNs}`,
      });
    }
    out.secretRef = ns ? { name: name ?? '', namespace: ns } : { name: name ?? '' };
  }
  return out;
}

// PEM text in a one-line message: its first line is enough to recognise it.
function shortValue(value: string): string {
  const first = value.trim().split('\n')[0] ?? '';
  return first.length < value.trim().length ? `${first}…` : first;
}

// Every PEM block must be a usable key (policy-controller reads only the first; extra junk is refused).
// The keys are parsed once, for the key's hashAlgorithm, and kept for verification (authority-material.ts).
// A key that refuses that hash (an RSASSA-PSS key bound to another) is still valid as a policy: it is
// parsed again without the hash to tell, and verification reports the refusal.
function publicKeyProblem(ref: KeyRef, pem: string): string | undefined {
  if (ref.hashAlgorithm !== 'sha224') {
    try {
      rememberPublicKeys(ref, parsePublicKeys(pem, { hashAlgorithm: ref.hashAlgorithm }));
      return undefined;
    } catch {
      // told apart below, with validation's own reading (no hash)
    }
  }
  try {
    parsePublicKeys(pem);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

// ca-cert data holds certificates (or a key); only the PEM armour and base64 are checked here,
// the verifier parses the chain.
function pemProblem(text: string): string | undefined {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0) return 'not a PEM block';
  for (const [, label, body = ''] of blocks) {
    const b64 = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return `PEM block "${label}" is not valid base64`;
  }
  return undefined;
}

function readKeyless(value: unknown, path: string, opts: ValidateOptions, r: Reader): KeylessRef | undefined {
  const k = r.object(value, path, ['url', 'identities', 'ca-cert', 'trustRootRef', 'insecureIgnoreSCT']);
  if (!k) return undefined;
  const url = r.string(k.url, `${path}.url`) || undefined;
  const hasCa = k['ca-cert'] !== undefined && k['ca-cert'] !== null;
  if (url !== undefined && hasCa) r.add('expected exactly one, got both', `${path}.ca-cert`, `${path}.url`);
  if (url !== undefined && !URL.canParse(url)) r.add(`invalid value: ${url}`, `${path}.url`);
  const out: KeylessRef = {
    identities: readIdentities(k.identities, `${path}.identities`, r),
    insecureIgnoreSCT: r.boolean(k.insecureIgnoreSCT, `${path}.insecureIgnoreSCT`) ?? false,
  };
  if (url !== undefined) out.url = url;
  if (hasCa) {
    const ca = readKeyRef(k['ca-cert'], `${path}.ca-cert`, 'ca-cert', opts, r);
    if (ca) out.caCert = ca;
  }
  // Defaulting (clusterimagepolicy_defaults.go): neither url nor ca-cert => public Fulcio.
  if (url === undefined && !hasCa) out.url = DEFAULT_KEYLESS_URL;
  const trustRootRef = r.string(k.trustRootRef, `${path}.trustRootRef`);
  if (trustRootRef) out.trustRootRef = trustRootRef;
  return out;
}

function readIdentities(value: unknown, path: string, r: Reader): IdentityMatch[] {
  if (value === undefined || value === null) {
    // What the API server reports for the Go type's `identities: null`.
    r.problems.push({
      message: `${path}: Invalid value: "null": ${path} in body must be of type array (at least one identity is required)`,
      paths: [],
    });
    return [];
  }
  const list = r.array(value, path);
  if (!list) return [];
  if (list.length === 0) {
    r.add('missing field(s)', path);
    return [];
  }
  const before = r.problems.length;
  const out = list.map((item, i) => readIdentity(item, `${path}[${i}]`, r));
  if (r.problems.length === before) {
    // Same rules through @sigguard/identity, which the verifier will use to match.
    try {
      rememberIdentityMatcher(out, compileIdentities(out, { exactlyOne: true, field: path }));
    } catch (e) {
      if (e instanceof RegExpEngineNotLoadedError) throw e; // not the policy's fault: the caller loads RE2 and retries
      r.add(e instanceof Error ? e.message : String(e));
    }
  }
  return out;
}

function readIdentity(value: unknown, path: string, r: Reader): IdentityMatch {
  const o = r.object(value, path, ['issuer', 'issuerRegExp', 'subject', 'subjectRegExp']) ?? {};
  const id: IdentityMatch = {};
  for (const what of ['issuer', 'subject'] as const) {
    const exact = r.string(o[what], `${path}.${what}`) || undefined;
    const reKey = `${what}RegExp` as const;
    const re = r.string(o[reKey], `${path}.${reKey}`) || undefined;
    if (exact === undefined && re === undefined) r.add('missing field(s)', `${path}.${what}`, `${path}.${reKey}`);
    if (exact !== undefined && re !== undefined)
      r.add('expected exactly one, got both', `${path}.${what}`, `${path}.${reKey}`);
    if (exact !== undefined) id[what] = exact;
    if (re !== undefined) {
      try {
        compileGoRegExp(re, `${path}.${reKey}`);
      } catch (e) {
        if (e instanceof RegExpEngineNotLoadedError) throw e;
        r.problems.push({
          message: `invalid value: ${re}`,
          paths: [`${path}.${reKey}`],
          details: e instanceof Error ? e.message : String(e),
        });
      }
      id[reKey] = re;
    }
  }
  return id;
}

function readStatic(value: unknown, path: string, r: Reader): StaticRef | undefined {
  const s = r.object(value, path, ['action', 'message']);
  if (!s) return undefined;
  const action = r.string(s.action, `${path}.action`);
  if (action !== 'pass' && action !== 'fail') {
    r.add(`invalid value: ${action ?? ''}`, `${path}.action`);
    return undefined;
  }
  const message = r.string(s.message, `${path}.message`);
  return message ? { action, message } : { action };
}

function readSources(value: unknown, path: string, r: Reader): SignatureSource[] {
  const list = r.array(value, path) ?? [];
  if (list.length > 1) r.add('only single source is supported', path);
  return list.map((item, i) => {
    const p = `${path}[${i}]`;
    const s = r.object(item, p, ['oci', 'tagPrefix', 'signaturePullSecrets']) ?? {};
    const out: SignatureSource = { signaturePullSecrets: [] };
    const oci = r.string(s.oci, `${p}.oci`);
    if (oci) {
      const problem = ociRepositoryProblem(oci);
      if (problem) r.problems.push({ message: `invalid value: ${oci}`, paths: [`${p}.oci`], details: problem });
      out.oci = oci;
    }
    const prefix = r.string(s.tagPrefix, `${p}.tagPrefix`);
    if (prefix) out.tagPrefix = prefix;
    (r.array(s.signaturePullSecrets, `${p}.signaturePullSecrets`) ?? []).forEach((secret, j) => {
      const sp = `${p}.signaturePullSecrets[${j}]`;
      const name = r.string(r.object(secret, sp, ['name'])?.name, `${sp}.name`);
      if (!name) r.add('missing field(s)', `${sp}.name`);
      else out.signaturePullSecrets.push({ name });
    });
    return out;
  });
}

// go-containerregistry StrictValidation for source.oci (NewRepository with the one reference
// parser): an explicit registry, no implicit `library/` namespace, no tag or digest.
function ociRepositoryProblem(repo: string): string | undefined {
  let parsed;
  try {
    parsed = parseRepositoryName(repo);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const slash = repo.indexOf('/');
  const registry = slash > 0 ? repo.slice(0, slash) : '';
  if (!registry.includes('.') && !registry.includes(':'))
    return 'strict validation requires the registry to be specified';
  if (parsed.repository !== repo.slice(slash + 1)) {
    return "strict validation requires the full repository path (missing 'library')";
  }
  return undefined;
}

function readAttestations(value: unknown, path: string, r: Reader): AttestationRequirement[] {
  const list = r.array(value, path) ?? [];
  const out: AttestationRequirement[] = [];
  list.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const a = r.object(item, p, ['name', 'predicateType', 'policy']) ?? {};
    const name = r.string(a.name, `${p}.name`);
    if (!name) r.add('missing field(s)', `${p}.name`);
    const predicateType = r.string(a.predicateType, `${p}.predicateType`);
    if (!predicateType) r.add('missing field(s)', `${p}.predicateType`);
    else if (!isRequestURI(predicateType)) {
      r.warnings.push(`deprecated value, please use RFC 3986 conformant values: ${p}.predicateType (${predicateType})`);
    }
    const policy = validatePolicyRef(a.policy, `${p}.policy`, false, r);
    const req: AttestationRequirement = { name: name ?? '', predicateType: predicateType ?? '' };
    if (policy) req.policy = policy;
    out.push(req);
  });
  return out;
}

// Go url.ParseRequestURI accepts absolute URIs and absolute paths.
function isRequestURI(s: string): boolean {
  return s.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
}

function readMatch(value: unknown, r: Reader): MatchResource[] {
  const list = r.array(value, 'spec.match') ?? [];
  return list.map((item, i) => {
    const p = `spec.match[${i}]`;
    const m = r.object(item, p, ['group', 'version', 'resource', 'selector']) ?? {};
    const resource = r.string(m.resource, `${p}.resource`) ?? '';
    if (!MATCH_RESOURCES.includes(resource)) r.add(`invalid value: ${resource}`, `${p}.resource`);
    const out: MatchResource = {
      group: r.string(m.group, `${p}.group`) ?? '',
      version: r.string(m.version, `${p}.version`) ?? '',
      resource,
    };
    const selector = readSelector(m.selector, `${p}.selector`, r);
    if (selector) {
      if (!out.version) r.add('missing field(s)', `${p}.version`);
      out.selector = selector;
    }
    return out;
  });
}

function readSelector(value: unknown, path: string, r: Reader): LabelSelector | undefined {
  const s = r.object(value, path, ['matchLabels', 'matchExpressions']);
  if (!s) return undefined;
  const out: LabelSelector = {};
  const labels = r.stringMap(s.matchLabels, `${path}.matchLabels`);
  if (labels) out.matchLabels = labels;
  const exprs = r.array(s.matchExpressions, `${path}.matchExpressions`);
  if (exprs) {
    out.matchExpressions = exprs.map((item, i) => {
      const p = `${path}.matchExpressions[${i}]`;
      const e = r.object(item, p, ['key', 'operator', 'values']) ?? {};
      const key = r.string(e.key, `${p}.key`) ?? '';
      if (!key) r.add('missing field(s)', `${p}.key`);
      const operator = r.string(e.operator, `${p}.operator`) ?? '';
      if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator))
        r.add(`invalid value: ${operator}`, `${p}.operator`);
      const values = (r.array(e.values, `${p}.values`) ?? []).map((v, j) => r.string(v, `${p}.values[${j}]`) ?? '');
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0) r.add('missing field(s)', `${p}.values`);
      if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
        r.add('must not set the field(s)', `${p}.values`);
      return { key, operator: operator as 'In', values };
    });
  }
  return out;
}

function readRequiredAuthorities(
  annotations: Record<string, string> | undefined,
  count: number,
  r: Reader,
): number | undefined {
  const raw = annotations?.[REQUIRED_AUTHORITIES_ANNOTATION];
  if (raw === undefined) return undefined;
  const n = /^[1-9][0-9]*$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n > count) {
    r.problems.push({
      message: `invalid value: ${raw}`,
      paths: [join('metadata.annotations', REQUIRED_AUTHORITIES_ANNOTATION)],
      details: `must be a whole number from 1 to the number of authorities (${count})`,
    });
    return undefined;
  }
  return n;
}
