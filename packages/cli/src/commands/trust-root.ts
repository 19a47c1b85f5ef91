// `sigguard trust-root inspect FILE|public-good|staging [--name NAME] [--json]`: loads a
// trusted_root.json or TrustRoot YAML (every source form: mirrorFS, remote TUF, sigstoreKeys),
// or one of the roots built into sigguard, and prints what was loaded: CAs with subjects and
// validity, logs with IDs and validity, TSAs.
import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import {
  inspectTrustRoot,
  publicGoodTrustRoot,
  stagingTrustRoot,
  type AuthorityInspection,
  type TrustRoot,
  type TrustRootInspection,
} from '@sigguard/trust-root';
import { defaultTufCacheDir, loadTrustRootFile, loadTrustRootsFile } from '@sigguard/trust-root/node';
import { EXIT_OK, EXIT_USAGE, parseCommandLine, UsageError, type CliIO, type Command } from '../io.ts';

const USAGE = `usage: sigguard trust-root inspect FILE|public-good|staging [--name NAME] [--json] [--no-cache]

  FILE        a trusted_root.json, or TrustRoot YAML (policy.sigstore.dev/v1alpha1, one or more documents)
  public-good the Sigstore public-good trusted root built into sigguard (the default of every command)
  staging     the Sigstore staging trusted root built into sigguard (verify-bundle --staging)
  --name      inspect only the TrustRoot with this metadata.name
  --json      print the loaded trust roots as JSON
  --no-cache  keep TUF metadata of spec.remote mirrors in memory only (default: ${'$'}XDG_CACHE_HOME/sigguard/tuf)

exit codes: 0 loaded, 2 the file could not be read or its trust material was refused`;

/** The roots built into sigguard, by the name `inspect` accepts when no such file exists. */
const BUILT_IN: Record<string, () => TrustRoot> = { 'public-good': publicGoodTrustRoot, staging: stagingTrustRoot };

/**
 * Why a file that failed to load as trust material is something else: a ClusterImagePolicy
 * (a common mix-up, both are policy.sigstore.dev YAML). Undefined when it is not one.
 */
function notATrustRoot(file: string): string | undefined {
  let kinds: unknown[];
  try {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    if (!Array.isArray(docs)) return undefined;
    const values = docs.map(
      (d) => d.toJS({ maxAliasCount: 100 }) as { kind?: unknown; items?: { kind?: unknown }[] } | null,
    );
    kinds = values.flatMap((v) =>
      v?.kind === 'List' && Array.isArray(v.items) ? v.items.map((i) => i?.kind) : [v?.kind],
    );
  } catch {
    return undefined;
  }
  if (kinds.includes('TrustRoot') || !kinds.includes('ClusterImagePolicy')) return undefined;
  return (
    `${file}: this is a ClusterImagePolicy, not trust material: give it to sigguard verify-image --policy; ` +
    'trust-root inspect reads a trusted_root.json or TrustRoot YAML'
  );
}

const window = (v: { start: string; end?: string }) => `${v.start || '(no start)'} → ${v.end ?? 'open'}`;

function printAuthorities(title: string, list: AuthorityInspection[], io: CliIO): void {
  io.out(`  ${title} (${list.length})`);
  list.forEach((a, i) => {
    const label = [a.subject, a.uri].filter(Boolean).join('  ') || '(no subject or URI)';
    io.out(`    [${i}] ${label}`);
    io.out(`        valid ${window(a.validFor)}`);
    for (const c of a.chain) {
      io.out(`        ${c.isCA ? 'CA  ' : 'leaf'} ${c.subject}`);
      io.out(`             issuer ${c.issuer}; ${c.notBefore} → ${c.notAfter}`);
    }
  });
}

function printLogs(title: string, list: TrustRootInspection['tlogs'], io: CliIO): void {
  io.out(`  ${title} (${list.length})`);
  list.forEach((l, i) => {
    io.out(`    [${i}] ${l.baseUrl || '(no URL)'}  ${l.keyDetails}`);
    io.out(`        log ID ${l.logIdHex}`);
    io.out(`        valid ${window(l.validFor)}`);
  });
}

function printHuman(t: TrustRootInspection, io: CliIO): void {
  io.out(`trust root ${t.name} (sha256 ${t.digest})`);
  io.out(`  media type ${t.mediaType}`);
  printAuthorities('certificate authorities', t.certificateAuthorities, io);
  printLogs('transparency logs', t.tlogs, io);
  printLogs('certificate transparency logs', t.ctlogs, io);
  printAuthorities('timestamp authorities', t.timestampAuthorities, io);
}

async function inspect(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommandLine(argv, {
    name: { type: 'string' },
    json: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const v = parsed.values;
  if (v.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1)
    throw new UsageError(`expected exactly one FILE, got ${parsed.positionals.length}`);
  const file = parsed.positionals[0]!;
  const options = v['no-cache'] ? {} : { cacheDir: defaultTufCacheDir() };
  let inspections: TrustRootInspection[];
  const builtIn = existsSync(file) ? undefined : BUILT_IN[file];
  try {
    if (builtIn && v.name !== undefined)
      throw new UsageError(`--name applies to files, not to the built-in ${file} root`);
    const roots = builtIn
      ? [builtIn()]
      : v.name !== undefined
        ? [await loadTrustRootFile(file, { ...options, name: v.name })]
        : [...(await loadTrustRootsFile(file, options))];
    inspections = roots.map(inspectTrustRoot);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = (e as Error).message;
    throw new UsageError(notATrustRoot(file) ?? (message.includes(file) ? message : `${file}: ${message}`));
  }
  if (v.json) io.out(JSON.stringify({ trustRoots: inspections }, null, 2));
  else inspections.forEach((t) => printHuman(t, io));
  return EXIT_OK;
}

export const trustRootCommand: Command = {
  name: 'trust-root',
  summary: 'inspect trust roots (trust-root inspect FILE|public-good|staging [--json])',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'inspect') return inspect(rest, io);
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(USAGE);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    }
    throw new UsageError(`unknown trust-root subcommand '${sub}' (the only one is inspect)`);
  },
};
