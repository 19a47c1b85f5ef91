// `sigguard verify-image IMAGE --policy FILE...`: decide whether an image may run under
// ClusterImagePolicies, with evidence from a registry, an OCI layout or bundle files.
// Exit 0 admitted (warnings printed), 1 denied, 2 usage or input error.
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { OciError, type RegistryCredential } from '@sigguard/oci';
import { openOciLayoutDir } from '@sigguard/oci/node';
import { opaCompiler, sharedWorkerEvaluator } from '@sigguard/predicate/node';
import { parsePolicyDocuments, PolicyError, renderDecision, type ClusterImagePolicy, type NoMatchPolicy } from '@sigguard/policy';
import {
  loadTrustRootResource,
  parseTrustedRoot,
  parseTrustRootResource,
  publicGoodTrustRoot,
  TrustRootSet,
  type TrustRoot,
} from '@sigguard/trust-root';
import { readBundleDocument, verifyImage, VerifyImageError, type VerifyImageOptions } from '../../verify-image.ts';
import { evidenceFooter, noMatchHint } from './verify-image-footer.ts';
import { describeFileError, EXIT_DENIED, EXIT_OK, parseCommandLine, UsageError, type Command } from '../io.ts';

const USAGE = `usage: sigguard verify-image IMAGE --policy FILE... [--bundle FILE...] [--local-image DIR]
         [--trusted-root FILE] [--no-match-policy deny|warn|allow] [--platform OS/ARCH]
         [--registry-auth HOST=USER:PASSWORD | --registry-auth DOCKER_CONFIG_JSON]... [--insecure-registry HOST]...
         [--opa PATH] [--strict-cip-policy] [--json] [--verbose]

  IMAGE              registry/repo@sha256:<hex> (a tag is resolved through the registry or the layout)
  --policy FILE      ClusterImagePolicy and TrustRoot YAML documents (repeatable, like kubectl apply -f)
  --bundle FILE      Sigstore bundle for this image, signature or attestation (repeatable; offline)
  --local-image DIR  OCI image layout (cosign save, oras copy --to-oci-layout) holding the image and its evidence
  --trusted-root F   trusted_root.json for authorities without trustRootRef (default: Sigstore public-good)
  --no-match-policy  what to do when no policy matches the image (default deny)
  --platform P       for a multi-arch index, verify this platform's manifest instead of the index
  --registry-auth    credentials for a registry host, or a Docker config.json with "auths" (registry only)
  --insecure-registry HOST  talk plain HTTP to HOST (loopback hosts always are; registry only)
  --opa PATH         opa executable to compile inline Rego source (default: opa on PATH)
  --strict-cip-policy  CIP-level CUE policies must be concrete: a reference to an authority that failed denies
                     (a sigguard extension; policy-controller ignores such references, see docs/policy.md)
  --json             print the decision as JSON (allowed, summary, warnings, policies, subject, evidence)
  --verbose          show passing checks too
Without --bundle or --local-image, the image and its evidence are read from the registry.
Exit codes: 0 admitted, 1 denied, 2 usage or input error.`;

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${describeFileError(e)}`);
  }
}

/** `HOST=USER:PASSWORD`, or a Docker config.json (`auths` with auth / username+password / identitytoken). */
function credentials(values: string[]): Record<string, RegistryCredential> {
  const out: Record<string, RegistryCredential> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq > 0) {
      const host = v.slice(0, eq);
      const userPass = v.slice(eq + 1);
      const colon = userPass.indexOf(':');
      if (colon <= 0) throw new UsageError(`--registry-auth ${host}=…: expected USER:PASSWORD`);
      out[host] = { username: userPass.slice(0, colon), password: userPass.slice(colon + 1) };
      continue;
    }
    let doc: { auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }> };
    try {
      doc = JSON.parse(read(v, '--registry-auth file'));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--registry-auth ${v}: not a Docker config.json: ${(e as Error).message}`);
    }
    for (const [key, a] of Object.entries(doc.auths ?? {})) {
      const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
      const normalised = host === 'docker.io' || host === 'registry-1.docker.io' ? 'index.docker.io' : host;
      if (a.identitytoken) out[normalised] = { token: a.identitytoken };
      else if (a.username && a.password) out[normalised] = { username: a.username, password: a.password };
      else if (a.auth) {
        const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) out[normalised] = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      }
    }
  }
  return out;
}

/** `kubectl get clusterimagepolicies,trustroots -o yaml` writes one `kind: List`: unpack its items. */
function expandKubectlLists(text: string): string {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return text; // let the policy parser report it
  const values = docs.map((d) => d.toJS({ maxAliasCount: 100 }) as { kind?: unknown; items?: unknown } | null);
  if (!values.some((v) => v?.kind === 'List')) return text;
  const out: unknown[] = [];
  for (const v of values) {
    if (v?.kind === 'List' && Array.isArray(v.items)) out.push(...v.items);
    else if (v !== null && v !== undefined) out.push(v);
  }
  return out.map((v) => stringify(v)).join('---\n');
}

/** One line per problem (the error message already lists them once; do not repeat them). */
function policyProblems(file: string, e: PolicyError): string {
  if (e.problems.length <= 1) return `--policy ${file}: ${e.message}`;
  return [`--policy ${file}: validation failed: ${e.problems.length} problems:`, ...e.problems.map((p) => `  - ${p}`)].join('\n');
}

