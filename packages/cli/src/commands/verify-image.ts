// `sigguard verify-image IMAGE --policy FILE...`: decide whether an image may run under
// ClusterImagePolicies, with evidence from a registry, an OCI layout or bundle files.
// Exit 0 admitted (warnings printed), 1 denied, 2 usage or input error.
import { readFileSync } from 'node:fs';
import { OciError, type CredentialProvider, type RegistryCredential } from '@sigguard/oci';
import { opaCompiler, sharedWorkerEvaluator } from '@sigguard/predicate/node';
import { PolicyError, renderDecision, type ClusterImagePolicy, type NoMatchPolicy } from '@sigguard/policy';
import { parseTrustedRoot, publicGoodTrustRoot, TrustRootSet, type TrustRoot } from '@sigguard/trust-root';
import { loadPolicies, readBundleDocument, verifyImage, VerifyImageError, type VerifyImageOptions } from 'sigguard';
import { evidenceFooter, noMatchHint } from './verify-image-footer.ts';
import {
  dockerCredentialProvider,
  normaliseRegistryHost,
  openOciLayoutDir,
  type DockerConfig,
} from '@sigguard/oci/node';
import { readDefaultDockerConfig, readDockerConfig } from '../docker-config-file.ts';
import { describeFileError, EXIT_DENIED, EXIT_OK, parseCommandLine, UsageError, type Command } from '../io.ts';

const USAGE = `usage: sigguard verify-image IMAGE --policy FILE... [--bundle FILE...] [--local-image DIR]
         [--trusted-root FILE] [--no-match-policy deny|warn|allow] [--platform OS/ARCH]
         [--registry-auth DOCKER_CONFIG_JSON] [--registry-auth HOST=USER:PASSWORD]... [--insecure-registry HOST]...
         [--opa PATH] [--strict-cip-policy] [--json] [--verbose]

  IMAGE              registry/repo@sha256:<hex> (a tag is resolved through the registry or the layout)
  --policy FILE      ClusterImagePolicy and TrustRoot YAML documents (repeatable, like kubectl apply -f)
  --bundle FILE      Sigstore bundle for this image, signature or attestation (repeatable; offline)
  --local-image DIR  OCI image layout (cosign save, oras copy --to-oci-layout) holding the image and its evidence
  --trusted-root F   trusted_root.json for authorities without trustRootRef (default: Sigstore public-good)
  --no-match-policy  what to do when no policy matches the image (default deny)
  --platform P       for a multi-arch index, verify this platform's manifest instead of the index
  --registry-auth    a Docker config.json to read credentials from instead of the default, or HOST=USER:PASSWORD
                     for one host (registry only). Default, like docker/cosign/crane: ${'$'}DOCKER_CONFIG/config.json,
                     else ~/.docker/config.json: per host its credHelpers entry, else credsStore (both run
                     docker-credential-<name> get), else its auths entry; none: anonymous
  --insecure-registry HOST  talk plain HTTP to HOST (loopback hosts always are; registry only)
  --opa PATH         opa executable to compile inline Rego source (default: opa on PATH)
  --strict-cip-policy  CIP-level CUE policies must be concrete: a reference to an authority that failed denies
                     (a sigguard extension; policy-controller ignores such references, see docs/policy.md)
  --json             print the decision as JSON (allowed, summary, warnings, policies, subject, evidence)
  --verbose          show passing checks too
Without --bundle or --local-image, the image and its evidence are read from the registry the reference names
(go-containerregistry rules), and only when an authority needs evidence: no match or static-only needs no network.
The decision goes to stdout, warnings and errors to stderr. When the registry could not be reached
or refused the credentials, the denial says so on stderr and --json has "fetchError" ({code, reason}).
Exit codes: 0 admitted, 1 denied (also when the evidence could not be fetched), 2 usage or input error.`;

