// Starts Debian's docker-registry (distribution 2.8) on a free loopback port with a temporary
// config and storage directory, and stops it (only the process this helper started).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '../sigstore.ts';

export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

export function dockerRegistryAvailable(): boolean {
  return existsSync(DOCKER_REGISTRY_BIN);
}

/** Why a test that needs docker-registry skips, or false when it is installed. */
export const DOCKER_REGISTRY_SKIP: false | string = dockerRegistryAvailable()
  ? false
  : 'docker-registry is not installed (scripts/install-system-deps.sh installs it)';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningRegistry {
  host: string;
  stop(): Promise<void>;
}

export interface DockerRegistryOptions {
  /** htpasswd file contents (bcrypt): the registry then requires HTTP basic auth. */
  htpasswd?: string;
}

export async function startDockerRegistry(options: DockerRegistryOptions = {}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      'storage:',
      `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
      '  delete: { enabled: true }',
      `http: { addr: "127.0.0.1:${port}" }`,
      ...(options.htpasswd ? [`auth: { htpasswd: { realm: sigguard-test, path: ${join(dir, 'htpasswd')} } }`] : []),
      '',
    ].join('\n'),
  );
  if (options.htpasswd) writeFileSync(join(dir, 'htpasswd'), options.htpasswd);
  const child: ChildProcess = spawn(DOCKER_REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.ok || (options.htpasswd && res.status === 401)) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start on ${host}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A registry on loopback, the shared test Sigstore, and a temporary folder holding its trusted_root.json. */
export interface RegistryWithSigstore {
  registry: RunningRegistry;
  ts: TestSigstore;
  dir: string;
  trustedRoot: string;
  stop(): Promise<void>;
}

export async function startRegistryWithSigstore(folderPrefix: string): Promise<RegistryWithSigstore> {
  const registry = await startDockerRegistry();
  const ts = await sharedTestSigstore();
  const dir = mkdtempSync(join(tmpdir(), folderPrefix));
  const trustedRoot = join(dir, 'trusted_root.json');
  writeFileSync(trustedRoot, JSON.stringify(ts.trustedRoot()));
  const stop = async () => {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { registry, ts, dir, trustedRoot, stop };
}

/**
 * For one test file: a registry and the shared test Sigstore, started before its tests (then handed to
 * `started`) and stopped after them; nothing starts when docker-registry is absent.
 */
export function useRegistryWithSigstore(folderPrefix: string, started: (f: RegistryWithSigstore) => void): void {
  let fixture: RegistryWithSigstore | undefined;
  before(async () => {
    if (DOCKER_REGISTRY_SKIP) return;
    fixture = await startRegistryWithSigstore(folderPrefix);
    started(fixture);
  });
  after(() => fixture?.stop());
}
