// Runs the sigguard CLI as a child process, the built one (bin/sigguard.mjs and its bundle in dist/, as
// every test under packages/*/test/ uses the built packages; `npm test` rebuilds a stale dist first), and
// captures exit code and output. A start of the bundle costs about half the CPU of one from type-stripped sources.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/sigguard.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child past this (a hang then shows as code null and `timedOut`). */
  timeoutMs?: number;
  /** Report the child's peak resident set size (`maxRssKiB`). */
  measureRss?: boolean;
}

// Written by the child as it exits; stripped from stderr again.
const RSS_MARK = '\nsigguard-test-maxrss-kib=';
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write(${JSON.stringify(RSS_MARK)}+process.resourceUsage().maxRSS))`;

export type MeasuredCliResult = CliResult & { timedOut?: boolean; maxRssKiB?: number };

export function runCli(args: string[], options: CliOptions = {}): Promise<MeasuredCliResult> {
  return new Promise((resolve, reject) => {
    const hook = options.measureRss ? ['--import', RSS_HOOK] : [];
    const child = spawn(process.execPath, [...hook, BIN, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const at = stderr.lastIndexOf(RSS_MARK);
      const maxRssKiB = options.measureRss && at >= 0 ? Number(stderr.slice(at + RSS_MARK.length)) : undefined;
      if (at >= 0) stderr = stderr.slice(0, at);
      resolve({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}), ...(maxRssKiB ? { maxRssKiB } : {}) });
    });
  });
}