async function loadPolicies(files: string[]): Promise<{ policies: ClusterImagePolicy[]; named: TrustRootSet; warnings: string[] }> {
  const policies: ClusterImagePolicy[] = [];
  const roots: TrustRoot[] = [];
  const warnings: string[] = [];
  for (const f of files) {
    let docs;
    try {
      docs = parsePolicyDocuments(expandKubectlLists(read(f, '--policy file')), { source: f });
    } catch (e) {
      if (e instanceof PolicyError) throw new UsageError(policyProblems(f, e));
      throw e;
    }
    policies.push(...docs.policies);
    warnings.push(...docs.warnings);
    for (const t of docs.trustRoots) {
      try {
        roots.push(await loadTrustRootResource(parseTrustRootResource(t.raw, `${f}: TrustRoot ${t.name}`)));
      } catch (e) {
        throw new UsageError(`${f}: TrustRoot ${t.name}: ${(e as Error).message}`);
      }
    }
  }
  try {
    return { policies, named: new TrustRootSet(roots), warnings };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export const verifyImageCommand: Command = {
  name: 'verify-image',
  summary: 'verify an image against ClusterImagePolicy documents',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandLine(argv, {
          policy: { type: 'string', multiple: true },
          bundle: { type: 'string', multiple: true },
          'local-image': { type: 'string' },
          'trusted-root': { type: 'string' },
          'no-match-policy': { type: 'string' },
          platform: { type: 'string' },
          'registry-auth': { type: 'string', multiple: true },
          'insecure-registry': { type: 'string', multiple: true },
          opa: { type: 'string' },
          'strict-cip-policy': { type: 'boolean' },
          json: { type: 'boolean' },
          verbose: { type: 'boolean' },
        });
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(`expected exactly one IMAGE, got ${positionals.length}`);
    const image = positionals[0]!;
    if (!values.policy?.length) throw new UsageError('at least one --policy FILE is required');
    const noMatch = values['no-match-policy'];
    if (noMatch !== undefined && !['deny', 'warn', 'allow'].includes(noMatch)) {
      throw new UsageError(`--no-match-policy must be deny, warn or allow, got ${JSON.stringify(noMatch)}`);
    }

    const { policies, named, warnings: parseWarnings } = await loadPolicies(values.policy);
    let defaultTrustRoot: TrustRoot = publicGoodTrustRoot();
    if (values['trusted-root']) {
      try {
        defaultTrustRoot = parseTrustedRoot(read(values['trusted-root'], '--trusted-root file'), { name: 'custom' });
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`--trusted-root ${values['trusted-root']}: ${(e as Error).message}`);
      }
    }
    const options: VerifyImageOptions = {
      policies,
      trustRoots: named,
      defaultTrustRoot,
      // Inline Rego source (the usual CIP shape) is compiled with opa, as eval-predicate does;
      // opa only runs when such a policy is evaluated, CUE and precompiled Rego never need it.
      predicate: {
        regoCompiler: opaCompiler(values.opa ? { opaPath: values.opa } : {}),
        // The engines run in a worker that is terminated at the time limit (a worker per process).
        evaluator: sharedWorkerEvaluator(),
        ...(values['strict-cip-policy'] ? { strictCipPolicy: true } : {}),
      },
      ...(noMatch ? { noMatchPolicy: noMatch as NoMatchPolicy } : {}),
      ...(values.platform ? { platform: values.platform } : {}),
    };
    const offline = Boolean(values.bundle?.length || values['local-image']);
    if (offline && (values['registry-auth']?.length || values['insecure-registry']?.length)) {
      // Offline evidence never reaches a registry: a registry flag here is a mistake, not a no-op.
      throw new UsageError('--registry-auth and --insecure-registry apply only when reading from a registry, not with --bundle or --local-image');
    }
    if (offline) {
      options.evidence = {
        bundles: (values.bundle ?? []).map((f) => {
          try {
            return readBundleDocument(read(f, '--bundle file'), `--bundle ${f}`);
          } catch (e) {
            throw e instanceof VerifyImageError ? new UsageError(e.message) : e;
          }
        }),
        ...(values['local-image'] ? { layout: await openLayout(values['local-image']) } : {}),
      };
    } else {
      options.registry = {
        credentials: credentials(values['registry-auth'] ?? []),
        insecureRegistries: values['insecure-registry'] ?? [],
      };
    }

    let decision;
    try {
      decision = await verifyImage(image, options);
    } catch (e) {
      if (e instanceof VerifyImageError || (e instanceof OciError && e.code === 'REFERENCE_INVALID')) throw new UsageError(e.message);
      throw e;
    }
    const warnings = [...parseWarnings, ...decision.warnings];
    if (values.json) {
      io.out(JSON.stringify({ ...decision, warnings }, null, 2));
    } else {
      // Warnings go to stderr only (below), not also into the tree on stdout: once each.
      io.out(renderDecision({ ...decision, warnings: [] }, { color: io.isTTY, verbose: values.verbose === true }));
      for (const line of [...evidenceFooter(decision), ...noMatchHint(decision, policies)]) io.out(line);
      for (const w of warnings) io.err(`warning: ${w}`);
    }
    return decision.allowed ? EXIT_OK : EXIT_DENIED;
  },
};

async function openLayout(dir: string) {
  try {
    return await openOciLayoutDir(dir);
  } catch (e) {
    throw new UsageError(`--local-image ${dir}: ${(e as Error).message}`);
  }
}
