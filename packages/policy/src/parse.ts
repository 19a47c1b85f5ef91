import { readYamlDocuments, YamlLimitError, type YamlLimits } from '@sigguard/input-limits/yaml';
import { formatProblem, PolicyError } from './errors.ts';
import { errorMessage } from './messages.ts';
import { Reader } from './reader.ts';
import { validateMetadata } from './metadata.ts';
import { validateInto, type ValidateOptions } from './validate.ts';
import type { ClusterImagePolicy, TrustRootDocument } from './types.ts';

export interface PolicyDocuments {
  policies: ClusterImagePolicy[];
  trustRoots: TrustRootDocument[];
  /** Non-fatal notes (e.g. deprecated predicate short names), prefixed with the document. */
  warnings: string[];
}

export interface ParseOptions extends ValidateOptions {
  /** Size, alias and nesting limits for the YAML text (defaults in docs/limits.md). */
  yamlLimits?: YamlLimits;
  /** Names the input in messages (e.g. a file path). */
  source?: string;
  /**
   * Full TrustRoot validation, e.g. `parseTrustRootResource` from @sigguard/trust-root (kept
   * injectable so this package does not depend on trust-root). Its result is stored in
   * `TrustRootDocument.resource`; what it throws is reported like any other problem.
   */
  trustRootParser?: (doc: unknown, where: string) => unknown;
}

/**
 * Parses multi-document YAML holding ClusterImagePolicy and TrustRoot documents and validates
 * every ClusterImagePolicy as policy-controller's admission webhook would. Fails closed: any
 * YAML error, unknown kind, unknown field or invalid value throws a PolicyError whose
 * `problems` list every issue in every document. Documents that are only comments are skipped.
 */
export function parsePolicyDocuments(text: string, opts: ParseOptions = {}): PolicyDocuments {
  const source = opts.source ?? 'input';
  if (typeof text !== 'string') throw new PolicyError('POLICY_PARSE', `${source}: expected YAML text`);
  let docs;
  try {
    docs = readYamlDocuments(text, opts.yamlLimits);
  } catch (e) {
    if (e instanceof YamlLimitError) throw new PolicyError('POLICY_PARSE', `${source}: ${e.message}`);
    throw e;
  }
  const out: PolicyDocuments = { policies: [], trustRoots: [], warnings: [] };
  const problems: string[] = [];
  const names = new Map<string, number>();

  for (const { where, value } of kubernetesObjects(docs, source, problems)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
      problems.push(`expected a Kubernetes object (mapping), got ${got} (in ${where})`);
      continue;
    }
    const kind = (value as Record<string, unknown>).kind;
    const r = new Reader();
    let label = where;
    if (kind === 'ClusterImagePolicy') {
      const { policy } = validateInto(value, opts, r);
      if (policy) {
        label = `${where} (ClusterImagePolicy ${policy.name})`;
        out.policies.push(policy);
        names.set(`ClusterImagePolicy/${policy.name}`, (names.get(`ClusterImagePolicy/${policy.name}`) ?? 0) + 1);
      }
    } else if (kind === 'TrustRoot') {
      const trustRoot = readTrustRootEnvelope(value as Record<string, unknown>, r);
      if (trustRoot && opts.trustRootParser) {
        try {
          trustRoot.resource = opts.trustRootParser(value, where);
        } catch (e) {
          r.add(errorMessage(e));
        }
      }
      if (trustRoot) {
        label = `${where} (TrustRoot ${trustRoot.name})`;
        out.trustRoots.push(trustRoot);
        names.set(`TrustRoot/${trustRoot.name}`, (names.get(`TrustRoot/${trustRoot.name}`) ?? 0) + 1);
      }
    } else {
      r.add(`unsupported kind ${JSON.stringify(kind)} (expected ClusterImagePolicy or TrustRoot)`, 'kind');
    }
    // Problem first (policy-controller's wording), then where it is.
    for (const p of r.problems) problems.push(`${formatProblem(p)} (in ${label})`);
    for (const w of r.warnings) out.warnings.push(`${label}: ${w}`);
  }
  for (const [name, count] of names) {
    // The API server would refuse the second create; silently picking one would hide a policy.
    if (count > 1) problems.push(`${name} is defined ${count} times (in ${source})`);
  }
  if (problems.length > 0) {
    const head = problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.join('\n')}`;
    throw new PolicyError('POLICY_INVALID', `validation failed: ${head}`, problems);
  }
  return out;
}

/**
 * The objects of every document, with what `kubectl get … -o yaml` writes (one `kind: List`,
 * apiVersion v1, holding the objects in `items`) unpacked into its items. YAML errors and a
 * malformed List are problems; comment-only documents are skipped.
 */
function* kubernetesObjects(
  docs: ReturnType<typeof readYamlDocuments>,
  source: string,
  problems: string[],
): Generator<{ where: string; value: unknown }> {
  for (const doc of docs) {
    const where = `${source} document ${doc.index}`;
    if (doc.problem !== undefined) {
      problems.push(`YAML: ${doc.problem} (in ${where})`);
      continue;
    }
    const value = doc.value as { kind?: unknown; apiVersion?: unknown; items?: unknown } | null | undefined;
    if (value === null || value === undefined) continue; // comment-only or empty document
    if (typeof value !== 'object' || Array.isArray(value) || value.kind !== 'List') {
      yield { where, value };
      continue;
    }
    if (value.apiVersion !== 'v1') {
      problems.push(`kind List: invalid value: ${String(value.apiVersion)}: apiVersion (expected v1) (in ${where})`);
      continue;
    }
    if (!Array.isArray(value.items)) {
      problems.push(`kind List: items must be a list of objects (in ${where})`);
      continue;
    }
    for (const [i, item] of value.items.entries()) yield { where: `${where} item ${i}`, value: item };
  }
}

// TrustRoot content is validated and loaded by @sigguard/trust-root; here only the envelope.
function readTrustRootEnvelope(value: Record<string, unknown>, r: Reader): TrustRootDocument | undefined {
  const top = r.object(value, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  if (!top) return undefined;
  if (top.apiVersion !== 'policy.sigstore.dev/v1alpha1')
    r.add(`invalid value: ${String(top.apiVersion)}`, 'apiVersion');
  const metadata = validateMetadata(top.metadata, r);
  const spec = r.object(top.spec, 'spec', ['repository', 'remote', 'sigstoreKeys']);
  if (!spec) r.add('missing field(s)', 'spec');
  else {
    const present = ['repository', 'remote', 'sigstoreKeys'].filter((k) => spec[k] !== undefined && spec[k] !== null);
    if (present.length !== 1) {
      r.add(
        `expected exactly one, got ${present.length === 0 ? 'neither' : 'both'}`,
        'spec.repository',
        'spec.remote',
        'spec.sigstoreKeys',
      );
    }
  }
  if (!metadata || !spec || r.problems.length > 0) return undefined;
  return {
    apiVersion: 'policy.sigstore.dev/v1alpha1',
    kind: 'TrustRoot',
    name: metadata.name,
    metadata,
    spec,
    raw: value,
  };
}
