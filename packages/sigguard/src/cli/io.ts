import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes shared by every verifying subcommand. */
export const EXIT_OK = 0; // verified / admitted / passed
export const EXIT_DENIED = 1; // not verified / denied / failed
export const EXIT_USAGE = 2; // usage or input error

/** A usage or input problem: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (colours allowed). */
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict option parsing shared by every subcommand: an unknown option, a missing value or a
 * stray positional is a usage error (exit 2), never ignored.
 */
export function parseCommandLine<O extends OptionsConfig, P extends boolean = true>(
  argv: string[],
  options: O,
  allowPositionals: P = true as P,
) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
