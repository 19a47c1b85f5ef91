// workerd (Cloudflare's Workers runtime, the `workerd` npm package) for the edge tests: writes a
// Cap'n Proto config for one bundled Worker, starts workerd on a free loopback port and stops it.
// The Worker gets no network: its global fetch() goes to a network service that allows nothing.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const require = createRequire(import.meta.url);
/** The workerd binary itself (node_modules/.bin/workerd is a Node wrapper that would outlive a kill). */
export const WORKERD_BIN: string = require('workerd').default;
/** Oldest date whose behaviour the Workers here rely on; workerd accepts any date up to its own. */
export const COMPATIBILITY_DATE = '2025-09-01';

export interface RunningWorkerd {
  origin: string;
  /** POSTs `body` as JSON, returns the parsed answer; a non-2xx status is an error naming it. */
  post(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Writes `dir`/config.capnp serving `workerFile` (an ES module in `dir`) on a socket named "http",
 * with `textBindings` as env text bindings (file names in `dir`).
 */
export function writeWorkerdConfig(dir: string, workerFile: string, textBindings: Record<string, string> = {}): string {
  const bindings = Object.entries(textBindings).map(([name, file]) => `(name = "${name}", text = embed "${file}")`);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "offline", network = (allow = [])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "${workerFile}") ],
  bindings = [ ${bindings.join(', ')} ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  globalOutbound = "offline",
);
`;
  const path = join(dir, 'config.capnp');
  writeFileSync(path, config);
  return path;
}

/**
 * Starts `workerd serve config` with the socket "http" on 127.0.0.1 and a port the kernel picks;
 * workerd reports the port on its control fd (fd 3 here). Rejects with workerd's stderr if it exits
 * or does not listen within `timeoutMs` (loading an 8 MB Worker takes seconds on a busy machine).
 */
export async function startWorkerd(config: string, timeoutMs = 60_000): Promise<RunningWorkerd> {
  const child = spawn(WORKERD_BIN, ['serve', config, '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  let port: number;
  try {
    port = await listeningPort(child.stdio[3] as Readable, exited, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`workerd did not start: ${(e as Error).message}\n${output}`);
  }
  const origin = `http://127.0.0.1:${port}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`workerd answered ${res.status} for ${path}: ${text.slice(0, 2000)}\n${output}`);
    return JSON.parse(text);
  };
  return { origin, post, stop };
}

// The control fd carries one JSON object per line, e.g. {"event":"listen","socket":"http","port":41234}.
async function listeningPort(control: Readable, exited: Promise<unknown[]>, timeoutMs: number): Promise<number> {
  let buffered = '';
  const port = new Promise<number>((resolve) => {
    control.on('data', (chunk) => {
      buffered += chunk;
      for (const line of buffered.split('\n')) {
        const event = line.trim() ? safeJson(line) : undefined;
        if (event?.event === 'listen' && event.socket === 'http' && typeof event.port === 'number') resolve(event.port);
      }
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs);
  });
  const early = exited.then(([code, signal]) => {
    throw new Error(`workerd exited (${signal ?? code})`);
  });
  try {
    return await Promise.race([port, timeout, early as Promise<never>]);
  } finally {
    clearTimeout(timer);
  }
}

function safeJson(line: string): { event?: string; socket?: string; port?: unknown } | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
