// `sigguard verify-bundle`: the sigstore-conformance client protocol
//   verify-bundle [--staging] --bundle FILE
//     (--certificate-identity ID --certificate-oidc-issuer URL | --key PEM)
//     [--trusted-root FILE] FILE_OR_DIGEST
// Exit 0 verified, 1 not verified, 2 usage or input error.
import { existsSync, readFileSync } from 'node:fs';
import { parseTrustedRoot, publicGoodTrustRoot, stagingTrustRoot, type TrustRoot } from '@sigguard/trust-root';
import {
  compileIdentities,
  COSIGN_IDENTITY_FLAGS,
  IdentityUsageError,
  identitySpecFromCosignFlags,
  parsePublicKey,
  withGoRegExpEngine,
  type CosignIdentityFlags,
} from '@sigguard/identity';
import {
  isInputError,
  parseArtifactDigest,
  publicKeyFromPem,
  type BundleVerification,
  type VerifyBundleOptions,
} from '@sigguard/verify';
import { verifyBundle } from 'sigguard';
import {
  describeFileError,
  EXIT_DENIED,
  EXIT_OK,
  EXIT_USAGE,
  parseCommandLine,
  UsageError,
  type CliIO,
  type Command,
} from '../io.ts';

const USAGE = `usage: sigguard verify-bundle [--staging] --bundle FILE
         (--certificate-identity ID --certificate-oidc-issuer URL | --key PEM_FILE)
         [--trusted-root FILE | --trust-root FILE[#NAME]] [--json] FILE_OR_DIGEST

  FILE_OR_DIGEST  the artifact, or sha256:<64 hex> (for DSSE: an in-toto subject digest)
  --bundle FILE   the Sigstore bundle (v0.1-v0.3, message signature or DSSE envelope)

  who must have signed: keyless (cosign verify identity flags)
  --certificate-identity ID, --certificate-identity-regexp RE
                  the certificate's subject (SAN), exactly or as a Go RE2 regexp (unanchored)
  --certificate-oidc-issuer URL, --certificate-oidc-issuer-regexp RE
                  the OIDC issuer, exactly or as a regexp
  --certificate-github-workflow-{trigger,sha,name,repository,ref} VALUE
                  Fulcio's GitHub workflow extensions must equal VALUE
  or with a key
  --key PEM_FILE  a PEM public key (ECDSA P-256/P-384/P-521, RSA >= 2048 bits, Ed25519): the
                  bundle must be signed with it; no certificate identity is checked

  trust (default: the Sigstore public-good trusted root built into sigguard; no network)
  --trusted-root  trusted_root.json to verify against
  --trust-root    a TrustRoot YAML (policy.sigstore.dev/v1alpha1; FILE#NAME picks one of several) or a trusted_root.json
  --staging       use the built-in Sigstore staging root instead of public-good

  --json          print the result with every check as JSON on stdout

The result and its checks go to stdout; usage and input errors to stderr.
exit codes: 0 verified, 1 not verified (the failed check is named), 2 usage or input error
(unreadable or malformed bundle, key or trust root, a bad flag)`;

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${describeFileError(e)}`);
  }
}

function loadKey(path: string) {
  const text = new TextDecoder().decode(readInput(path, '--key file'));
  try {
    parsePublicKey(text); // @sigguard/identity: refuses RSA < 2048 bits, unsupported key types, malformed PEM
    return publicKeyFromPem(text);
  } catch (e) {
    throw new UsageError(`--key ${path}: ${(e as Error).message}`);
  }
}

function loadTrustRoot(path: string | undefined, staging: boolean): TrustRoot {
  if (!path) return staging ? stagingTrustRoot() : publicGoodTrustRoot();
  try {
    return parseTrustedRoot(readInput(path, '--trusted-root file'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--trusted-root ${path}: ${(e as Error).message}`);
  }
}

async function loadTrustRootOption(spec: string, trustedRoot: string | undefined): Promise<TrustRoot> {
  if (trustedRoot !== undefined) throw new UsageError('give either --trust-root or --trusted-root, not both');
  const hash = spec.lastIndexOf('#');
  const [path, name] = hash > 0 && !existsSync(spec) ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
  try {
    // Imported here: a TrustRoot YAML needs the YAML parser, which a trusted_root.json never does.
    const { loadTrustRootFile } = await import('@sigguard/trust-root/node');
    return await loadTrustRootFile(path, name === undefined ? {} : { name });
  } catch (e) {
    throw new UsageError(`--trust-root ${spec}: ${(e as Error).message}`);
  }
}

