// The sigguard CLI run in this process (as `sigguard ...` would run it), collecting its output.
// A crash is what the issue forbids: an exit code other than 0/1/2, "internal error", or a stack trace.
import { main } from '@sigguard/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Why a CLI run counts as a crash, or undefined. */
export function cliCrash(run: CliRun): string | undefined {
  if (![0, 1, 2].includes(run.code)) return `exit code ${run.code}`;
  const all = `${run.out}\n${run.err}`;
  if (/internal error/i.test(all)) return `internal error: ${all.slice(0, 400)}`;
  if (/\n\s+at .+[:(]\d+:\d+\)?/.test(all)) return `stack trace in output: ${all.slice(0, 400)}`;
  return undefined;
}