export function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${describeFileError(e)}`);
  }
}

/**
 * Registry credentials: `--registry-auth HOST=USER:PASSWORD` for one host, over a Docker
 * config.json: the one given as `--registry-auth FILE`, else $DOCKER_CONFIG/config.json or
 * ~/.docker/config.json (auths, credHelpers, credsStore, as docker, cosign and crane read it).
 */
export function credentials(values: string[]): CredentialProvider {
  const explicit: Record<string, RegistryCredential> = {};
  let config: DockerConfig | undefined;
  let configGiven = false;
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq > 0) {
      const host = v.slice(0, eq);
      const userPass = v.slice(eq + 1);
      const colon = userPass.indexOf(':');
      if (colon <= 0) throw new UsageError(`--registry-auth ${host}=…: expected USER:PASSWORD`);
      explicit[normaliseRegistryHost(host)] = {
        username: userPass.slice(0, colon),
        password: userPass.slice(colon + 1),
      };
      continue;
    }
    if (configGiven) throw new UsageError('--registry-auth: give at most one Docker config.json');
    configGiven = true;
    config = readDockerConfig(v);
  }
  return dockerCredentialProvider(configGiven ? config : readDefaultDockerConfig(), explicit);
}

/** One line per problem (the error message already lists them once; do not repeat them). */
function policyProblems(file: string, e: PolicyError): string {
  // Limit errors already start with the source name (the file): say it once.
  const message = e.message.startsWith(`${file}: `) ? e.message.slice(file.length + 2) : e.message;
  if (e.problems.length <= 1) return `--policy ${file}: ${message}`;
  return [
    `--policy ${file}: validation failed: ${e.problems.length} problems:`,
    ...e.problems.map((p) => `  - ${p}`),
  ].join('\n');
}

/** Every --policy file through the library's loader; its problems are input errors naming the file. */
export async function loadPolicyFiles(
  files: string[],
): Promise<{ policies: ClusterImagePolicy[]; named: TrustRootSet; warnings: string[] }> {
  const policies: ClusterImagePolicy[] = [];
  const roots: TrustRoot[] = [];
  const warnings: string[] = [];
  for (const f of files) {
    try {
      const loaded = await loadPolicies(read(f, '--policy file'), { source: f });
      policies.push(...loaded.policies);
      roots.push(...loaded.trustRoots);
      warnings.push(...loaded.warnings);
    } catch (e) {
      if (e instanceof PolicyError) throw new UsageError(policyProblems(f, e));
      if (e instanceof VerifyImageError) throw new UsageError(e.message);
      throw e;
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

    const { policies, named, warnings: parseWarnings } = await loadPolicyFiles(values.policy);
    // The built-in public-good root only when no --trusted-root replaces it (parsing it is not free).
    let defaultTrustRoot: TrustRoot;
    if (values['trusted-root']) {
      try {
        defaultTrustRoot = parseTrustedRoot(read(values['trusted-root'], '--trusted-root file'), { name: 'custom' });
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`--trusted-root ${values['trusted-root']}: ${(e as Error).message}`);
      }
    } else defaultTrustRoot = publicGoodTrustRoot();
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
      throw new UsageError(
        '--registry-auth and --insecure-registry apply only when reading from a registry, not with --bundle or --local-image',
      );
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
      if (e instanceof VerifyImageError || (e instanceof OciError && e.code === 'REFERENCE_INVALID'))
        throw new UsageError(e.message);
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
    if (decision.fetchError) {
      const what =
        decision.fetchError.code === 'UNAUTHORIZED'
          ? 'the registry refused the credentials'
          : 'the registry could not be reached';
      io.err(`sigguard verify-image: ${what} (${decision.fetchError.code}): ${decision.fetchError.reason}`);
      io.err('sigguard verify-image: denied because the evidence could not be fetched, not because of what it says');
    }
    return decision.allowed ? EXIT_OK : EXIT_DENIED;
  },
};

export async function openLayout(dir: string) {
  try {
    return await openOciLayoutDir(dir);
  } catch (e) {
    throw new UsageError(`--local-image ${dir}: ${(e as Error).message}`);
  }
}