function print(result: BundleVerification, json: boolean, io: CliIO, bundleFile: string): void {
  if (json) {
    const { signer, error, ...rest } = result;
    const out = {
      ...rest,
      signer: signer && {
        kind: signer.kind,
        subject: signer.subject,
        issuer: signer.issuer,
        keyIndex: signer.keyIndex,
      },
      error: error && { code: error.code, check: error.check, message: error.message },
    };
    io.out(JSON.stringify(out, null, 2));
    return;
  }
  const error = result.error;
  if (error && isInputError(error.code)) {
    // An input error (exit 2) is a diagnostic like every subcommand's: stderr, naming the input.
    const what =
      error.code === 'MALFORMED_BUNDLE' ? `--bundle ${bundleFile}: not a usable Sigstore bundle` : error.check;
    io.err(`sigguard verify-bundle: ${what}: ${error.message} [${error.code}]`);
    return;
  }
  // The decision, verified or not, goes to stdout, as every subcommand's does.
  if (result.ok) {
    const who =
      result.signer?.kind === 'certificate'
        ? `${result.signer.subject} (issuer ${result.signer.issuer})`
        : 'a trusted public key';
    io.out(`verified: signed by ${who}`);
  } else {
    io.out(`not verified: ${error?.check} check failed [${error?.code}]: ${error?.message}`);
  }
  for (const c of result.checks) io.out(`  ${c.status.padEnd(4)} ${c.name.padEnd(16)} ${c.reason}`);
}

export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  summary: 'verify a Sigstore bundle against an artifact (sigstore-conformance protocol)',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandLine(argv, {
      staging: { type: 'boolean' },
      bundle: { type: 'string' },
      'certificate-identity': { type: 'string' },
      'certificate-oidc-issuer': { type: 'string' },
      // cosign verify parity (issue 4): regexps and GitHub workflow extensions
      'certificate-identity-regexp': { type: 'string' },
      'certificate-oidc-issuer-regexp': { type: 'string' },
      'certificate-github-workflow-trigger': { type: 'string' },
      'certificate-github-workflow-sha': { type: 'string' },
      'certificate-github-workflow-name': { type: 'string' },
      'certificate-github-workflow-repository': { type: 'string' },
      'certificate-github-workflow-ref': { type: 'string' },
      key: { type: 'string' },
      'trusted-root': { type: 'string' },
      'trust-root': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    const v = parsed.values;
    if (v.help) {
      io.out(USAGE);
      return EXIT_OK;
    }
    if (!v.bundle) throw new UsageError('--bundle is required');
    if (parsed.positionals.length !== 1)
      throw new UsageError(`expected exactly one FILE_OR_DIGEST, got ${parsed.positionals.length}`);
    const keyMode = v.key !== undefined;
    const certFlags: CosignIdentityFlags = {};
    for (const [flag, key] of Object.entries(COSIGN_IDENTITY_FLAGS)) {
      const value = (v as Record<string, unknown>)[flag.slice(2)];
      if (typeof value === 'string') certFlags[key] = value;
    }
    const identityMode = Object.keys(certFlags).length > 0;
    if (keyMode === identityMode)
      throw new UsageError('give either --key or --certificate-identity with --certificate-oidc-issuer');
    let identitySpec;
    try {
      // Regexp flags are compiled here: the RE2 engine is loaded only when one is given.
      identitySpec = identityMode ? await withGoRegExpEngine(() => identitySpecFromCosignFlags(certFlags)) : undefined;
    } catch (e) {
      if (e instanceof IdentityUsageError) throw new UsageError(e.message);
      throw e;
    }

    const target = parsed.positionals[0]!;
    // Conformance rule: a digest starts with sha256:, has the right length and is not a path on disk.
    const digest = !existsSync(target) ? parseArtifactDigest(target) : undefined;
    if (!digest && !existsSync(target) && /^sha\d+:/i.test(target)) {
      throw new UsageError(`${target}: not a file, and not a digest of the form sha256:<64 hex digits>`);
    }
    const options: Omit<VerifyBundleOptions, 'trustRoot'> & { trustRoot: TrustRoot } = {
      trustRoot:
        v['trust-root'] !== undefined
          ? await loadTrustRootOption(v['trust-root'], v['trusted-root'])
          : loadTrustRoot(v['trusted-root'], Boolean(v.staging)),
      ...(digest ? { artifactDigest: digest } : { artifact: readInput(target, 'artifact') }),
    };
    if (keyMode) options.keys = [loadKey(v.key!)];
    else options.identities = compileIdentities([identitySpec!]);

    const result = await verifyBundle(readInput(v.bundle, '--bundle file'), options);
    print(result, Boolean(v.json), io, v.bundle);
    if (result.ok) return EXIT_OK;
    return result.error && isInputError(result.error.code) ? EXIT_USAGE : EXIT_DENIED;
  },
};
