// A loopback-only static HTTP server for the browser tests: serves a fixed map of paths
// (the bundle, the runners, the case tables as JSON) and nothing else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface StaticFile {
  body: string | Uint8Array;
  type: string;
}

export interface LoopbackServer {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

export async function serveStatic(files: Map<string, StaticFile>): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Not what keeps a test's process alive: a test that fails before it closes the server (its browser went away
  // while the page opened) must still end, not hang the run.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    // The test is done with it: connections still open are closed too. server.close() alone closes only idle
    // ones and waits for the rest, and the page that holds one (a request in flight) is closed by a hook that
    // runs after this one (node:test runs `t.after` hooks in the order they were added): that wait never ended
    // once in a full run (verify-image-chromium, 600 s test timeout).
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

/**
 * Every file of the built browser bundle: the entry and its chunks (dist/chunks/, loaded by the page
 * on demand), served at `/` + their path under `dir`. `entryName` is the entry's file name.
 */
export function bundleFiles(dir: string, entryName = 'sigguard.browser.js'): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = name.split(sep).join('/');
    const ours = path.startsWith(entryName) || path.startsWith('chunks/'); // the entry, its source map, its chunks
    if (!ours || !statSync(join(dir, name)).isFile()) continue;
    files.set(`/${path}`, {
      type: TYPES[extname(path)] ?? 'application/octet-stream',
      body: readFileSync(join(dir, name)),
    });
  }
  return files;
}
