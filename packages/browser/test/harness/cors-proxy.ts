// A CORS proxy on loopback in front of a registry, as a page on another origin needs one: distribution
// 2.8's `http.headers` reach the responses of the routes it knows, but not its plain-text 404 for routes it
// does not (the OCI 1.1 referrers API), which a browser then reports as a network failure (docs/runtimes.md).
// Forwards every GET/HEAD unchanged and adds the CORS headers to every answer; answers preflights itself.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Accept, Authorization',
  'access-control-expose-headers': 'Docker-Content-Digest, WWW-Authenticate, Content-Length, Link',
};

export interface CorsProxy {
  host: string;
  close(): Promise<void>;
}

export async function startCorsProxy(target: string): Promise<CorsProxy> {
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS_HEADERS, 'access-control-max-age': '600' }).end();
      return;
    }
    const [hostname, port] = target.split(':');
    const upstream = request(
      { hostname, port: Number(port), path: req.url, method: req.method, headers: { ...req.headers, host: target } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, ...CORS_HEADERS });
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => res.writeHead(502, CORS_HEADERS).end(`proxy: ${e.message}`));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
