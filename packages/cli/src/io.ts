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
  /** True when colours are allowed: stdout is a terminal and NO_COLOR is unset (see colorAllowed). */
  isTTY: boolean;
}

/**
 * Colours only on a terminal, and never when NO_COLOR is set to anything non-empty
 * (https://no-color.org), so piped, redirected and CI output has no ANSI escapes.
 */
export function colorAllowed(stdoutIsTTY: boolean | undefined, env: Record<string, string | undefined>): boolean {
  return Boolean(stdoutIsTTY) && !env.NO_COLOR;
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
    // node:util appends advice about `--` to unknown options; a typo needs only the name.
    throw new UsageError(
      (e as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, ''),
    );
  }
}

/** True when `--help` or `-h` comes before any `--` (every subcommand answers it with its usage). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a parent of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Why a file could not be read, in words, keeping the errno code for scripts: `no such file or directory (ENOENT)`. */
export function describeFileError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && FS_ERRORS[code]) return `${FS_ERRORS[code]} (${code})`;
  return code ?? (e as Error)?.message ?? String(e);
}
