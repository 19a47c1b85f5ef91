import { EXIT_OK, EXIT_USAGE, UsageError, wantsHelp, type CliIO, type Command } from './io.ts';
// Inlined by the build; read as a JSON module when run from source.
import manifest from '../package.json' with { type: 'json' };

/** `sigguard --version`: the name and version of the installed package. */
export const VERSION_LINE = `sigguard ${manifest.version}`;

interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

// Each subcommand lives in its own file under commands/; register it here. Commands load
// lazily so one invocation imports only the packages it uses (the conformance suite starts
// the CLI 140 times).
const commands: CommandEntry[] = [
  {
    name: 'verify-bundle',
    summary: 'verify a Sigstore bundle against an artifact (sigstore-conformance protocol)',
    load: async () => (await import('./commands/verify-bundle.ts')).verifyBundleCommand,
  },
  {
    name: 'verify-image',
    summary: 'verify an image against ClusterImagePolicy documents',
    load: async () => (await import('./commands/verify-image.ts')).verifyImageCommand,
  },
  {
    name: 'trust-root',
    summary: 'inspect trust roots (trust-root inspect FILE|public-good|staging [--json])',
    load: async () => (await import('./commands/trust-root.ts')).trustRootCommand,
  },
  {
    name: 'eval-predicate',
    summary: 'evaluate a CUE or Rego policy against an attestation',
    load: async () => (await import('./commands/eval-predicate.ts')).evalPredicateCommand,
  },
  {
    name: 'audit',
    summary: 'list who signed your images and flag signers no policy expects',
    load: async () => (await import('./commands/audit.ts')).auditCommand,
  },
];

function help(io: CliIO): void {
  io.out('usage: sigguard <command> [options]   (sigguard --version: the version)\n');
  io.out('commands:');
  for (const c of commands) io.out(`  ${c.name.padEnd(18)} ${c.summary}`);
  io.out('\nexit codes: 0 verified/admitted, 1 not verified/denied, 2 usage or input error');
  io.out('Decisions go to stdout, diagnostics to stderr; colours only on a terminal without NO_COLOR.');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(VERSION_LINE);
    return EXIT_OK;
  }
  // `sigguard help verify-image` = `sigguard verify-image --help`
  if (name === 'help' && rest[0] && commands.some((c) => c.name === rest[0])) return main([rest[0], '--help'], io);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : EXIT_USAGE;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`sigguard: unknown command '${name}'`);
    help(io);
    return EXIT_USAGE;
  }
  let cmd: Command | undefined;
  try {
    cmd = await entry.load();
    if (wantsHelp(rest)) {
      io.out(cmd.usage);
      return EXIT_OK;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    // Fail closed: anything unexpected is an error exit, never an "OK".
    if (e instanceof UsageError) {
      io.err(`sigguard ${entry.name}: ${e.message}`);
      // The synopsis only: the full option list would bury the message (it is one --help away).
      if (cmd) io.err(`${cmd.usage.split('\n\n')[0]}\n(sigguard ${entry.name} --help lists every option)`);
      return EXIT_USAGE;
    }
    io.err(`sigguard ${entry.name}: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT_USAGE;
  }
}
