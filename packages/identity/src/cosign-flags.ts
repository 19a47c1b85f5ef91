// `cosign verify` certificate flags → IdentitySpec, with cosign's requirements. Bad flags are
// IdentityUsageError (code USAGE) so a CLI can print them and exit 2.
import { IdentityUsageError, PatternError, PolicyInvalidError } from './errors.ts';
import type { FulcioExtensions } from './fulcio-extensions.ts';
import { compileIdentity, type IdentitySpec } from './identity-spec.ts';

export interface CosignIdentityFlags {
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  certificateGithubWorkflowTrigger?: string;
  certificateGithubWorkflowSha?: string;
  certificateGithubWorkflowName?: string;
  certificateGithubWorkflowRepository?: string;
  certificateGithubWorkflowRef?: string;
}

/** Command-line flag → option name. */
export const COSIGN_IDENTITY_FLAGS: Readonly<Record<string, keyof CosignIdentityFlags>> = {
  '--certificate-identity': 'certificateIdentity',
  '--certificate-identity-regexp': 'certificateIdentityRegexp',
  '--certificate-oidc-issuer': 'certificateOidcIssuer',
  '--certificate-oidc-issuer-regexp': 'certificateOidcIssuerRegexp',
  '--certificate-github-workflow-trigger': 'certificateGithubWorkflowTrigger',
  '--certificate-github-workflow-sha': 'certificateGithubWorkflowSha',
  '--certificate-github-workflow-name': 'certificateGithubWorkflowName',
  '--certificate-github-workflow-repository': 'certificateGithubWorkflowRepository',
  '--certificate-github-workflow-ref': 'certificateGithubWorkflowRef',
};

// cosign compares these flags with the GitHub-specific Fulcio extensions 1.2–1.6.
const WORKFLOW_EXTENSIONS: ReadonlyArray<[keyof CosignIdentityFlags, keyof FulcioExtensions]> = [
  ['certificateGithubWorkflowTrigger', 'githubWorkflowTrigger'],
  ['certificateGithubWorkflowSha', 'githubWorkflowSHA'],
  ['certificateGithubWorkflowName', 'githubWorkflowName'],
  ['certificateGithubWorkflowRepository', 'githubWorkflowRepository'],
  ['certificateGithubWorkflowRef', 'githubWorkflowRef'],
];

/**
 * Remove the cosign certificate flags (`--flag value` or `--flag=value`) from `argv`.
 * Returns the flags and the remaining arguments. A repeated flag or a missing value is a usage error.
 */
export function takeCosignIdentityFlags(argv: readonly string[]): { flags: CosignIdentityFlags; rest: string[] } {
  const flags: CosignIdentityFlags = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = Object.hasOwn(COSIGN_IDENTITY_FLAGS, name) ? COSIGN_IDENTITY_FLAGS[name] : undefined;
    if (!key) {
      rest.push(arg);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
      if (value === undefined || value.startsWith('--')) throw new IdentityUsageError(`${name} needs a value`);
    }
    if (flags[key] !== undefined) throw new IdentityUsageError(`${name} given more than once`);
    flags[key] = value;
  }
  return { flags, rest };
}

/** True when any certificate identity flag was given. */
export function hasCosignIdentityFlags(flags: CosignIdentityFlags): boolean {
  return Object.values(flags).some((v) => v !== undefined);
}

/**
 * The IdentitySpec that `cosign verify` flags describe. Like cosign, keyless verification needs an
 * identity (exact or regexp) and an issuer (exact or regexp); exact and regexp together must both match.
 */
export function identitySpecFromCosignFlags(flags: CosignIdentityFlags): IdentitySpec {
  const set = (v: string | undefined): v is string => typeof v === 'string' && v !== '';
  if (!set(flags.certificateIdentity) && !set(flags.certificateIdentityRegexp)) {
    throw new IdentityUsageError(
      '--certificate-identity or --certificate-identity-regexp is required for verification in keyless mode',
    );
  }
  if (!set(flags.certificateOidcIssuer) && !set(flags.certificateOidcIssuerRegexp)) {
    throw new IdentityUsageError(
      '--certificate-oidc-issuer or --certificate-oidc-issuer-regexp is required for verification in keyless mode',
    );
  }
  const spec: IdentitySpec = {};
  if (set(flags.certificateIdentity)) spec.subject = flags.certificateIdentity;
  if (set(flags.certificateIdentityRegexp)) spec.subjectRegExp = flags.certificateIdentityRegexp;
  if (set(flags.certificateOidcIssuer)) spec.issuer = flags.certificateOidcIssuer;
  if (set(flags.certificateOidcIssuerRegexp)) spec.issuerRegExp = flags.certificateOidcIssuerRegexp;
  const extensions: Partial<FulcioExtensions> = {};
  for (const [flag, ext] of WORKFLOW_EXTENSIONS) {
    const v = flags[flag];
    if (set(v)) extensions[ext] = v;
  }
  if (Object.keys(extensions).length > 0) spec.extensions = extensions;
  try {
    compileIdentity(spec, 'flags'); // surfaces RE2 errors now, as usage errors
  } catch (e) {
    if (e instanceof PatternError) {
      const flag = e.field.endsWith('issuerRegExp')
        ? '--certificate-oidc-issuer-regexp'
        : '--certificate-identity-regexp';
      throw new IdentityUsageError(
        `${flag}: invalid Go (RE2) regular expression ${JSON.stringify(e.pattern)}: ${e.detail}`,
      );
    }
    if (e instanceof PolicyInvalidError) throw new IdentityUsageError(e.message);
    throw e;
  }
  return spec;
}
