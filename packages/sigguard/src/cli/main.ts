import { EXIT_USAGE, UsageError, type CliIO, type Command } from './io.ts';
import { verifyBundleCommand } from './commands/verify-bundle.ts';
import { verifyImageCommand } from './commands/verify-image.ts';
import { trustRootCommand } from './commands/trust-root.ts';
import { evalPredicateCommand } from './commands/eval-predicate.ts';

// Each subcommand lives in its own file under commands/; register it here.
const commands: Command[] = [verifyBundleCommand, verifyImageCommand, trustRootCommand, evalPredicateCommand];

function help(io: CliIO): void {
  io.out('usage: sigguard <command> [options]\n');
  io.out('commands:');
  for (const c of commands) io.out(`  ${c.name.padEnd(18)} ${c.summary}`);
  io.out('\nexit codes: 0 verified/admitted, 1 not verified/denied, 2 usage or input error');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : EXIT_USAGE;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`sigguard: unknown command '${name}'`);
    help(io);
    return EXIT_USAGE;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    // Fail closed: anything unexpected is an error exit, never an "OK".
    if (e instanceof UsageError) {
      io.err(`sigguard ${cmd.name}: ${e.message}`);
      io.err(cmd.usage);
      return EXIT_USAGE;
    }
    io.err(`sigguard ${cmd.name}: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT_USAGE;
  }
}

