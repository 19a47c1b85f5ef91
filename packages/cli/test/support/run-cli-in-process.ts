// Runs the sigguard CLI's main() in this process (same exit codes as the binary; registry.test.ts
// and run-sigguard-cli.ts spawn the real process) and captures its output lines.
import { main } from '../../src/main.ts';

export async function runCliInProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
