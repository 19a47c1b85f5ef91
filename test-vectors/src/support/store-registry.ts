// A read-only npm registry on 127.0.0.1 that serves the third-party packages this workspace
// installed (pnpm's virtual store, node_modules/.pnpm), so that `npm install` in a scratch
// project runs with no network. It serves nothing else: a package the store lacks, and every
// @sigguard/* package, is a 404, as it is on the public registry today.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface StoredPackage {
  dir: string;
  manifest: Record<string, unknown> & { name: string; version: string };
}

/** Every package folder in pnpm's virtual store, by name, then version. */
function storePackages(storeDir: string): Map<string, Map<string, StoredPackage>> {
  const byName = new Map<string, Map<string, StoredPackage>>();
  const add = (dir: string) => {
    // In .pnpm/<entry>/node_modules/, the package itself is a folder; its dependencies are links.
    if (lstatSync(dir).isSymbolicLink() || !existsSync(join(dir, 'package.json'))) return;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') return;
    if (!byName.has(manifest.name)) byName.set(manifest.name, new Map());
    byName.get(manifest.name)!.set(manifest.version, { dir, manifest });
  };
  for (const entry of readdirSync(storeDir)) {
    const nm = join(storeDir, entry, 'node_modules');
    if (!existsSync(nm)) continue;
    for (const name of readdirSync(nm)) {
      if (name.startsWith('@')) for (const sub of readdirSync(join(nm, name))) add(join(nm, name, sub));
      else add(join(nm, name));
    }
  }
  return byName;
}

function newest(versions: string[]): string {
  const key = (v: string) =>
    v
      .split(/[.-]/)
      .map((p) => (/^\d+$/.test(p) ? p.padStart(8, '0') : p))
      .join('.');
  return [...versions].sort((a, b) => (key(a) < key(b) ? -1 : 1)).at(-1)!;
}

export interface StoreRegistry {
  url: string;
  /** Package names that were asked for and not found (for failure messages). */
  missing: Set<string>;
  close(): Promise<void>;
}

/** Starts the registry; tarballs are made on first request with GNU tar into `tarballDir`. */
export async function startStoreRegistry(storeDir: string, tarballDir: string): Promise<StoreRegistry> {
  const packages = storePackages(storeDir);
  const tarballs = new Map<string, Buffer>();
  const missing = new Set<string>();
  let base = '';
  const tarball = (p: StoredPackage): Buffer => {
    const key = `${p.manifest.name}@${p.manifest.version}`;
    if (!tarballs.has(key)) {
      const file = join(tarballDir, `${key.replace(/[@/]/g, '_')}.tar`);
      // npm's layout: everything under package/; the store adds no node_modules inside a package. Not
      // gzipped: npm's extraction reads plain tar too, and compressing ~40 MB here cost the run about 2 CPU-s for
      // bytes that only travel over loopback (the packed @sigguard tarballs npm installs stay gzipped).
      execFileSync('tar', [
        '-cf',
        file,
        '--exclude=./node_modules',
        '--transform',
        's,^\\.,package,',
        '-C',
        p.dir,
        '.',
      ]);
      tarballs.set(key, readFileSync(file));
    }
    return tarballs.get(key)!;
  };
  const packument = (name: string, versions: Map<string, StoredPackage>) => ({
    name,
    'dist-tags': { latest: newest([...versions.keys()]) },
    versions: Object.fromEntries(
      [...versions].map(([v, p]) => {
        const body = tarball(p);
        const dist = {
          tarball: `${base}/-/${encodeURIComponent(name)}/${v}.tgz`,
          shasum: createHash('sha1').update(body).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(body).digest('base64')}`,
        };
        return [v, { ...p.manifest, _id: `${name}@${v}`, dist }];
      }),
    ),
  });
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    const tar = /^-\/(.+)\/([^/]+)\.tgz$/.exec(path);
    const name = tar ? tar[1]! : path;
    const versions = name.startsWith('@sigguard/') || name === 'sigguard' ? undefined : packages.get(name);
    const version = tar ? versions?.get(tar[2]!) : undefined;
    if (!versions || (tar && !version)) {
      missing.add(name);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (version) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball(version));
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument(name, versions)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/`, missing, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
